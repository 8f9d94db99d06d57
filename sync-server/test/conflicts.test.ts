import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullResponse, PushResponse } from '../../src/shared/protocol/messages';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { conflictRecordId } from '../src/sync/conflict-records';
import { change, createHousehold, newId } from './fixtures';
import { ANPING_LIULIN, ANPING_QINGHE } from '../../test/fixtures/areas';

const T1 = '2026-06-20T11:00:00.000Z';
const T2 = '2026-06-20T12:00:00.000Z';

describe.each<StoreKind>(['sqlite', 'postgres'])('merge and conflicts through the API (%s)', (kind) => {
  let server: TestServer;
  let wang: TestSession;
  let zhao: TestSession;
  let id: string;
  let created: ReturnType<typeof createHousehold>;

  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    wang = await server.session({ username: 'wang', deviceId: 'dev-wang-0001' });
    zhao = await server.session({ username: 'zhao', deviceId: 'dev-zhao-0001' });
    id = newId();
    created = createHousehold(1, id);
    await server.push(wang, [created]);
  });
  afterEach(() => server.close());

  const result = async (s: TestSession, seq: number, fields: Record<string, unknown>, baseVersion: number, changedAt = T1) =>
    ((await server.push(s, [change(seq, id, fields, { baseVersion, changedAt })])).json() as PushResponse).results[0]!;

  it('[C2] a change based on the current version fast-forwards', async () => {
    expect(await result(zhao, 1, { notes: 'a' }, 1)).toEqual({ seq: 1, id, status: 'applied', version: 2 });
    expect(await result(wang, 2, { notes: 'b' }, 2)).toEqual({ seq: 2, id, status: 'applied', version: 3 });
  });

  it('[C3] changes to different fields from the same base merge', async () => {
    await result(zhao, 1, { notes: '已核实' }, 1);
    expect(await result(wang, 2, { membersCount: 5 }, 1)).toEqual({ seq: 2, id, status: 'merged', version: 3 });
    const r = await server.store.getRecord('household', id);
    expect(r?.fields).toMatchObject({ notes: '已核实', membersCount: 5 });
  });

  it('[C5] writing the value a field already has is no change', async () => {
    expect(await result(zhao, 1, { membersCount: 3 }, 1)).toEqual({ seq: 1, id, status: 'applied', version: 1 });
    expect((await server.store.getRecord('household', id))?.version).toBe(1);
  });

  it('[C4] the same field changed on both sides keeps both values in a conflict record of the township', async () => {
    await result(zhao, 1, { membersCount: 4 }, 1, T2);
    const r = await result(wang, 2, { membersCount: 6 }, 1, T1);
    expect(r).toEqual({ seq: 2, id, status: 'conflict', version: 2, conflictFields: ['membersCount'] });
    // The later change time wins provisionally (zhao at T2).
    expect((await server.store.getRecord('household', id))?.fields.membersCount).toBe(4);
    const cid = conflictRecordId('household', id, 'membersCount');
    const conflict = await server.store.getRecord('conflict', cid);
    expect(conflict).toMatchObject({ township: ANPING_QINGHE, originClient: null });
    expect(conflict?.fields).toEqual({
      entity: 'household', recordId: id, field: 'membersCount', status: 'open',
      values: [
        { value: 4, stamp: { at: T2, device: zhao.deviceId } },
        { value: 6, stamp: { at: T1, device: wang.deviceId } },
      ],
    });
    // Both devices pull the record and the conflict; the losing device needs the winning value.
    for (const s of [wang, zhao]) {
      const pulled = (await server.pull(s)).json() as PullResponse;
      expect(pulled.records.map((x) => x.entity).sort()).toEqual(['conflict', 'household']);
    }
    const li = await server.session({ username: 'li', township: ANPING_LIULIN });
    expect(((await server.pull(li)).json() as PullResponse).records).toEqual([]);
  });

  it('[C4] both arrival orders give the same record', async () => {
    const other = await startTestServer({ store: kind });
    try {
      const wang2 = await other.session({ username: 'wang', deviceId: 'dev-wang-0001' });
      const zhao2 = await other.session({ username: 'zhao', deviceId: 'dev-zhao-0001' });
      await other.push(wang2, [created]);
      const a = [change(1, id, { membersCount: 4, notes: 'z' }, { baseVersion: 1, changedAt: T2 })];
      const b = [change(2, id, { membersCount: 6, origin: { village: '河西村' } }, { baseVersion: 1, changedAt: T1 })];
      await server.push(zhao, a);
      await server.push(wang, b);
      await other.push(wang2, b);
      await other.push(zhao2, a);
      const one = await server.store.getRecord('household', id);
      const two = await other.store.getRecord('household', id);
      expect(two!.fields).toEqual(one!.fields);
      expect(one!.fields).toMatchObject({ membersCount: 4, notes: 'z', origin: { village: '河西村' } });
    } finally {
      await other.close();
    }
  });

  it('[C6] resolving writes the chosen value from the current version and closes the conflict', async () => {
    await result(zhao, 1, { membersCount: 4 }, 1, T2);
    await result(wang, 2, { membersCount: 6 }, 1, T1);
    expect(await result(wang, 3, { membersCount: 6 }, 2, T2)).toEqual({ seq: 3, id, status: 'applied', version: 3 });
    const conflict = await server.store.getRecord('conflict', conflictRecordId('household', id, 'membersCount'));
    expect(conflict?.fields).toMatchObject({ status: 'resolved', resolvedBy: wang.user.id, resolvedVersion: 3 });
    expect((await server.store.getRecord('household', id))?.fields.membersCount).toBe(6);
  });
});
