import { describe, expect, it } from 'vitest';
import { AppError } from './contracts';
import { household } from '../../test/helpers/household-fixtures';
import { TEST_TOWNSHIP } from '../../test/helpers/in-process-server';
import { clientRig } from '../../test/helpers/client-rig';

async function rejectsWith(p: Promise<unknown>, code: string): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  return e as AppError;
}

describe('online login and offline unlock', () => {
  it('[A1] logs in online, then unlocks offline with the right password only', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    expect(s.user.username).toBe('li');
    expect(s.online()).toBe(true);
    rig.client.lock();
    expect(rig.client.current()).toBeNull();
    rig.connectivity.set(false);
    const e = await rejectsWith(rig.client.unlockOffline('li', 'nope'), 'UNLOCK_FAILED');
    expect(e.details).toEqual({ attemptsLeft: 4 });
    const again = await rig.client.unlockOffline('LI', 'pw-li');
    expect(again.user.id).toBe(s.user.id);
    expect(await rig.client.knownAccounts()).toMatchObject([{ username: 'li', township: TEST_TOWNSHIP }]);
  });

  it('refuses a wrong online password with the server code, and an unknown account offline', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    await rejectsWith(rig.client.loginOnline('li', 'bad'), 'BAD_CREDENTIALS');
    await rejectsWith(rig.client.unlockOffline('li', 'pw-li'), 'NO_OFFLINE_ACCOUNT');
  });

  it('5 wrong offline passwords wipe the key material (UNLOCK_WIPED); an online login brings back everything, unsynced records included', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    rig.connectivity.set(false);
    const saved = await s.households.save(household({ n: 1 }));
    const saved2 = await s.households.save(household({ n: 2 }));
    expect(await s.db.outbox.count()).toBe(2);
    rig.client.lock();

    for (let i = 1; i <= 4; i++) {
      const e = await rejectsWith(rig.client.unlockOffline('li', `guess-${i}`), 'UNLOCK_FAILED');
      expect(e.details).toEqual({ attemptsLeft: 5 - i });
    }
    await rejectsWith(rig.client.unlockOffline('li', 'guess-5'), 'UNLOCK_WIPED');
    // Even the right password no longer opens anything offline.
    await rejectsWith(rig.client.unlockOffline('li', 'pw-li'), 'UNLOCK_WIPED');

    rig.connectivity.set(true);
    const back = await rig.client.loginOnline('li', 'pw-li');
    expect((await back.households.list()).map((h) => h.id).sort()).toEqual([saved.id, saved2.id].sort());
    expect((await back.households.get(saved.id))?.head.name).toBe('户主1');
    expect(await back.db.outbox.count()).toBe(2); // still queued: nothing was lost or sent twice
    await back.sync.syncNow();
    expect((await rig.server.records())).toHaveLength(2);
    // and offline unlock works again afterwards
    rig.client.lock();
    rig.connectivity.set(false);
    await rig.client.unlockOffline('li', 'pw-li');
  });

  it('a successful unlock resets the attempt counter', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    await rig.client.loginOnline('li', 'pw-li');
    rig.client.lock();
    for (let i = 0; i < 4; i++) await rejectsWith(rig.client.unlockOffline('li', 'x'), 'UNLOCK_FAILED');
    await rig.client.unlockOffline('li', 'pw-li');
    rig.client.lock();
    const e = await rejectsWith(rig.client.unlockOffline('li', 'x'), 'UNLOCK_FAILED');
    expect(e.details).toEqual({ attemptsLeft: 4 });
  });

  it('offline use ends offlineDays after the last online login (OFFLINE_EXPIRED); winding the clock back does not help', async () => {
    const rig = await clientRig({ config: { offlineDays: 7 } });
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    await rig.client.loginOnline('li', 'pw-li');
    rig.client.lock();
    rig.clock.advance(6 * 86_400_000);
    await rig.client.unlockOffline('li', 'pw-li');
    rig.client.lock();
    rig.clock.advance(2 * 86_400_000);
    await rejectsWith(rig.client.unlockOffline('li', 'pw-li'), 'OFFLINE_EXPIRED');
    rig.clock.advance(-5 * 86_400_000); // back to day 3: the tablet already saw day 6
    await rejectsWith(rig.client.unlockOffline('li', 'pw-li'), 'OFFLINE_EXPIRED');
    rig.clock.advance(5 * 86_400_000);
    await rig.client.loginOnline('li', 'pw-li');
  });

  it('an offline unlock with an expired session token can still work locally but cannot sync', async () => {
    const rig = await clientRig({ config: { sessionHours: 1 } });
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    await rig.client.loginOnline('li', 'pw-li');
    rig.client.lock();
    rig.clock.advance(2 * 3_600_000);
    const s = await rig.client.unlockOffline('li', 'pw-li');
    expect(s.online()).toBe(false);
    await s.households.save(household());
    await s.sync.syncNow();
    // The worker reads why: 登录已过期 (the session this tablet held ran out), not a bare "log in".
    expect(s.sync.state()).toMatchObject({ phase: 'error', error: { code: 'SESSION_EXPIRED' }, pending: 1 });
    expect(rig.net.log.filter((r) => r.path === '/api/sync/push')).toEqual([]);
  });

  it('logout forgets the session token but deletes no record', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    rig.connectivity.set(false);
    await s.households.save(household());
    await rig.client.logout();
    expect(rig.client.current()).toBeNull();
    await expect(s.households.list()).rejects.toMatchObject({ code: 'LOCKED' });
    const again = await rig.client.unlockOffline('li', 'pw-li');
    expect(again.online()).toBe(false);
    expect(await again.households.list()).toHaveLength(1);
  });

  it('stores no session token, name or ID number in clear in the device database', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    const hh = household({ n: 42 });
    await s.households.save(hh);
    const token = s.token()!;
    const dump = JSON.stringify(await s.db.records.toArray(), (_k, v: unknown) => (ArrayBuffer.isView(v) ? Buffer.from(v.buffer).toString('latin1') : v));
    expect(dump).not.toContain(hh.head.name);
    expect(dump).not.toContain(hh.head.idNumber);
    const { DeviceDb } = await import('./device-db');
    void DeviceDb;
    const accounts = await (rig.client as unknown as { knownAccounts(): Promise<unknown> }).knownAccounts();
    expect(JSON.stringify(accounts)).not.toContain(token);
  });
});

describe('client ids', () => {
  it('[P2] a worker database lost on its own (evicted) restarts under a new client id, so new changes are never taken for replays', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    const first = await s.households.save(household());
    await s.sync.syncNow();
    const oldClientId = s.clientId;
    const dbName = s.db.name;
    rig.client.lock();
    await rig.client.settled();
    const { default: Dexie } = await import('dexie');
    await Dexie.delete(dbName);

    const again = await rig.client.loginOnline('li', 'pw-li');
    expect(again.clientId).not.toBe(oldClientId);
    const second = await again.households.save(household()); // seq 1 again, in the new database
    expect((await again.db.outbox.toArray())[0]!.seq).toBe(1);
    await again.sync.syncNow();
    expect((await rig.server.records()).map((r) => r.id).sort()).toEqual([first.id, second.id].sort());
    expect(again.sync.state()).toMatchObject({ pending: 0, error: null });
  });
});
