/**
 * Field conflicts end to end (SPEC C4, C6): the real client (src/db + src/sync on fake-indexeddb) and the
 * real server over HTTP. Two tablets edit the same field offline; the conflict reaches the tablets sealed;
 * a worker picks a value; the server takes it as a new change and marks the conflict resolved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { household } from '../helpers/household-fixtures';
import { startTestServer, type TestServer } from '../helpers/server-harness';
import { httpTablet } from '../helpers/http-tablet';
import { ANPING_QINGHE } from '../fixtures/areas';

let server: TestServer;
const TOWNSHIP = ANPING_QINGHE;
let n = 0;

beforeAll(async () => {
  server = await startTestServer({ listen: true });
});

afterAll(async () => {
  await server?.close();
});

function tablet() {
  n++;
  return httpTablet(server, { prefix: `cf${n}-`, deviceName: `conflict tablet ${n}` });
}

/** Everything in the tablet's reference table, as text (sealed bytes as latin1). */
async function referenceDisk(db: { reference: { toArray(): Promise<unknown[]> } }): Promise<string> {
  return JSON.stringify(await db.reference.toArray(), (_k, v: unknown) => (ArrayBuffer.isView(v) ? Buffer.from(v.buffer).toString('latin1') : v));
}

async function twoTabletsInConflict() {
  const a = await server.createUser({ township: TOWNSHIP });
  const b = await server.createUser({ township: TOWNSHIP });
  const ta = tablet();
  const tb = tablet();
  const sa = await ta.client.loginOnline(a.user.username, a.password);
  const sb = await tb.client.loginOnline(b.user.username, b.password);
  const hh = household({ n: 700 + n });
  await sa.households.save(hh);
  await sa.sync.syncNow();
  await sb.sync.syncNow();
  expect(await sb.households.get(hh.id)).not.toBeNull();

  // Both offline, both change the head (name; the ID number rides along in the same top-level field).
  ta.connectivity.set(false);
  tb.connectivity.set(false);
  await sa.households.save({ ...hh, head: { ...hh.head, name: '张三甲' } });
  server.clock.advance(60_000);
  await sb.households.save({ ...hh, head: { ...hh.head, name: '张三乙' } });
  ta.connectivity.set(true);
  tb.connectivity.set(true);
  await sa.sync.syncNow(); // applied: version 2
  await sb.sync.syncNow(); // conflict: B's later value is kept provisionally (C4), A's is in the conflict record
  await sa.sync.syncNow(); // A pulls the record and the conflict
  return { sa, sb, hh };
}

describe('field conflicts (issue 4, SPEC C4/C6)', () => {
  it('[C4][C6] two tablets edit the same field offline; the conflict appears on the tablet, sealed; resolving it saves the chosen value and the server marks it resolved', async () => {
    const { sa, sb, hh } = await twoTabletsInConflict();
    const serverRecord = await server.store.getRecord('household', hh.id);
    expect(serverRecord?.fields).toMatchObject({ head: { name: '张三乙' } });

    const open = await sa.conflicts!.list();
    expect(open).toHaveLength(1);
    const c = open[0]!;
    expect(c).toMatchObject({ entity: 'household', recordId: hh.id, field: 'head', headName: '张三乙', onTablet: true });
    expect(c.values.map((v) => (v.value as { name: string }).name)).toEqual(['张三乙', '张三甲']);
    expect(c.values.map((v) => v.current)).toEqual([true, false]);
    expect(c.values.map((v) => v.thisTablet)).toEqual([false, true]);
    // Shown values have the ID number masked; the stored row has no value in clear.
    expect(JSON.stringify(c.values.map((v) => v.shown))).not.toContain(hh.head.idNumber);
    for (const s of [sa, sb]) {
      const disk = await referenceDisk(s.db);
      expect(disk).toContain(c.id);
      expect(disk).not.toContain('张三甲');
      expect(disk).not.toContain('张三乙');
      expect(disk).not.toContain(hh.head.idNumber);
    }
    expect((await sb.conflicts!.list()).map((x) => x.id)).toEqual([c.id]);

    // The worker on tablet A takes A's value (the one not kept): a new change on the current version (C6).
    server.clock.advance(60_000);
    expect(await sa.conflicts!.resolve(c.id, c.values[1]!.value)).toEqual({ saved: true });
    expect((await sa.households.get(hh.id))?.head.name).toBe('张三甲');
    await sa.sync.syncNow();
    const after = await server.store.getRecord('household', hh.id);
    expect(after?.fields).toMatchObject({ head: { name: '张三甲', idNumber: hh.head.idNumber } });
    const conflict = await server.store.getRecord('conflict', c.id);
    expect(conflict?.fields).toMatchObject({ status: 'resolved', resolvedVersion: after!.version });

    // The resolution comes back on pull: no open conflict on either tablet, and the record converged.
    await sa.sync.syncNow();
    expect(await sa.conflicts!.list()).toEqual([]);
    await sb.sync.syncNow();
    expect(await sb.conflicts!.list()).toEqual([]);
    expect((await sb.households.get(hh.id))?.head.name).toBe('张三甲');
    expect((await sb.households.list()).find((h) => h.id === hh.id)?.syncState).toBe('synced');
  });

  it('[C5][C6] choosing the value the record already holds changes no value but closes the conflict', async () => {
    const { sa, sb, hh } = await twoTabletsInConflict();
    const [c] = await sa.conflicts!.list();
    await expect(sa.conflicts!.resolve(c!.id, { name: '别的值' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const before = await server.store.getRecord('household', hh.id);
    expect(await sa.conflicts!.resolve(c!.id, c!.values[0]!.value)).toEqual({ saved: true });
    expect(await sa.db.outbox.count()).toBe(1);
    await sa.sync.syncNow();
    const after = await server.store.getRecord('household', hh.id);
    expect(after?.fields).toEqual(before?.fields);
    expect(after?.version).toBe(before?.version);
    expect((await server.store.getRecord('conflict', c!.id))?.fields).toMatchObject({ status: 'resolved' });
    await sa.sync.syncNow();
    expect(await sa.conflicts!.list()).toEqual([]);
    await sb.sync.syncNow();
    expect(await sb.conflicts!.list()).toEqual([]);
  });
});
