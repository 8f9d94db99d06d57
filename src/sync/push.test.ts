import { describe, expect, it } from 'vitest';
import { MAX_CHANGES_PER_BATCH, MAX_PUSH_BYTES } from '../shared/protocol/messages';
import { household } from '../../test/helpers/household-fixtures';
import { breakNotes, clientRig, type ClientRig } from '../../test/helpers/client-rig';
import { keysOf } from '../../test/helpers/keys-of';
import { open } from '../security/seal';
import type { Fields } from '../db/record-fields';
import type { RecordRow } from '../db/user-db';
import type { SyncApi } from './api-client';
import { applyPushResults, nextBatch } from './push';
import { DEFAULT_LIMITS, type SyncContext } from './sync-context';

async function session(rig: ClientRig, username = 'li') {
  if (!(await rig.server.store.getUserByUsername(username))) await rig.server.addUser({ username, password: `pw-${username}` });
  return rig.client.loginOnline(username, `pw-${username}`);
}

const pushes = (rig: ClientRig) => rig.net.log.filter((r) => r.path === '/api/sync/push');

describe('push', () => {
  it('[P16] asks for results by seq and maps the answer without record ids', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    rig.connectivity.set(false);
    const a = await s.households.save(household());
    const b = await s.households.save(household());
    rig.connectivity.set(true);
    let asked: string | null = null;
    rig.net.once('POST /api/sync/push', { kind: 'observe', observe: (r) => (asked = r.headers.get('x-tidemark-results')) });
    await s.sync.syncNow();
    expect(asked).toBe('seq');
    // The server's answer named the changes by seq alone; the tablet marked both synced from it.
    expect(await s.db.outbox.count()).toBe(0);
    expect(await s.db.records.bulkGet([a.id, b.id])).toMatchObject([{ version: 1, syncState: 'synced' }, { version: 1, syncState: 'synced' }]);
  });

  it('[P1][P6] saves offline, pushes oldest first once online, marks synced only on the server’s answer', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    rig.connectivity.set(false);
    const a = await s.households.save(household());
    const b = await s.households.save(household());
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'offline', pending: 2 });
    expect(pushes(rig)).toHaveLength(0);
    rig.connectivity.set(true);
    await s.sync.syncNow();
    expect(pushes(rig)).toHaveLength(1);
    expect((await rig.server.records()).map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(await s.db.outbox.count()).toBe(0);
    expect((await s.households.list()).every((h) => h.syncState === 'synced')).toBe(true);
    expect(await s.db.records.get(a.id)).toMatchObject({ version: 1, syncState: 'synced' });
    expect(s.sync.state()).toMatchObject({ phase: 'synced', pending: 0, rejected: 0, oldestPendingAt: null, error: null });
  });

  it('[P2] a lost reply changes nothing: the replay gets the first result and the server has each record once', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    const hh = household();
    await s.households.save(hh);
    rig.net.once((r) => r.path === '/api/sync/push', { kind: 'lose-reply' });
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'error', error: { code: 'NETWORK' }, pending: 1 });
    expect((await rig.server.records())).toHaveLength(1); // the server did apply it
    await s.sync.syncNow();
    expect((await rig.server.records())).toHaveLength(1);
    expect((await rig.server.records())[0]!.version).toBe(1);
    expect(await s.db.outbox.count()).toBe(0);
    expect(await s.db.records.get(hh.id)).toMatchObject({ version: 1, syncState: 'synced' });
  });

  it('[P5][P6] a rejected change is flagged with its code and issues, leaves the queue, and never blocks the others', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    const bad = household({ notes: 'server-says-no' });
    // The fake server took a made-up rule here; the real server rejects a change that breaks the shared schema.
    breakNotes(rig, 'server-says-no');
    await s.households.save(bad);
    const good = await s.households.save(household());
    await s.sync.syncNow();
    expect((await rig.server.records()).map((r) => r.id)).toEqual([good.id]);
    const [flagged] = (await s.households.list()).filter((h) => h.id === bad.id);
    expect(flagged).toMatchObject({ syncState: 'rejected', rejection: { code: 'CHANGE_INVALID', issues: [{ path: 'membersCount' }] } });
    expect(s.sync.state()).toMatchObject({ phase: 'synced', pending: 0, rejected: 1 });
    // Later saves of other records still go through; the rejected one is not sent again.
    await s.households.save(household());
    await s.sync.syncNow();
    expect((await rig.server.records())).toHaveLength(2);
    const lastPush = pushes(rig).at(-1)!;
    expect(lastPush.changes).toBe(1);
    // The worker corrects it: a new change with a new seq; the record syncs.
    await s.households.save({ ...bad, notes: '已更正' });
    expect(s.sync.state().rejected).toBe(1);
    await s.sync.syncNow();
    expect((await rig.server.records())).toHaveLength(3);
    expect((await s.households.list()).find((h) => h.id === bad.id)).toMatchObject({ syncState: 'synced', rejection: null });
    expect(s.sync.state()).toMatchObject({ pending: 0, rejected: 0 });
  });

  it('[P3] batches hold at most maxChanges and maxBytes; the defaults stay under the protocol limits', async () => {
    expect(DEFAULT_LIMITS.maxChanges).toBe(MAX_CHANGES_PER_BATCH);
    expect(DEFAULT_LIMITS.maxBytes).toBeLessThan(MAX_PUSH_BYTES);
    const rig = await clientRig({ sync: { limits: { ...DEFAULT_LIMITS, maxChanges: 4 } } });
    const s = await session(rig);
    for (let i = 0; i < 10; i++) await s.households.save(household());
    await s.sync.syncNow();
    expect(pushes(rig).map((p) => p.changes)).toEqual([4, 4, 2]);
    expect(pushes(rig).filter((p) => p.gzip)).toHaveLength(3); // [P7] bodies over 1 KiB travel gzip-compressed

    const rig2 = await clientRig({ sync: { limits: { ...DEFAULT_LIMITS, maxBytes: 1500 } } });
    const s2 = await session(rig2);
    for (let i = 0; i < 5; i++) await s2.households.save(household());
    await s2.sync.syncNow();
    expect(pushes(rig2).every((p) => p.bytes <= 1500)).toBe(true);
    expect(pushes(rig2).length).toBeGreaterThan(1);
    expect((await rig2.server.records())).toHaveLength(5);
  });

  it('[P3] on 413 halves the batch and tries again until it fits', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    for (let i = 0; i < 8; i++) await s.households.save(household());
    rig.net.maxBodyBytes = 1400; // about two changes
    await s.sync.syncNow();
    const statuses = pushes(rig).map((p) => p.status === 413 ? 'too-large' : p.changes);
    expect(statuses.slice(0, 3)).toEqual(['too-large', 'too-large', 2]);
    expect((await rig.server.records())).toHaveLength(8);
    expect(s.sync.state()).toMatchObject({ phase: 'synced', pending: 0 });
  });

  it('[P3] a single change too large for any request is flagged PAYLOAD_TOO_LARGE instead of blocking the queue', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    const huge = await s.households.save(household({ notes: '很长的备注'.repeat(190) }));
    const small = await s.households.save(household());
    rig.net.maxBodyBytes = 900;
    await s.sync.syncNow();
    expect((await rig.server.records()).map((r) => r.id)).toEqual([small.id]);
    expect((await s.households.list()).find((h) => h.id === huge.id)).toMatchObject({ syncState: 'rejected', rejection: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('[P1][C2] several saves of one record before a sync travel as one change — the latest, which carries the others', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    const hh = household();
    await s.households.save(hh);
    await s.households.save({ ...hh, notes: '补充说明' });
    await s.households.save({ ...hh, notes: '补充说明 2', membersCount: 4 });
    const other = await s.households.save(household());
    expect(await s.db.outbox.count()).toBe(4);
    await s.sync.syncNow();
    expect(pushes(rig).map((p) => p.changes)).toEqual([2]);
    const server = (await rig.server.records()).find((r) => r.id === hh.id);
    expect(server).toMatchObject({ version: 1, fields: { notes: '补充说明 2', membersCount: 4 } });
    expect((await rig.server.records()).map((r) => r.id).sort()).toEqual([hh.id, other.id].sort());
    expect(await s.db.outbox.count()).toBe(0);
    expect(await s.db.records.get(hh.id)).toMatchObject({ version: 1, syncState: 'synced' });
    expect(s.sync.state()).toMatchObject({ pending: 0 });
  });

  it('[C2] a save made after a sync is sent on the version the server gave — no self-conflict', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    const hh = household();
    await s.households.save(hh);
    await s.sync.syncNow();
    await s.households.save({ ...hh, notes: '补充说明' });
    await s.households.save({ ...hh, notes: '补充说明 2', membersCount: 4 });
    await s.sync.syncNow();
    expect(pushes(rig).map((p) => p.changes)).toEqual([1, 1]);
    const [server] = (await rig.server.records());
    expect(server).toMatchObject({ version: 2, fields: { notes: '补充说明 2', membersCount: 4 } });
    expect(await s.db.records.get(hh.id)).toMatchObject({ version: 2, syncState: 'synced' });
  });

  it('[O3] after applied, a record saved no later holds its ciphertext once (server copy = the record’s own); one saved meanwhile keeps the snapshot apart', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    const keys = await keysOf(s, 'pw-li');
    const a = household({ notes: '初次' });
    const b = household();
    await s.households.save(a);
    await s.households.save(b);
    const ctx: SyncContext = {
      db: s.db, keys, api: {} as SyncApi, token: 't', clientId: 'client-1', now: () => new Date(), limits: DEFAULT_LIMITS,
      onProgress: () => undefined, onRecordsChanged: () => undefined,
    };
    const k = (await nextBatch(ctx, 2))!;
    // While the batch is in flight the worker saves `a` again: its server copy must stay the snapshot as sent.
    await s.households.save({ ...a, notes: '二次' });
    await applyPushResults(ctx, k.rows, k.rows.map((r) => ({ seq: r.seq, status: 'applied' as const, version: 1 })), k.superseded);
    const [ra, rb] = (await s.db.records.bulkGet([a.id, b.id])) as RecordRow[];
    // `b` was not saved again: its server copy is the record's own ciphertext, the same object in the stored row,
    // so IndexedDB's structured clone writes the bytes once (as the pull writes its rows), not a second copy.
    expect(rb!.sealedServer).toBe(rb!.sealed);
    expect(rb!.sealedServer!.ct).toEqual(k.rows[1]!.sealedSnapshot.ct);
    expect(ra!.sealedServer).not.toBe(ra!.sealed);
    expect(ra!.sealedServer!.ct).toEqual(k.rows[0]!.sealedSnapshot.ct);
    expect((await open<Fields>(keys.dataKey, a.id, ra!.sealedServer!)).notes).toBe('初次');
    expect((await open<Fields>(keys.dataKey, a.id, ra!.sealed)).notes).toBe('二次');
  });

  it('[C3] a cleared field travels as null and is removed on the server', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    const hh = household({ notes: '临时' });
    await s.households.save(hh);
    await s.sync.syncNow();
    const { notes: _drop, ...cleared } = hh;
    await s.households.save(cleared);
    await s.sync.syncNow();
    expect((await rig.server.records())[0]!.fields).not.toHaveProperty('notes');
    expect(await s.households.get(hh.id)).not.toHaveProperty('notes');
  });
});
