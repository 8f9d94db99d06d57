import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PullResponse } from '../../src/shared/protocol/messages';
import type { FlagFields } from '../../src/shared/rules/relocation/flag-fields';
import { ANPING_LIULIN, DONGFENG } from '../../test/fixtures/areas';
import { EVENT, HOUSEHOLDS, P, QH } from '../../test/fixtures/relocation-event';
import { startTestServer, type StoreKind, type TestServer } from '../../test/helpers/server-harness';
import { maskIdNumber } from '../../src/shared/rules/id-number';
import { reliefDistributionSchema } from '../../src/shared/schema/relief';
import { flagRecordId } from '../src/sync/after-push-flag-write';
import { makeIdHmac } from '../src/sync/id-hmac';
import { codeOf, seedRelocationEvent, tabletBatch, type SeededEvent } from './relocation-seed';

type FlagView = FlagFields & { id: string; township: string | null; version: number };

describe.each<StoreKind>(['sqlite', 'postgres'])('duplicate and double hand-out flags after sync (%s)', (kind) => {
  let server: TestServer;
  let seed: SeededEvent;

  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    seed = await seedRelocationEvent(server);
  });
  afterEach(() => server.close());

  const listFlags = async (query = `eventId=${EVENT.id}`, session = seed.supervisor) => {
    const res = await server.inject('GET', `/api/flags?${query}`, { session });
    expect(res.statusCode).toBe(200);
    return (res.json() as { flags: FlagView[] }).flags;
  };
  const flagRecords = async () => (await server.store.listRecords({ entity: 'flag', townships: null, limit: 100 }));

  it('two tablets, one household: a duplicate-person flag and a double hand-out flag, both in 清河镇', async () => {
    const flags = await listFlags();
    // Issue 13 item 2: and 郑明 (a member in 柳林乡 and head of his own household) is the third flag (flags-people.test.ts).
    expect(flags).toHaveLength(3);
    const dup = flags.find((f) => f.kind === 'duplicate-person' && f.township === codeOf(QH))!;
    expect(dup).toMatchObject({
      eventId: EVENT.id, entity: 'household', recordIds: ['hh-qh-05a', 'hh-qh-05b'], townships: [codeOf(QH)], township: codeOf(QH), status: 'open',
      key: `户主 刘桂兰 ${maskIdNumber(P.P6)}`, version: 1,
    });
    const double = flags.find((f) => f.kind === 'double-handout')!;
    expect(double).toMatchObject({
      eventId: EVENT.id, entity: 'relief', recordIds: ['relief-03', 'relief-04'], householdIds: ['hh-qh-05a', 'hh-qh-05b'],
      itemKind: 'quilt', round: '1', townships: [codeOf(QH)], township: codeOf(QH), status: 'open',
    });
    expect(double.key).toContain('棉被');
    // Nothing is dropped: both households and both hand-outs are stored as they came.
    for (const [entity, id] of [['household', 'hh-qh-05a'], ['household', 'hh-qh-05b'], ['relief', 'relief-03'], ['relief', 'relief-04']] as const) {
      expect(await server.store.getRecord(entity, id)).not.toBeNull();
    }
  });

  it('the flags hold no ID number; the household records carry the HMAC the detection used', async () => {
    const all = JSON.stringify(await flagRecords());
    for (const id of Object.values(P)) expect(all).not.toContain(id);
    const hmac = makeIdHmac(await server.store.getServerSecret('id_hmac'));
    expect((await server.store.getRecord('household', 'hh-qh-05a'))?.idHmac).toBe(hmac(P.P6));
    expect(all).not.toContain(hmac(P.P6));
  });

  it('exactly once: replaying every batch, from every tablet, writes no flag and no audit entry again', async () => {
    const before = await flagRecords();
    const auditBefore = await server.store.listAudit({ limit: 1000 });
    expect(auditBefore.filter((a) => a.action === 'flag.open')).toHaveLength(3);
    server.clock.advance(60_000);
    for (const tablet of ['qh-2', 'qh-1', 'll-1', 'll-2'] as const) {
      expect((await server.push(seed.tablets[tablet], seed.batches[tablet])).statusCode).toBe(200);
    }
    expect(await flagRecords()).toEqual(before);
    expect(await server.store.listAudit({ limit: 1000 })).toEqual(auditBefore);
  });

  it('the same flags whichever tablet syncs first; ids follow from the event and the head’s HMAC', async () => {
    const shape = (rows: { fields: Record<string, unknown> }[]) => rows.map((r) => [r.fields.kind, r.fields.recordIds]).sort();
    const first = await flagRecords();
    const other = await startTestServer({ store: kind });
    try {
      await seedRelocationEvent(other, ['ll-2', 'll-1', 'qh-2', 'qh-1']);
      const second = await other.store.listRecords({ entity: 'flag', townships: null, limit: 100 });
      expect(shape(second)).toEqual(shape(first));
      // Each server has its own HMAC key, so its own ids; on one server they never depend on the order.
      const hmac = makeIdHmac(await other.store.getServerSecret('id_hmac'));
      expect(second.map((r) => r.id).sort()).toEqual(
        [
          flagRecordId('duplicate-person', [EVENT.id, hmac(P.P6)]),
          flagRecordId('duplicate-person', [EVENT.id, hmac(P.P11)]),
          flagRecordId('double-handout', [EVENT.id, hmac(P.P6), 'quilt', '1']),
        ].sort(),
      );
    } finally {
      await other.close();
    }
  });

  it('tablets of 清河镇 pull the flags; those of 柳林乡 do not; workers may list their own', async () => {
    const pulled = (await server.pull(seed.tablets['qh-1'])).json() as PullResponse;
    expect(pulled.records.filter((r) => r.entity === 'flag')).toHaveLength(2);
    // 柳林乡 pulls only its own: 郑明's (issue 13 item 2), none of 清河镇's.
    const ll = (await server.pull(seed.tablets['ll-1'])).json() as PullResponse;
    expect(ll.records.filter((r) => r.entity === 'flag').map((r) => r.fields.recordIds)).toEqual([['hh-ll-09', 'hh-ll-13']]);
    expect(await listFlags(`eventId=${EVENT.id}`, seed.tablets['qh-2'])).toHaveLength(2);
    expect(await listFlags(`eventId=${EVENT.id}`, seed.tablets['ll-1'])).toHaveLength(1);
  });

  it('a supervisor resolves a flag (keep-both); workers may not; the records stay; the tablets pull the decision', async () => {
    const [dup] = (await listFlags()).filter((f) => f.kind === 'duplicate-person' && f.township === codeOf(QH));
    const url = `/api/flags/${dup!.id}/resolve`;
    const worker = await server.inject('POST', url, { session: seed.tablets['qh-1'], body: { action: 'merge', reason: '同一户' } });
    expect(worker.statusCode).toBe(403);
    expect((await server.inject('POST', url, { session: seed.supervisor, body: { action: 'delete', reason: 'x' } })).statusCode).toBe(400);
    expect((await server.inject('POST', '/api/flags/fl-unknown-000/resolve', { session: seed.supervisor, body: { action: 'merge', reason: 'x' } })).statusCode).toBe(404);

    const res = await server.inject('POST', url, { session: seed.supervisor, body: { action: 'keep-both', reason: '两条记录为同一户，保留核对' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().flag).toMatchObject({
      status: 'resolved', version: 2, resolution: { action: 'keep-both', reason: '两条记录为同一户，保留核对', by: seed.supervisor.user.id, at: server.clock.now().toISOString() },
    });
    expect(await listFlags(`eventId=${EVENT.id}&status=open`)).toHaveLength(2);
    expect(await listFlags(`eventId=${EVENT.id}&status=resolved`)).toHaveLength(1);
    expect(await server.store.getRecord('household', 'hh-qh-05b')).not.toBeNull();
    const audit = await server.store.listAudit({ action: 'flag.resolve', limit: 5 });
    expect(audit[0]!.detail).toEqual({ action: 'keep-both', kind: 'duplicate-person' });

    const pulled = (await server.pull(seed.tablets['qh-1'])).json() as PullResponse;
    expect(pulled.records.find((r) => r.id === dup!.id)?.fields).toMatchObject({ status: 'resolved' });
  });

  it('a supervisor of another county can neither see nor resolve the flags', async () => {
    const other = await server.session({ role: 'supervisor', township: null, county: DONGFENG });
    expect(await listFlags(`eventId=${EVENT.id}`, other)).toEqual([]);
    const [flag] = await listFlags();
    const res = await server.inject('POST', `/api/flags/${flag!.id}/resolve`, { session: other, body: { action: 'merge', reason: 'x' } });
    expect(res.json().error.code).toBe('OUT_OF_AREA');
  });

  it('a third registration opens the resolved flag again, with all three records and the old decision kept', async () => {
    const [dup] = (await listFlags()).filter((f) => f.kind === 'duplicate-person' && f.township === codeOf(QH));
    await server.inject('POST', `/api/flags/${dup!.id}/resolve`, { session: seed.supervisor, body: { action: 'merge', reason: '同一户' } });
    const third = tabletBatch('qh-1').find((c) => c.id === 'hh-qh-05a')!;
    const res = await server.push(seed.tablets['qh-1'], [{ ...third, seq: 100, id: 'hh-qh-05c', fields: { ...third.fields, id: 'hh-qh-05c' } }]);
    expect(res.statusCode).toBe(200);
    const again = (await listFlags()).find((f) => f.id === dup!.id)!;
    expect(again).toMatchObject({ status: 'open', recordIds: ['hh-qh-05a', 'hh-qh-05b', 'hh-qh-05c'], resolution: { action: 'merge' }, version: 3 });
    expect(await listFlags()).toHaveLength(3);
  });

  it('a hand-out pushed later for the same household, item and round joins the double hand-out flag', async () => {
    const rl = tabletBatch('qh-2').find((c) => c.id === 'relief-04')!;
    await server.push(seed.tablets['qh-2'], [{ ...rl, seq: 50, id: 'relief-04b', fields: { ...rl.fields, id: 'relief-04b' } }]);
    const double = (await listFlags()).filter((f) => f.kind === 'double-handout');
    expect(double).toHaveLength(1);
    expect(double[0]).toMatchObject({ recordIds: ['relief-03', 'relief-04', 'relief-04b'], version: 2 });
  });

  it('[I2] the double hand-out search parses no hand-out the push wrote (it takes the push’s parse), only the ones stored before', async () => {
    const rl = tabletBatch('qh-2').find((c) => c.id === 'relief-04')!;
    const again = (seq: number, id: string) => ({ ...rl, seq, id, fields: { ...rl.fields, id } });
    const parsed: unknown[] = [];
    const parse = reliefDistributionSchema.safeParse.bind(reliefDistributionSchema);
    const spy = vi.spyOn(reliefDistributionSchema, 'safeParse').mockImplementation((input, ...rest) => {
      parsed.push((input as { id?: unknown }).id);
      return parse(input, ...rest);
    });
    try {
      const res = await server.push(seed.tablets['qh-2'], [again(60, 'relief-04c'), again(61, 'relief-04d')]);
      expect(res.statusCode).toBe(200);
    } finally {
      spy.mockRestore();
    }
    // Each new hand-out parsed once, when it was applied; relief-03 and relief-04 (earlier pushes) by the search.
    expect(parsed.filter((id) => id === 'relief-04c' || id === 'relief-04d').sort()).toEqual(['relief-04c', 'relief-04d']);
    expect(parsed.filter((id) => id === 'relief-03' || id === 'relief-04').sort()).toEqual(['relief-03', 'relief-04']);
    // The same flag as before: every hand-out of the household's item and round.
    const double = (await listFlags()).filter((f) => f.kind === 'double-handout');
    expect(double).toHaveLength(1);
    expect(double[0]).toMatchObject({ recordIds: ['relief-03', 'relief-04', 'relief-04c', 'relief-04d'], version: 2 });
  });

  it('a failure while flagging never fails the push; it is audited, and the replay of the batch writes the flag', async () => {
    const store = server.store;
    // The detection's look-up of people (issue 14: one query per batch) fails.
    const real = store.findRecordsByPeople.bind(store);
    store.findRecordsByPeople = async () => {
      throw new Error('disk on fire');
    };
    const again = tabletBatch('ll-2').map((c) => ({ ...c, seq: c.seq + 200, id: `${c.id}-again`, fields: { ...c.fields, id: `${c.id}-again` } }));
    try {
      const res = await server.push(seed.tablets['ll-2'], again);
      expect(res.statusCode).toBe(200);
      expect((res.json() as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['applied']);
    } finally {
      store.findRecordsByPeople = real;
    }
    expect((await store.listAudit({ action: 'flags.failed', limit: 5 }))[0]!.detail).toEqual({ changes: 1, error: 'Error' });
    expect((await listFlags()).filter((f) => f.recordIds.includes('hh-ll-13-again'))).toEqual([]);
    // The tablet that never got its answer pushes the same batch again: same results, and now the flag
    // (郑明's: his own household twice, and a member of his father's: issue 13 item 2).
    await server.push(seed.tablets['ll-2'], again);
    expect((await listFlags()).find((f) => f.recordIds.includes('hh-ll-13-again'))).toMatchObject({ kind: 'duplicate-person', recordIds: ['hh-ll-09', 'hh-ll-13', 'hh-ll-13-again'] });
  });

  it('rescan repairs an event whose records were stored without the after-push step, idempotently', async () => {
    // Records written straight into the store: as if the server had died after the commit and the
    // tablet had never come back.
    const h = HOUSEHOLDS.find((x) => x.household.id === 'hh-ll-09')!;
    const hmac = makeIdHmac(await server.store.getServerSecret('id_hmac'));
    await server.store.transaction(async (tx) => {
      const fields = JSON.parse(JSON.stringify({ ...h.household, id: 'hh-ll-09x' })) as Record<string, unknown>;
      await tx.putRecord({
        entity: 'household', id: 'hh-ll-09x', township: ANPING_LIULIN, version: 1, fields, fieldVersions: {}, fieldStamps: {}, createdBy: null, updatedBy: null,
        originClient: null, updatedAt: server.clock.now().toISOString(), deleted: false, idHmac: hmac(P.P10),
      });
    });
    expect(await listFlags()).toHaveLength(3);
    const worker = await server.inject('POST', '/api/flags/rescan', { session: seed.tablets['ll-1'], body: { eventId: EVENT.id } });
    expect(worker.statusCode).toBe(403);
    const res = await server.inject('POST', '/api/flags/rescan', { session: seed.supervisor, body: { eventId: EVENT.id } });
    // 郑国华's household twice (a new flag), and 郑明's flag gains the copy (issue 13 item 2); the members
    // of the copy are that one household's, so no flag of their own.
    expect(res.json()).toEqual({ scanned: 15 + 11, written: 2 });
    const flags = await listFlags();
    expect(flags.find((f) => f.key.startsWith('户主 郑国华'))).toMatchObject({ kind: 'duplicate-person', recordIds: ['hh-ll-09', 'hh-ll-09x'], township: ANPING_LIULIN });
    expect(flags.find((f) => f.key.includes('郑明'))).toMatchObject({ recordIds: ['hh-ll-09', 'hh-ll-09x', 'hh-ll-13'] });
    expect(flags).toHaveLength(4);
    expect((await server.inject('POST', '/api/flags/rescan', { session: seed.supervisor, body: { eventId: EVENT.id } })).json()).toEqual({ scanned: 26, written: 0 });
  });
});
