import { describe, expect, it } from 'vitest';
import type { SyncState } from '../db/contracts';
import { household } from '../../test/helpers/household-fixtures';
import { clientRig, type ClientRig } from '../../test/helpers/client-rig';

/** Lets promise chains started by the engine and the reporter run (fake-indexeddb schedules with setImmediate). */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let v = await read();
  for (let i = 0; i < 300 && !ok(v); i++) {
    await new Promise((r) => setTimeout(r, 0));
    v = await read();
  }
  if (!ok(v)) throw new Error(`never reached: ${JSON.stringify(v)}`);
  return v;
}

const storage = { persisted: async () => false, estimate: async () => ({ usage: 820_000_000, quota: 1_000_000_000 }) };

async function tablet(rig: ClientRig) {
  await rig.server.addUser({ username: 'zhou', password: 'pw-zhou', displayName: '周五' });
  const s = await rig.client.loginOnline('zhou', 'pw-zhou');
  const reports = async () => rig.server.store.listTabletHealth({ userIds: [s.user.id] });
  return { s, reports };
}

const healthPosts = (rig: ClientRig) => rig.net.log.filter((r) => r.path === '/api/sync/health');

describe('the tablet’s sync-health report', () => {
  it('[H1][H3] a failed sync reports its queue counts, storage and error code; the next good sync reports an empty queue', async () => {
    const rig = await clientRig({ deps: { tabletHealth: { heartbeatMs: null, appVersion: '0.1.0', storage } } });
    const { s, reports } = await tablet(rig);
    const first = household();
    await s.households.save(first);
    rig.clock.advance(90_000);
    await s.households.save({ ...first, membersCount: 5 }); // a second save of one record: still one record waiting
    await s.households.save(household());
    await s.attachments.add(first.id, new Uint8Array([1, 2, 3]), 'image/jpeg');
    rig.clock.advance(30_000);
    rig.net.once('POST /api/sync/push', { kind: 'status', code: 'OVERLOADED', retryAfterSeconds: 1 });
    let sent: unknown = null;
    rig.net.once('POST /api/sync/health', { kind: 'observe', observe: (r) => (sent = r.json) });
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'error', error: { code: 'OVERLOADED' } });
    const [failed] = await until(reports, (r) => r.length === 1);
    const at = rig.clock.now().getTime();
    expect(failed).toMatchObject({
      clientId: s.clientId, kind: 'sync', appVersion: '0.1.0', lastSyncedAt: null, pendingRecords: 2, pendingAttachments: 1, rejected: 0,
      oldestPendingAt: new Date(at - 120_000).toISOString(), storagePersisted: false, storageUsageBytes: 820_000_000, storageQuotaBytes: 1_000_000_000,
      lastErrorCode: 'OVERLOADED', receivedAt: new Date(at).toISOString(),
    });
    // The report carries counts, never a record: no name, no id of a household in the body.
    expect(sent).toMatchObject({ kind: 'sync', pendingRecords: 2, oldestPendingAgeSeconds: 120, lastErrorCode: 'OVERLOADED' });
    expect(JSON.stringify(sent)).not.toContain('户主');
    expect(JSON.stringify(sent)).not.toContain(first.id);

    rig.clock.advance(60_000);
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'synced', pending: 0 });
    const [good] = await until(reports, (r) => r[0]?.lastErrorCode === null);
    expect(good).toMatchObject({ kind: 'sync', pendingRecords: 0, oldestPendingAt: null, pendingAttachments: 0, lastSyncedAt: rig.clock.now().toISOString() });
    expect(healthPosts(rig).map((r) => r.status)).toEqual([204, 204]);
  });

  it('[H3] a heartbeat goes on its timer while online, none while offline; a failing report changes nothing in the sync state', async () => {
    const rig = await clientRig({ deps: { tabletHealth: { heartbeatMs: 10 * 60_000, appVersion: '0.1.0', storage: null } } });
    const { s, reports } = await tablet(rig);
    await s.households.save(household());
    rig.timers.advance(10 * 60_000);
    const [beat] = await until(reports, (r) => r.length === 1);
    expect(beat).toMatchObject({ kind: 'heartbeat', pendingRecords: 1, storagePersisted: null, storageQuotaBytes: null, lastErrorCode: null });

    rig.connectivity.set(false);
    const before = healthPosts(rig).length;
    rig.timers.advance(10 * 60_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(healthPosts(rig).length).toBe(before);

    rig.connectivity.set(true);
    rig.net.once('POST /api/sync/health', { kind: 'status', code: 'INTERNAL' });
    await s.sync.syncNow();
    await until(async () => healthPosts(rig).length, (n) => n === before + 1);
    const state: SyncState = s.sync.state();
    expect(state).toMatchObject({ phase: 'synced', pending: 0, error: null });
  });

  it('off unless the client asks for it: no report, no timer', async () => {
    const rig = await clientRig();
    const { s } = await tablet(rig);
    await s.households.save(household());
    await s.sync.syncNow();
    await new Promise((r) => setTimeout(r, 20));
    expect(healthPosts(rig)).toEqual([]);
    expect(rig.timers.nextDelay()).toBeNull();
  });
});
