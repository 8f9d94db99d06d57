import { describe, expect, it, vi } from 'vitest';
import { household, idNumberFor } from '../../test/helpers/household-fixtures';
import { clientRig, type ClientRig } from '../../test/helpers/client-rig';
import { outboxStats } from './outbox-stats';
import { writeRecords } from '../../test/helpers/record-writes';

async function session(rig: ClientRig, username = 'li') {
  if (!(await rig.server.store.getUserByUsername(username))) await rig.server.addUser({ username, password: `pw-${username}` });
  return rig.client.loginOnline(username, `pw-${username}`);
}

describe('bulk data paths', () => {
  it('[P1] outboxStats counts the queue and names its oldest change after many saves; bytes only on request', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    rig.connectivity.set(false);
    const first = await s.households.save(household({ n: 1 }));
    for (let n = 2; n <= 60; n++) await s.households.save(household({ n }));
    await s.households.save({ ...household({ n: 1 }), id: first.id, notes: 'edited' });
    const rows = await s.db.outbox.orderBy('seq').toArray();
    expect(rows).toHaveLength(61);
    const stats = await outboxStats(s.db, { withBytes: true });
    expect(stats).toMatchObject({ pending: 61, pendingRecords: 60, rejected: 0, oldestPendingAt: rows[0]!.changedAt, pendingAttachments: 0 });
    expect(stats.pendingBytes).toBe(rows.reduce((n, r) => n + r.bytes, 0));
    expect((await outboxStats(s.db)).pendingBytes).toBe(0);
    await s.sync.syncNow();
    // The worker sees records waiting (issue 13 item 13): 60 households, one of them saved twice.
    expect(s.sync.state()).toMatchObject({ pending: 60, oldestPendingAt: rows[0]!.changedAt });
  });

  it('[P6] a batch of 50 acknowledged changes is written with bulk requests, in one transaction', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    rig.connectivity.set(false);
    for (let n = 1; n <= 50; n++) await s.households.save(household({ n }));
    rig.connectivity.set(true);
    const single = [vi.spyOn(s.db.outbox, 'get'), vi.spyOn(s.db.outbox, 'delete'), vi.spyOn(s.db.records, 'get'), vi.spyOn(s.db.records, 'put')];
    // Issue 18: the outbox rows of the answered records are not read with anyOf (a cursor step per id).
    const anyOf = vi.spyOn(Object.getPrototypeOf(s.db.outbox.where('id')) as { anyOf: () => unknown }, 'anyOf');
    const bulkDelete = vi.spyOn(s.db.outbox, 'bulkDelete');
    const bulkPut = vi.spyOn(s.db.records, 'bulkPut');
    await s.sync.syncNow();
    expect(rig.net.log.filter((r) => r.path === '/api/sync/push')).toHaveLength(1);
    for (const spy of single) expect(spy).not.toHaveBeenCalled();
    expect(anyOf).not.toHaveBeenCalled();
    expect(bulkDelete).toHaveBeenCalledTimes(1);
    expect(bulkDelete.mock.calls[0]![0]).toHaveLength(50);
    expect(bulkPut.mock.calls.some((c) => (c[0] as unknown[]).length === 50)).toBe(true);
    expect(await s.db.outbox.count()).toBe(0);
    expect((await s.db.records.toArray()).every((r) => r.syncState === 'synced' && r.version === 1)).toBe(true);
  });

  it('[C4] a record saved again while its change was in flight is rebased, and a superseded change folds', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    rig.connectivity.set(false);
    const hh = household({ n: 7 });
    await s.households.save(hh);
    await s.households.save({ ...hh, notes: 'second' });
    await s.households.save({ ...hh, notes: 'third' });
    rig.connectivity.set(true);
    await s.sync.syncNow();
    expect(await s.db.outbox.count()).toBe(0);
    expect((await rig.server.records())).toHaveLength(1);
    expect(await s.db.records.get(hh.id!)).toMatchObject({ syncState: 'synced', version: 1 });
    expect((await s.households.get(hh.id!))?.notes).toBe('third');
  });

  it('name search stays in memory between changes and still sees every change (save, delete, clear)', async () => {
    const rig = await clientRig();
    const s = await session(rig);
    const a = await s.households.save(household({ n: 1, head: { name: '王小二', idNumber: idNumberFor(1) } }));
    await s.households.save(household({ n: 2 }));
    expect((await s.households.list({ text: '王小' })).map((h) => h.id)).toEqual([a.id]);
    const keys = vi.spyOn(s.db.records, 'orderBy');
    const bulkGet = vi.spyOn(s.db.records, 'bulkGet');
    expect((await s.households.list({ text: '王小' })).map((h) => h.id)).toEqual([a.id]);
    expect(keys).not.toHaveBeenCalled();
    expect(bulkGet).not.toHaveBeenCalled();
    const current = (await s.households.get(a.id))!;
    await s.households.save({ ...current, head: { ...current.head, name: '李四' } });
    expect(await s.households.list({ text: '王小' })).toEqual([]);
    expect((await s.households.list({ text: '李四' })).map((h) => h.id)).toEqual([a.id]);
    expect(bulkGet.mock.calls.map((c) => c[0])).toEqual([[a.id]]);
    await writeRecords(s.db, () => s.db.records.delete(a.id));
    expect(await s.households.list({ text: '李四' })).toEqual([]);
    await writeRecords(s.db, () => s.db.records.clear());
    expect(await s.households.list()).toEqual([]);
  });
});
