import { describe, expect, it, vi } from 'vitest';
import type { SyncState } from '../db/contracts';
import { household } from '../../test/helpers/household-fixtures';
import { clientRig, type ClientRig } from '../../test/helpers/client-rig';
import { TEST_TOWNSHIP } from '../../test/helpers/in-process-server';

async function session(rig: ClientRig) {
  if (!(await rig.server.store.getUserByUsername('li'))) await rig.server.addUser({ username: 'li', password: 'pw-li' });
  return rig.client.loginOnline('li', 'pw-li');
}

/** Lets promise chains started by timers run (fake-indexeddb schedules with setImmediate). */
async function settle(s: { sync: { state(): SyncState } }, until: (st: SyncState) => boolean = (st) => st.phase !== 'syncing') {
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => setTimeout(r, 0));
    if (until(s.sync.state())) return;
  }
  throw new Error(`state never settled: ${JSON.stringify(s.sync.state())}`);
}

const pushCount = (rig: ClientRig) => rig.net.log.filter((r) => r.path === '/api/sync/push').length;

describe('sync engine', () => {
  it('a burst of saves reads the counts once at its start and once after it, not after every save (issue 18)', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    rig.connectivity.set(false);
    await s.households.save(household());
    await vi.waitFor(() => expect(s.sync.state().pending).toBe(1)); // a single save is counted at once
    // outboxStats reads the attachments once per count; nothing else does while offline.
    const reads = vi.spyOn(s.db.attachments, 'where');
    for (let i = 0; i < 20; i++) await s.households.save(household());
    await vi.waitFor(() => expect(s.sync.state().pending).toBe(21), { timeout: 3000 });
    expect(reads.mock.calls.length).toBeGreaterThan(0);
    expect(reads.mock.calls.length).toBeLessThan(20);
  });

  it('[E2] honours Retry-After on 429 / 503: no request before it, one after', async () => {
    const rig = await clientRig({ random: () => 0, sync: { autoSync: true } });
    const s = await session(rig);
    await settle(s, (st) => st.phase === 'synced');
    await s.households.save(household());
    rig.net.once('POST /api/sync/push', { kind: 'status', code: 'RATE_LIMITED', retryAfterSeconds: 120 });
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'error', error: { code: 'RATE_LIMITED' }, pending: 1, nextRetryAt: new Date(rig.clock.ms + 120_000).toISOString() });
    expect(rig.timers.nextDelay()).toBe(120_000);
    rig.timers.advance(119_000);
    expect(pushCount(rig)).toBe(1);
    rig.timers.advance(1_000);
    await settle(s, (st) => st.phase === 'synced');
    expect(pushCount(rig)).toBe(2);
    expect(s.sync.state()).toMatchObject({ pending: 0, error: null });

    await s.households.save(household());
    rig.net.once('POST /api/sync/push', { kind: 'status', code: 'OVERLOADED', retryAfterSeconds: 30 });
    await s.sync.syncNow();
    expect(s.sync.state().error?.code).toBe('OVERLOADED');
    expect(rig.timers.nextDelay()).toBe(30_000);
  });

  it('[E3] retries with exponential back-off and full jitter from 5 s to 5 min, and resets after a success', async () => {
    const rig = await clientRig({ random: () => 0.999, sync: { autoSync: true } });
    const s = await session(rig);
    await settle(s, (st) => st.phase === 'synced');
    await s.households.save(household());
    const failing = () => rig.net.once('POST /api/sync/push', { kind: 'status', code: 'INTERNAL' });
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      failing();
      if (i === 0) await s.sync.syncNow();
      else {
        rig.timers.advance(rig.timers.nextDelay()!);
        await settle(s, (st) => st.phase === 'error' && rig.timers.nextDelay() !== null);
      }
      delays.push(rig.timers.nextDelay()!);
    }
    expect(delays.map((d) => Math.round(d / 1000))).toEqual([5, 10, 20, 40, 80, 160, 300, 300, 300]);
    expect(s.sync.state().pending).toBe(1); // the queue is kept through every failure
    rig.timers.advance(rig.timers.nextDelay()!);
    await settle(s, (st) => st.phase === 'synced');
    expect(rig.timers.nextDelay()).toBe(5 * 60_000); // back to the periodic sync
  });

  it('[E3] syncs at once when the network comes back, and shows offline meanwhile', async () => {
    const rig = await clientRig({ sync: { autoSync: true } });
    const s = await session(rig);
    await settle(s, (st) => st.phase === 'synced');
    rig.connectivity.set(false);
    await s.households.save(household());
    await s.sync.syncNow();
    expect(s.sync.state().phase).toBe('offline');
    expect(pushCount(rig)).toBe(0);
    rig.connectivity.set(true);
    await settle(s, (st) => st.phase === 'synced');
    expect(pushCount(rig)).toBe(1);
  });

  it('[A1] 401 keeps the queue, reports SESSION_EXPIRED, does not retry by itself; an online login pushes the queue', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    await s.households.save(household());
    // The session's time runs out before the push arrives: the real server answers SESSION_EXPIRED.
    rig.net.once('POST /api/sync/push', { kind: 'before', before: rig.expireSessions });
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'error', error: { code: 'SESSION_EXPIRED' }, pending: 1, nextRetryAt: null });
    expect(rig.timers.nextDelay()).toBeNull();
    expect(s.online()).toBe(false);
    const again = await rig.client.loginOnline('li', 'pw-li');
    await again.sync.syncNow();
    expect(again.sync.state()).toMatchObject({ phase: 'synced', pending: 0 });
    expect((await rig.server.records())).toHaveLength(1);
  });

  it('[V1][V3] sends the protocol version; 426 keeps the queue and asks for an update, without retrying', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    await s.households.save(household());
    let pushedProtocol: unknown = null;
    let pullHeader: string | null = null;
    // The tablet's protocol is read, then replaced by one the real server does not speak: it answers 426.
    rig.net.once('POST /api/sync/push', {
      kind: 'rewrite',
      rewrite: (b) => {
        pushedProtocol = (b as { protocol: number }).protocol;
        return { ...(b as object), protocol: 99 };
      },
    });
    await s.sync.syncNow();
    expect(pushedProtocol).toBe(2);
    expect(s.sync.state()).toMatchObject({ phase: 'error', error: { code: 'PROTOCOL_UNSUPPORTED' }, pending: 1, nextRetryAt: null });
    expect(rig.timers.nextDelay()).toBeNull();
    rig.net.once('GET /api/sync/pull', { kind: 'observe', observe: (r) => (pullHeader = r.headers.get('x-tidemark-protocol')) });
    await s.sync.syncNow();
    expect(pullHeader).toBe('2');
  });

  it('reports pending, oldestPendingAt and push progress in changes and bytes', async () => {
    const rig = await clientRig({ sync: { limits: { maxChanges: 2, maxBytes: 1_500_000, pullLimit: 1000 } } });
    const s = await session(rig);
    rig.connectivity.set(false);
    const firstAt = rig.clock.now().toISOString();
    await s.households.save(household());
    rig.clock.advance(60_000);
    await s.households.save(household());
    await s.households.save(household());
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'offline', pending: 3, oldestPendingAt: firstAt });
    const seen: SyncState[] = [];
    s.sync.subscribe((st) => seen.push(st));
    rig.connectivity.set(true);
    await s.sync.syncNow();
    const progress = seen.map((st) => st.progress).filter((p) => p !== null);
    expect([...new Set(progress.map((p) => p!.sentChanges))]).toEqual([0, 2, 3]);
    expect(progress.every((p) => p!.totalChanges === 3 && p!.totalBytes > 0)).toBe(true);
    expect(progress.at(-1)!.sentBytes).toBeGreaterThan(0);
    expect(s.sync.state()).toMatchObject({ pending: 0, oldestPendingAt: null, progress: null });
  });

  it('one run at a time: a syncNow during a run queues exactly one more', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    await s.households.save(household());
    const before = rig.net.log.length;
    await Promise.all([s.sync.syncNow(), s.sync.syncNow(), s.sync.syncNow()]);
    const pulls = rig.net.log.slice(before).filter((r) => r.path === '/api/sync/pull').length;
    expect(pulls).toBe(2);
  });

  it('with autoSync: pushes shortly after a save, then syncs periodically', async () => {
    const rig = await clientRig({ sync: { autoSync: true } });
    const s = await session(rig);
    await settle(s, (st) => st.phase === 'synced');
    await s.households.save(household());
    expect(rig.timers.nextDelay()).toBe(2_000);
    rig.timers.advance(2_000);
    await settle(s, (st) => st.phase === 'synced' && st.pending === 0);
    expect((await rig.server.records())).toHaveLength(1);
    expect(rig.timers.nextDelay()).toBe(5 * 60_000);
  });

  it('[T1][T2] uploads only the attachments the server lacks, after the records; a failing upload never blocks records', async () => {
    const rig = await clientRig({ random: () => 0, sync: { autoSync: true } });
    const s = await session(rig);
    await settle(s, (st) => st.phase === 'synced');
    const hh = await s.households.save(household());
    const photo = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const { sha256 } = await s.attachments.add(hh.id, photo, 'image/jpeg');
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    rig.net.once((r) => r.method === 'PUT', { kind: 'status', code: 'INTERNAL' });
    await s.sync.syncNow();
    expect((await rig.server.records())).toHaveLength(1);
    expect(s.sync.state()).toMatchObject({ phase: 'synced', pending: 0, pendingAttachments: 1 });
    expect(rig.timers.nextDelay()).toBe(5_000);
    await s.sync.syncNow();
    expect(Array.from((await rig.server.store.getAttachment(TEST_TOWNSHIP, sha256))!.bytes)).toEqual(Array.from(photo));
    expect(s.sync.state().pendingAttachments).toBe(0);
    // Records first, then which photos are missing, then only those (T1, T2).
    const paths = rig.net.log.map((r) => `${r.method} ${r.path.replace(sha256, ':sha')}`);
    expect(paths.slice(-3)).toEqual(['GET /api/sync/pull', 'POST /api/attachments/missing', 'PUT /api/attachments/:sha']);
    expect(paths.filter((p) => p.startsWith('PUT')).length).toBe(2);
    // A photo the server already has is not uploaded again.
    const same = await s.attachments.add(hh.id, photo, 'image/jpeg');
    expect(same.sha256).toBe(sha256);
    await s.sync.syncNow();
    expect(rig.net.log.filter((r) => r.method === 'PUT')).toHaveLength(2);
    expect(await s.attachments.get(sha256)).toMatchObject({ contentType: 'image/jpeg' });
  });
});
