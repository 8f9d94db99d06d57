import { describe, expect, it } from 'vitest';
import { household, idNumberFor } from '../../test/helpers/household-fixtures';
import { clientRig } from '../../test/helpers/client-rig';

async function worker() {
  const rig = await clientRig();
  await rig.server.addUser({ username: 'li', password: 'pw-li' });
  const s = await rig.client.loginOnline('li', 'pw-li');
  return { rig, s };
}

describe('revealing an ID number (privacy.md §3)', () => {
  it('returns the full number and logs the act on the server: record id and time, never the number', async () => {
    const { rig, s } = await worker();
    const hh = household({ head: { name: '欧阳明月', idNumber: idNumberFor(77) } });
    await s.households.save(hh);
    expect((await s.households.list())[0]!.headIdMasked).not.toContain(idNumberFor(77).slice(4, 14));

    expect(await s.privacy.revealIdNumber('household', hh.id)).toBe(idNumberFor(77));
    await s.housekeepingIdle();
    expect((await rig.server.clientAuditEvents())).toEqual([
      { userId: s.user.id, deviceId: s.clientId, action: 'idnumber.reveal', entity: 'household', recordId: hh.id, at: rig.clock.now().toISOString() },
    ]);
    const sent = rig.net.log.filter((r) => r.path === '/api/audit/events');
    expect(sent).toHaveLength(1);
    expect(await s.privacy.pendingAuditEvents()).toBe(0);
  });

  it('offline, queues the act on the tablet and sends it after the next successful sync', async () => {
    const { rig, s } = await worker();
    const hh = household();
    await s.households.save(hh);
    rig.connectivity.set(false);
    expect(await s.privacy.revealIdNumber('household', hh.id)).toBe(hh.head.idNumber);
    expect(await s.privacy.revealIdNumber('household', hh.id)).toBe(hh.head.idNumber);
    await s.housekeepingIdle();
    expect((await rig.server.clientAuditEvents())).toEqual([]);
    expect(await s.privacy.pendingAuditEvents()).toBe(2);

    // Survives a lock and an offline unlock: the queue is on disk.
    rig.client.lock();
    const again = await rig.client.unlockOffline('li', 'pw-li');
    expect(await again.privacy.pendingAuditEvents()).toBe(2);
    rig.connectivity.set(true);
    await again.sync.syncNow();
    await again.housekeepingIdle();
    expect((await rig.server.clientAuditEvents()).map((e) => e.recordId)).toEqual([hh.id, hh.id]);
    expect(await again.privacy.pendingAuditEvents()).toBe(0);
  });

  it('keeps the events when the server refuses the session, and sends them once after an online login', async () => {
    const { rig, s } = await worker();
    const hh = household();
    await s.households.save(hh);
    // The session runs out just before the audit events arrive: the real server refuses them.
    rig.net.once('POST /api/audit/events', { kind: 'before', before: rig.expireSessions });
    await s.privacy.revealIdNumber('household', hh.id);
    await s.housekeepingIdle();
    expect(await s.privacy.pendingAuditEvents()).toBe(1);
    const back = await rig.client.loginOnline('li', 'pw-li');
    await back.sync.syncNow();
    await back.housekeepingIdle();
    expect((await rig.server.clientAuditEvents())).toHaveLength(1);
  });

  it('reveals a member’s number by path; nothing for an unknown record or another kind; LOCKED after lock', async () => {
    const { rig, s } = await worker();
    const hh = household({ members: [{ id: 'member-000001', name: '成员', idNumber: idNumberFor(5), sex: 'female', ageBand: '18-59' }] });
    await s.households.save(hh);
    expect(await s.privacy.revealIdNumber('household', hh.id, 'members.0.idNumber')).toBe(idNumberFor(5));
    const plain = household();
    await s.households.save(plain);
    expect(await s.privacy.revealIdNumber('household', 'hh-missing-000001')).toBeNull();
    expect(await s.privacy.revealIdNumber('survey', plain.id)).toBeNull();
    expect(await s.privacy.revealIdNumber('household', plain.id, 'head.phone')).toBeNull();
    await s.housekeepingIdle();
    expect((await rig.server.clientAuditEvents()).map((e) => e.recordId)).toEqual([hh.id]);
    rig.client.lock();
    await rig.client.settled();
    await expect(s.privacy.revealIdNumber('household', plain.id)).rejects.toMatchObject({ code: 'LOCKED' });
  });
});

describe('sending queued audit events in batches the server takes (SPEC B5)', () => {
  async function queued(n: number, config = { clientAuditEventsPerMinute: 10_000 }) {
    const rig = await clientRig({ config });
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    const hh = household();
    await s.households.save(hh);
    rig.connectivity.set(false);
    for (let i = 0; i < n; i++) await s.privacy.revealIdNumber('household', hh.id);
    await s.housekeepingIdle();
    expect(await s.privacy.pendingAuditEvents()).toBe(n);
    const sizes: number[] = [];
    rig.net.always('POST /api/audit/events', { kind: 'observe', observe: (req) => sizes.push((req.json as { events: unknown[] }).events.length) });
    rig.connectivity.set(true);
    return { rig, s, sizes };
  }

  it('[B5] a long offline queue goes in batches of at most 100 events, and all of it arrives', async () => {
    const { rig, s, sizes } = await queued(230);
    await s.sync.syncNow();
    await s.housekeepingIdle();
    expect(await s.privacy.pendingAuditEvents()).toBe(0);
    expect(await rig.server.clientAuditEvents()).toHaveLength(230);
    expect(sizes.length).toBeGreaterThan(2);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    expect(rig.net.log.filter((r) => r.path === '/api/audit/events').every((r) => r.status === 200)).toBe(true);
  });

  it('[B5] a batch refused as too large (413) is split, never stuck, and nothing is lost or sent twice', async () => {
    const { rig, s, sizes } = await queued(60);
    // A proxy in front of the server with a small body limit: whole batches get 413.
    rig.net.maxBodyBytes = 2_000;
    await s.sync.syncNow();
    await s.housekeepingIdle();
    expect(await s.privacy.pendingAuditEvents()).toBe(0);
    expect(await rig.server.clientAuditEvents()).toHaveLength(60);
    const statuses = rig.net.log.filter((r) => r.path === '/api/audit/events').map((r) => r.status);
    expect(statuses).toContain(413);
    expect(statuses.filter((x) => x === 200).length).toBeGreaterThan(1);
    expect(sizes[0]).toBeGreaterThan(sizes.at(-1)!);
  });
});
