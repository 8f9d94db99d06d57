import { describe, expect, it } from 'vitest';
import { AppError } from './contracts';
import { household, idNumberFor } from '../../test/helpers/household-fixtures';
import { TEST_TOWNSHIP } from '../../test/helpers/in-process-server';
import { clientRig, type ClientRig } from '../../test/helpers/client-rig';
import { keysOf } from '../../test/helpers/keys-of';
import { diskFullAddon } from '../../test/helpers/disk-full';
import { open } from '../security/seal';
import { outboxChangeFields } from './outbox-change';
import { idCheckChar } from '../shared/rules/id-number';

async function loggedIn(given?: ClientRig, username = 'li') {
  const rig = given ?? (await clientRig());
  if (!(await rig.server.store.getUserByUsername(username))) await rig.server.addUser({ username, password: `pw-${username}` });
  const s = await rig.client.loginOnline(username, `pw-${username}`);
  return { rig, s };
}

describe('households: save, read, search', () => {
  it('[P1] a save writes the sealed record and one outbox change in one transaction', async () => {
    const { s } = await loggedIn();
    const hh = household({ n: 3 });
    const { id } = await s.households.save(hh);
    expect(id).toBe(hh.id);
    const row = await s.db.records.get(id);
    expect(row).toMatchObject({ entity: 'household', eventId: 'event-0001', placement: 'dispersed', checkedOut: 0, damageLevel: 'severe', membersCount: 3, version: 0, syncState: 'pending' });
    expect(row!.idHmacs).toHaveLength(1);
    const outbox = await s.db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ seq: 1, id, baseVersion: 0, state: 'queued', formVersion: 1 });
    expect(await s.households.get(id)).toMatchObject({ head: { name: '户主3' }, householdType: 'ordinary', needsEmergencySupport: false });
  });

  it('generates an id when the form did not', async () => {
    const { s } = await loggedIn();
    const { id: _omit, ...noId } = household();
    const { id } = await s.households.save(noId);
    expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });

  it('refuses invalid input with VALIDATION_FAILED and the issues, writing nothing', async () => {
    const { s } = await loggedIn();
    const bad = household({ membersCount: 0, head: { name: '', idNumber: '330102198001010010' } });
    const e = (await s.households.save(bad).catch((x: unknown) => x)) as AppError;
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('VALIDATION_FAILED');
    const paths = (e.details as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['membersCount', 'head.name', 'head.idNumber']));
    expect(await s.db.records.count()).toBe(0);
    expect(await s.db.outbox.count()).toBe(0);
  });

  it('one outbox entry per save, with increasing seq; an unchanged save queues nothing', async () => {
    const { s } = await loggedIn();
    const hh = household();
    await s.households.save(hh);
    await s.households.save({ ...hh, notes: '二次核实' });
    await s.households.save({ ...hh, notes: '二次核实' });
    const outbox = await s.db.outbox.toArray();
    expect(outbox.map((o) => o.seq)).toEqual([1, 2]);
    expect(outbox.map((o) => o.baseVersion)).toEqual([0, 0]);
    // The second change is cumulative against the server copy (none yet): it carries every field.
    const { dataKey } = await keysOf(s, 'pw-li');
    const [diff] = await outboxChangeFields(dataKey, [outbox[1]!]);
    expect(diff).toMatchObject({ id: hh.id, head: hh.head, notes: '二次核实' });
  });

  it.each(['cold', 'warm'] as const)('[N4][N10] lists with text search over decrypted name, village and ID number, masked IDs, and filters by event (list digest %s)', async (digest) => {
    const { s } = await loggedIn();
    await s.households.save(household({ n: 11, head: { name: '王秀英', idNumber: idNumberFor(11) }, origin: { village: '柳树村' } }));
    await s.households.save(household({ n: 12, head: { name: '李建国', idNumber: idNumberFor(12) }, origin: { village: '东湾村' }, eventId: 'event-0002' }));
    if (digest === 'warm') await s.listDigest.ready({ now: true });
    expect((await s.households.list()).map((h) => h.headName).sort()).toEqual(['李建国', '王秀英']);
    expect((await s.households.list({ text: '秀英' })).map((h) => h.headName)).toEqual(['王秀英']);
    expect((await s.households.list({ text: '东湾' })).map((h) => h.headName)).toEqual(['李建国']);
    expect((await s.households.list({ text: idNumberFor(12).slice(6, 14) })).map((h) => h.headName)).toEqual(['李建国']);
    expect((await s.households.list({ eventId: 'event-0002' })).map((h) => h.headName)).toEqual(['李建国']);
    const [item] = await s.households.list({ text: '王秀英' });
    expect(item!.headIdMasked).toBe(`${idNumberFor(11).slice(0, 4)}**********${idNumberFor(11).slice(-4)}`);
    expect(item).toMatchObject({ village: '柳树村', membersCount: 3, placement: 'dispersed', shelterSiteId: null, checkedOut: false, syncState: 'pending', rejection: null });
    // Cold, the first list waits for the digest (N1 retired: no index answers meanwhile); both are its answers.
    expect(s.listDigest.stats().answered).toBeGreaterThan(0);
  });

  it.each(['cold', 'warm'] as const)('[N10] the decrypted cache and the list digest follow changes (rev) (list digest %s)', async (digest) => {
    const { s } = await loggedIn();
    const hh = household({ head: { name: '张三', idNumber: idNumberFor(5) } });
    await s.households.save(hh);
    if (digest === 'warm') await s.listDigest.ready({ now: true });
    expect((await s.households.list())[0]!.headName).toBe('张三');
    await s.households.save({ ...hh, head: { ...hh.head, name: '张三丰' } });
    expect((await s.households.list())[0]!.headName).toBe('张三丰');
  });

  it('finds records by ID number through the keyed hash (head or member, any case)', async () => {
    const { s } = await loggedIn();
    const member = idNumberFor(99);
    const a = await s.households.save(household({ n: 21 }));
    await s.households.save(household({ n: 22, members: [{ id: 'member-0001', name: '小明', idNumber: member, sex: 'male', ageBand: '5-17' }] }));
    expect((await s.households.findByIdNumber(idNumberFor(21))).map((h) => h.id)).toEqual([a.id]);
    expect((await s.households.findByIdNumber(` ${member.toLowerCase()} `)).map((h) => h.headName)).toEqual(['户主22']);
    expect(await s.households.findByIdNumber(idNumberFor(500))).toEqual([]);
  });

  it('onChange fires after a save', async () => {
    const { s } = await loggedIn();
    let n = 0;
    s.onChange(() => n++);
    await s.households.save(household());
    expect(n).toBeGreaterThan(0);
  });
});

