import { ANPING_LIULIN } from '../../test/fixtures/areas';
import { describe, expect, it } from 'vitest';
import { household, idNumberFor } from '../../test/helpers/household-fixtures';
import { clientRig, type ClientRig } from '../../test/helpers/client-rig';
import { keysOf } from '../../test/helpers/keys-of';
import { divergedHousehold } from '../../test/helpers/two-tabs';
import { eventFixture, siteFixture } from '../../test/helpers/reference-fixtures';
import { DEFAULT_LIMITS } from './sync-context';

async function addUsers(rig: ClientRig) {
  if (!(await rig.server.store.getUserByUsername('li'))) await rig.server.addUser({ username: 'li', password: 'pw-li' });
  if (!(await rig.server.store.getUserByUsername('wang'))) await rig.server.addUser({ username: 'wang', password: 'pw-wang' });
}

describe('pull', () => {
  it('[L1] another tablet of the township pulls the records, stores them sealed and lists them decrypted', async () => {
    const rig = await clientRig();
    await addUsers(rig);
    const a = await rig.client.loginOnline('li', 'pw-li');
    const idNumber = idNumberFor(321);
    const hh = household({ head: { name: '赵大娘', idNumber } });
    await a.households.save(hh);
    await a.sync.syncNow();

    const tablet2 = rig.anotherTablet();
    const b = await tablet2.loginOnline('wang', 'pw-wang');
    await b.sync.syncNow();
    expect((await b.households.list()).map((h) => [h.headName, h.syncState])).toEqual([['赵大娘', 'synced']]);
    expect((await b.households.findByIdNumber(idNumber)).map((h) => h.id)).toEqual([hh.id]);
    const raw = JSON.stringify(await b.db.records.toArray(), (_k, v: unknown) => (ArrayBuffer.isView(v) ? Buffer.from(v.buffer).toString('latin1') : v));
    expect(raw).not.toContain('赵大娘');
    expect(raw).not.toContain(idNumber);
  });

  it('[L3] does not pull back its own writes', async () => {
    const rig = await clientRig();
    await addUsers(rig);
    const a = await rig.client.loginOnline('li', 'pw-li');
    const hh = household();
    await a.households.save(hh);
    await a.sync.syncNow();
    const before = await a.db.records.get(hh.id);
    await a.sync.syncNow();
    expect((await a.db.records.get(hh.id))!.rev).toBe(before!.rev);
  });

  it('[L2] pages by the server cursor and stores each page with its cursor; reference data lands in clear in `reference`', async () => {
    const rig = await clientRig({ sync: { limits: { ...DEFAULT_LIMITS, pullLimit: 10 } } });
    await addUsers(rig);
    for (let i = 0; i < 25; i++) await rig.server.putReference('site', siteFixture(`site-${String(i).padStart(4, '0')}`));
    // On the real server events belong to no township (every tablet pulls them); another township's
    // reference data is its sites: that one must not arrive.
    await rig.server.putReference('event', eventFixture('event-0001', { name: '7·1 洪涝', hazard: 'flood' }));
    const elsewhere = await rig.server.putReference('site', siteFixture('site-9999', { township: ANPING_LIULIN, name: '别的乡镇' }));
    const s = await rig.client.loginOnline('li', 'pw-li');
    await s.sync.syncNow();
    const pulls = rig.net.log.filter((r) => r.path === '/api/sync/pull');
    expect(pulls).toHaveLength(3);
    expect(await s.reference.list('site')).toHaveLength(25);
    expect((await s.reference.list<{ name: string }>('site')).map((e) => e.fields.name)).not.toContain('别的乡镇');
    expect((await s.reference.list<{ name: string }>('event')).map((e) => e.fields.name)).toEqual(['7·1 洪涝']);
    expect((await s.db.meta.get('cursor'))?.value).toBe(elsewhere.serverSeq - 1);
  });

  it('[L4] a pulled record never overwrites a local record with unsynced changes; the server merges the local edit (C3) and sends the result back', async () => {
    const rig = await clientRig();
    await addUsers(rig);
    const a = await rig.client.loginOnline('li', 'pw-li');
    const hh = household({ membersCount: 3 });
    await a.households.save(hh);
    await a.sync.syncNow();

    const tablet2 = rig.anotherTablet();
    const b = await tablet2.loginOnline('wang', 'pw-wang');
    await b.sync.syncNow();
    await b.households.save({ ...(await b.households.get(hh.id))!, membersCount: 5 });
    await b.sync.syncNow();

    // A edits another field while offline, then pulls before pushing.
    await a.households.save({ ...hh, notes: '老人需轮椅' });
    const { pullChanges } = await import('./pull');
    const { createApiClient } = await import('./api-client');
    const keys = await keysOf(a, 'pw-li');
    await pullChanges({
      db: a.db, keys, api: createApiClient({ baseUrl: rig.server.baseUrl, fetch: rig.server.fetch, now: () => rig.clock.ms }), token: a.token()!, clientId: a.clientId,
      now: rig.clock.now, limits: DEFAULT_LIMITS, onProgress: () => undefined, onRecordsChanged: () => undefined,
    });
    expect(await a.households.get(hh.id)).toMatchObject({ membersCount: 3, notes: '老人需轮椅' });
    expect(await a.db.outbox.count()).toBe(1);

    await a.sync.syncNow(); // push (merged on the server), then pull the merged record
    expect((await rig.server.records())[0]).toMatchObject({ version: 3, fields: { membersCount: 5, notes: '老人需轮椅' } });
    expect(await a.households.get(hh.id)).toMatchObject({ membersCount: 5, notes: '老人需轮椅' });
    expect(await a.db.records.get(hh.id)).toMatchObject({ version: 3, syncState: 'synced' });
    await b.sync.syncNow();
    expect(await b.households.get(hh.id)).toMatchObject({ membersCount: 5, notes: '老人需轮椅' });
  });

  it('[C4] both tablets change the same field: the record is flagged conflict on the tablet, not silently overwritten', async () => {
    const rig = await clientRig();
    const { a } = await divergedHousehold(rig, { membersCount: 5 }, { membersCount: 4 });
    await a.sync.syncNow();
    const item = (await a.households.list())[0]!;
    expect(item.syncState).toBe('conflict');
    expect(item.membersCount).toBe(4); // the later change is kept provisionally (C4)
  });
});
