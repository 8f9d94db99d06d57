/**
 * Issue 10 findings 3 and 4: client ids bound to accounts, (client id, seq) bound to content.
 * Each story was reproduced against the release before: the second writer's change was answered
 * `applied` with the first writer's result and never stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change, PushResponse } from '../../src/shared/protocol/messages';
import { PROTOCOL_VERSION } from '../../src/shared/protocol/version';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  createTempStore, databaseUrl, startTestServer, testClock, type StoreKind, type TempStore, type TestServer, type TestSession,
} from '../../test/helpers/server-harness';
import { rawExec } from '../../test/helpers/legacy-store';
import { createHousehold, newId } from './fixtures';

describe.each<StoreKind>(['sqlite', 'postgres'])('client binding (%s)', (kind) => {
  let server: TestServer;
  let temp: TempStore;
  let wang: TestSession;

  beforeEach(async () => {
    const clock = testClock();
    temp = await createTempStore(kind, clock.now);
    server = await startTestServer({ store: temp.store, clock });
    wang = await server.session({ username: 'wang' });
  });
  afterEach(async () => {
    await server.close();
    await temp.cleanup();
  });

  const results = (res: { json(): unknown }) => (res.json() as PushResponse).results;
  const errorCode = (res: { json(): unknown }) => (res.json() as { error: { code: string } }).error.code;
  const pushAs = (session: TestSession, deviceId: string, changes: Change[]) =>
    server.inject('POST', '/api/sync/push', { session, body: { protocol: PROTOCOL_VERSION, deviceId, changes } });
  const loginWith = (username: string, password: string, deviceId: string) =>
    server.inject('POST', '/api/auth/login', { body: { username, password, deviceId } });

  it('[A4] a login by another account with a bound client id is refused and re-binds nothing; the owner’s change at the same seq is stored', async () => {
    const { user: li, password } = await server.createUser({ username: 'li' });
    const res = await loginWith(li.username, password, wang.deviceId);
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('CLIENT_ID_TAKEN');
    expect(await server.store.getDevice(wang.deviceId)).toMatchObject({ userId: wang.user.id });
    const refused = await server.store.listAudit({ action: 'login.refused', limit: 10 });
    expect(refused.map((a) => a.detail)).toEqual([{ reason: 'CLIENT_ID_TAKEN' }]);

    // The finding: li's change at wang's (client, 1) used to be the answer to wang's own seq 1.
    const id = newId();
    expect(results(await server.push(wang, [createHousehold(1, id)]))).toEqual([{ seq: 1, id, status: 'applied', version: 1 }]);
    expect(await server.store.getRecord('household', id)).toMatchObject({ createdBy: wang.user.id, version: 1 });
  });

  it('[A4] the owner logs in again with its client id; the physical tablet id travels as its own field', async () => {
    const again = await server.inject('POST', '/api/auth/login', {
      body: { username: 'wang', password: wang.password, deviceId: wang.deviceId, tabletId: 'tablet-0001-aaaa' },
    });
    expect(again.statusCode).toBe(200);
    expect(await server.store.getDevice(wang.deviceId)).toMatchObject({ userId: wang.user.id, tabletId: 'tablet-0001-aaaa' });
  });

  it('[A5] a push under another account’s client id is refused before anything is written', async () => {
    const li = await server.session({ username: 'li' });
    const id = newId();
    const res = await pushAs(li, wang.deviceId, [createHousehold(1, id)]);
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('CLIENT_ID_TAKEN');
    expect(await server.store.getRecord('household', id)).toBeNull();
    expect(await server.store.countAppliedChanges(wang.deviceId)).toBe(0);
  });

  it('[A5] a push under a fresh client id binds it to the account and moves the session there', async () => {
    const fresh = `client-${newId()}`;
    const id = newId();
    const res = await pushAs(wang, fresh, [createHousehold(1, id)]);
    expect(res.statusCode).toBe(200);
    expect(results(res)).toEqual([{ seq: 1, id, status: 'applied', version: 1 }]);
    expect(await server.store.getDevice(fresh)).toMatchObject({ userId: wang.user.id, revoked: false });
    const me = await server.inject('GET', '/api/auth/me', { session: wang });
    expect((me.json() as { deviceId: string }).deviceId).toBe(fresh);
    // Another account cannot log in with it now.
    const { user: li, password } = await server.createUser({ username: 'li' });
    expect(errorCode(await loginWith(li.username, password, fresh))).toBe('CLIENT_ID_TAKEN');
  });

  it('[A5] a session left on a client id another account took before the upgrade cannot push under it', async () => {
    const li = await server.session({ username: 'li' });
    // What the release before did at li's login with wang's id: the device moved to li.
    await rawExec(temp, 'UPDATE devices SET user_id = ? WHERE id = ?', [li.user.id, wang.deviceId]);
    const res = await server.push(wang, [createHousehold(1)]);
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('CLIENT_ID_TAKEN');
  });

  it('[P8] a replay with the same content gets the first result, whatever the order of its keys', async () => {
    const id = newId();
    const first = createHousehold(1, id);
    await server.push(wang, [first]);
    const reordered = Object.fromEntries(Object.entries(first.fields).reverse());
    const replay = await server.push(wang, [{ ...first, fields: reordered }]);
    expect(replay.statusCode).toBe(200);
    expect(results(replay)).toEqual([{ seq: 1, id, status: 'applied', version: 1 }]);
  });

  it('[P8] other content at a stored (client id, seq) is CLIENT_ID_REUSED and nothing of the batch is written', async () => {
    const a = newId();
    await server.push(wang, [createHousehold(1, a)]);
    const b = newId();
    const c = newId();
    const res = await server.push(wang, [createHousehold(2, c), createHousehold(1, b)]);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'CLIENT_ID_REUSED', details: { seq: 1 } } });
    expect(await server.store.getRecord('household', b)).toBeNull();
    expect(await server.store.getRecord('household', c)).toBeNull();
    expect(await server.store.countAppliedChanges(wang.deviceId)).toBe(1);
    const audit = await server.store.listAudit({ action: 'sync.refused', limit: 10 });
    expect(audit.map((e) => e.detail)).toEqual([{ code: 'CLIENT_ID_REUSED', seq: 1, reason: 'content' }]);
  });

  it('[P8] one seq twice in one batch with different content is CLIENT_ID_REUSED; the same content twice is a replay', async () => {
    const a = newId();
    const b = newId();
    const res = await server.push(wang, [createHousehold(1, a), createHousehold(1, b)]);
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('CLIENT_ID_REUSED');
    expect(await server.store.getRecord('household', a)).toBeNull();
    const same = createHousehold(2, a);
    const twice = await server.push(wang, [same, same]);
    expect(results(twice)).toEqual([
      { seq: 2, id: a, status: 'applied', version: 1 },
      { seq: 2, id: a, status: 'applied', version: 1 },
    ]);
  });

  it('[P8] a mark another account wrote under this client id (a re-binding of the release before) is never our answer', async () => {
    const li = await server.session({ username: 'li' });
    const first = createHousehold(1);
    // li pushed seq 1 under wang's id while the device was re-bound to li; migration 003 named li its owner.
    await server.store.transaction((tx) =>
      tx.recordApplied(wang.deviceId, 1, { seq: 1, id: first.id, status: 'applied', version: 1 }, server.clock.now().toISOString(), { userId: li.user.id, contentHash: null }),
    );
    const res = await server.push(wang, [createHousehold(1)]);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'CLIENT_ID_REUSED', details: { seq: 1 } } });
    const audit = await server.store.listAudit({ action: 'sync.refused', limit: 10 });
    expect(audit.map((e) => e.detail)).toEqual([{ code: 'CLIENT_ID_REUSED', seq: 1, reason: 'account' }]);
  });

  it('[P8] a mark written before the upgrade (no owner, no hash) counts as matching', async () => {
    const id = newId();
    await server.store.transaction((tx) => tx.recordApplied(wang.deviceId, 1, { seq: 1, id, status: 'applied', version: 1 }, server.clock.now().toISOString()));
    const res = await server.push(wang, [createHousehold(1, newId())]);
    expect(res.statusCode).toBe(200);
    expect(results(res)).toEqual([{ seq: 1, id, status: 'applied', version: 1 }]);
  });

  it('[P8][P9] the tablet moves its changes to a fresh client id and sends them again: each record stored once', async () => {
    // Another writer (a copied profile) used wang's client id first, at seqs 1 and 2.
    const theirs = [createHousehold(1), createHousehold(2)];
    await server.push(wang, theirs);
    const ours = [createHousehold(1, newId(), { notes: '我们的' }), createHousehold(2, newId()), createHousehold(3, newId())];
    // One of ours (seq 3) was already applied under the old id before the clash was seen (a lost reply).
    expect(results(await server.push(wang, [ours[2]!]))[0]).toMatchObject({ status: 'applied' });
    expect(errorCode(await server.push(wang, ours))).toBe('CLIENT_ID_REUSED');
    const fresh = `client-${newId()}`;
    const moved = await pushAs(wang, fresh, ours);
    expect(moved.statusCode).toBe(200);
    expect(results(moved).map((r) => r.status)).toEqual(['applied', 'applied', 'merged']);
    for (const c of [...theirs, ...ours]) expect((await server.store.getRecord('household', c.id))?.version).toBe(1);
    expect((await server.store.getRecord('household', ours[0]!.id))?.fields.notes).toBe('我们的');
    // And the old id stays usable for a replay of what was stored under it.
    expect(results(await server.push(wang, [theirs[0]!]))[0]).toMatchObject({ status: 'applied', id: theirs[0]!.id });
  });
});