describe('two workers on one tablet', () => {
  it('keeps each worker in their own database: B cannot list or decrypt A’s records; logging out keeps A’s unsynced work', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'a', password: 'pw-a' });
    await rig.server.addUser({ username: 'b', password: 'pw-b', township: TEST_TOWNSHIP });
    const a = await rig.client.loginOnline('a', 'pw-a');
    rig.connectivity.set(false);
    const hh = household({ head: { name: '甲户主', idNumber: idNumberFor(1) } });
    await a.households.save(hh);
    const aDbName = a.db.name;
    await rig.client.logout();

    rig.connectivity.set(true);
    const b = await rig.client.loginOnline('b', 'pw-b');
    expect(b.db.name).not.toBe(aDbName);
    expect(await b.households.list()).toEqual([]);
    expect(await b.households.findByIdNumber(idNumberFor(1))).toEqual([]);
    expect(await b.households.get(hh.id)).toBeNull();
    expect(b.clientId).not.toBe(a.clientId);
    rig.client.lock();

    // A's row, read with B's key, does not open.
    const { UserDb } = await import('./user-db');
    const raw = new UserDb(aDbName);
    const row = await raw.records.get(hh.id);
    raw.close();
    expect(row).toBeDefined();
    const bAgain = await rig.client.unlockOffline('b', 'pw-b');
    await expect(open((await keysOf(bAgain, 'pw-b')).dataKey, hh.id, row!.sealed)).rejects.toThrow();
    rig.client.lock();

    const aAgain = await rig.client.unlockOffline('a', 'pw-a');
    expect((await aAgain.households.list()).map((h) => h.headName)).toEqual(['甲户主']);
    expect(await aAgain.db.outbox.count()).toBe(1);
  });
});

describe('storage full', () => {
  for (const wrapped of [true, false]) {
    it(`maps QuotaExceededError${wrapped ? ' inside AbortError.inner' : ''} to STORAGE_FULL and loses nothing already saved`, async () => {
      let full = false;
      const rig = await clientRig({ deps: { db: { prefix: `quota-${wrapped}-`, addons: [diskFullAddon('outbox', () => full, wrapped)] } } });
      const { s } = await loggedIn(rig);
      const first = household();
      await s.households.save(first);
      full = true;
      const second = household();
      const e = (await s.households.save(second).catch((x: unknown) => x)) as AppError;
      expect(e).toBeInstanceOf(AppError);
      expect(e.code).toBe('STORAGE_FULL');
      // all or nothing: no record without its outbox change
      expect(await s.db.records.get(second.id)).toBeUndefined();
      full = false;
      expect((await s.households.list()).map((h) => h.id)).toEqual([first.id]);
      expect(await s.db.outbox.count()).toBe(1);
      await s.households.save(second);
      expect(await s.db.outbox.count()).toBe(2);
    });
  }
});

describe('dated checks on the tablet clock (issue 12)', () => {
  it('a head born after the tablet clock’s today is refused, and saves once the clock has passed that day', async () => {
    const { rig, s } = await loggedIn();
    rig.clock.set('2025-07-01T08:00:00.000Z'); // before the birth date below, which the machine's clock is past
    const first17 = '33010620250901001';
    const hh = household({ head: { name: '新生', idNumber: first17 + idCheckChar(first17) } });
    const e = (await s.households.save(hh).catch((x: unknown) => x)) as AppError;
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('VALIDATION_FAILED');
    expect((e.details as { issues: unknown[] }).issues).toEqual([{ path: 'head.idNumber', message: 'id.futureBirthDate' }]);
    expect(await s.db.outbox.count()).toBe(0);
    rig.clock.set('2025-09-01T00:00:00.000Z'); // 08:00 on 1 September in China
    expect((await s.households.save(hh)).id).toBe(hh.id);
  });
});
