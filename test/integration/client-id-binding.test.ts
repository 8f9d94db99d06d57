/**
 * Issue 10 findings 3 and 4, on the tablet: the real client (src/db + src/sync, sealed IndexedDB via
 * fake-indexeddb) against the real server (temp SQLite file) over HTTP. Another writer on our client id
 * used to make the server answer our change with its result: the tablet marked it synced, and the
 * record was never stored. Now the tablet moves its outbox to a fresh client id and every record is
 * stored exactly once.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceDb } from '../../src/db/device-db';
import type { PushResponse } from '../../src/shared/protocol/messages';
import { household } from '../helpers/household-fixtures';
import { createTempStore, startTestServer, testClock, type TempStore, type TestServer } from '../helpers/server-harness';
import { httpTablet } from '../helpers/http-tablet';

let temp: TempStore;
let server: TestServer;

beforeAll(async () => {
  const clock = testClock();
  temp = await createTempStore('sqlite', clock.now);
  server = await startTestServer({ store: temp.store, clock, listen: true });
});

afterAll(async () => {
  await server?.close();
  await temp?.cleanup();
});

let tabletCounter = 0;

/** A tablet with its own IndexedDB; every request it makes is logged (path and status). */
function tablet() {
  const log: { path: string; status: number; deviceId?: string }[] = [];
  const logged: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const path = new URL(String(input)).pathname;
    let deviceId: string | undefined;
    if (typeof init?.body === 'string' && init.body.startsWith('{')) deviceId = (JSON.parse(init.body) as { deviceId?: string }).deviceId;
    log.push({ path, status: res.status, ...(deviceId ? { deviceId } : {}) });
    return res;
  };
  tabletCounter++;
  const t = httpTablet(server, { prefix: `cid${tabletCounter}-`, fetch: logged, gzipPush: false, deviceName: `binding tablet ${tabletCounter}` });
  return { ...t, log };
}

const pushes = <T extends { path: string }>(log: T[]) => log.filter((l) => l.path === '/api/sync/push');

