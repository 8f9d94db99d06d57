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