describe('client ids on the tablet, against the real server', () => {
  it('[P8][P9] another writer used our client id: the tablet moves its outbox to a fresh id and every record is stored once', async () => {
    const { user, password } = await server.createUser({ username: 'wang_p9' });
    const t = tablet();
    const s = await t.client.loginOnline(user.username, password);
    const oldId = s.clientId;

    // Offline, the worker saves two households (seq 1 and 2 of this database).
    t.connectivity.set(false);
    const ours = [household({ n: 401 }), household({ n: 402 })];
    for (const hh of ours) await s.households.save(hh);

    // Meanwhile a copy of this tablet's profile (same account, same client id) pushed seq 1 and 2 first.
    const copy = await server.login(user.username, password, oldId);
    const theirs = [household({ n: 403 }), household({ n: 404 })];
    const first = await server.push(
      copy,
      theirs.map((hh, i) => ({ seq: i + 1, entity: 'household' as const, id: hh.id, baseVersion: 0, fields: JSON.parse(JSON.stringify(hh)), formVersion: 1, changedAt: '2026-06-20T10:00:00.000Z' })),
    );
    expect((first.json() as PushResponse).results.map((r) => r.status)).toEqual(['applied', 'applied']);

    t.connectivity.set(true);
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'synced', pending: 0, rejected: 0, error: null });
    // One refused push under the old id, then the same changes under a fresh one.
    expect(pushes(t.log).map((p) => [p.status, p.deviceId === oldId])).toEqual([
      [409, true],
      [200, false],
    ]);
    expect(s.clientId).not.toBe(oldId);
    expect(pushes(t.log)[1]!.deviceId).toBe(s.clientId);
    for (const hh of [...ours, ...theirs]) expect((await server.store.getRecord('household', hh.id))?.version).toBe(1);
    for (const hh of ours) expect(await server.store.getRecord('household', hh.id)).toMatchObject({ originClient: s.clientId, createdBy: user.id });
    expect(await server.store.getDevice(s.clientId)).toMatchObject({ userId: user.id });
    expect(await s.db.meta.get('clientId')).toEqual({ key: 'clientId', value: s.clientId });
    const refused = await server.store.listAudit({ action: 'sync.refused', limit: 10 });
    expect(refused.map((a) => a.detail)).toEqual([{ code: 'CLIENT_ID_REUSED', seq: 1, reason: 'content' }]);

    // The account remembers the new id: the next login names it, and the records stay synced.
    const moved = s.clientId;
    await t.client.logout();
    const again = await t.client.loginOnline(user.username, password);
    expect(again.clientId).toBe(moved);
    expect(t.log.filter((l) => l.path === '/api/auth/login').at(-1)?.deviceId).toBe(moved);
    // Ours synced, and the other writer's pulled like any colleague's: four households, once each.
    const listed = await again.households.list();
    expect(listed.map((h) => h.id).sort()).toEqual([...ours, ...theirs].map((h) => h.id).sort());
    expect(listed.every((h) => h.syncState === 'synced')).toBe(true);
    await t.client.logout();
  });

  it('[A4][A5][P9] a client id another account took under the release before: login and push move to a fresh id, nothing lost', async () => {
    const { user, password } = await server.createUser({ username: 'wang_a4' });
    const { user: li, password: liPassword } = await server.createUser({ username: 'li_a4' });
    const t = tablet();
    const s = await t.client.loginOnline(user.username, password);
    const oldId = s.clientId;
    t.connectivity.set(false);
    const first = household({ n: 411 });
    await s.households.save(first);

    // Today's server refuses li a login with wang's client id (the release before re-bound it to li).
    const stolen = await server.inject('POST', '/api/auth/login', { body: { username: li.username, password: liPassword, deviceId: oldId } });
    expect(stolen.statusCode).toBe(409);
    expect(stolen.json()).toMatchObject({ error: { code: 'CLIENT_ID_TAKEN' } });

    // A database upgraded from the release before may still hold that re-binding.
    const db = new Database(temp.location);
    db.prepare('UPDATE devices SET user_id = ? WHERE id = ?').run(li.id, oldId);
    db.close();

    // The open session's push under the taken id is refused; the tablet moves to a fresh id.
    t.connectivity.set(true);
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'synced', pending: 0 });
    expect(pushes(t.log).map((p) => p.status)).toEqual([409, 200]);
    expect(await server.store.getRecord('household', first.id)).toMatchObject({ version: 1, createdBy: user.id, originClient: s.clientId });

    // And a login naming a taken id (the tablet's account row still had it) logs in with a fresh one
    // and moves the outbox there before anything is pushed.
    const second = household({ n: 412 });
    t.connectivity.set(false);
    await s.households.save(second);
    await t.client.logout();
    const device = new DeviceDb(t.env);
    await device.accounts.update(user.id, { clientId: oldId });
    device.close();
    t.connectivity.set(true);
    const s2 = await t.client.loginOnline(user.username, password);
    const logins = t.log.filter((l) => l.path === '/api/auth/login');
    expect(logins.slice(-2).map((l) => [l.status, l.deviceId === oldId])).toEqual([
      [409, true],
      [200, false],
    ]);
    expect(s2.clientId).toBe(logins.at(-1)!.deviceId);
    await s2.sync.syncNow();
    expect(s2.sync.state()).toMatchObject({ phase: 'synced', pending: 0 });
    expect(await server.store.getRecord('household', second.id)).toMatchObject({ version: 1, createdBy: user.id, originClient: s2.clientId });
    expect((await server.store.getRecord('household', first.id))?.version).toBe(1);
    await t.client.logout();
  });

  it('[A4] the physical tablet id travels at login beside the per-account client id', async () => {
    const { user, password } = await server.createUser({ username: 'wang_tablet' });
    const t = tablet();
    const s = await t.client.loginOnline(user.username, password);
    const tabletId = await t.client.deviceId();
    expect(tabletId).not.toBe(s.clientId);
    expect(await server.store.getDevice(s.clientId)).toMatchObject({ userId: user.id, tabletId });
    await t.client.logout();
  });
});

