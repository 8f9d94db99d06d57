import { sha256Hex } from '../../sync-server/src/sync/sha256-hex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change, ChangeResult } from '../../src/shared/protocol/messages';
import type { CountyReport } from '../../src/shared/rules/relocation/report-types';
import type { Form10Row } from '../../src/shared/rules/relocation/form10-rows';
import { voidRecordId, type ReliefCorrectionInput } from '../../src/shared/schema/relief-correction';
import { ANPING_QINGHE, DONGFENG } from '../fixtures/areas';
import { EVENT, HANDOUTS } from '../fixtures/relocation-event';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../helpers/server-harness';
import { codeOf, seedRelocationEvent, type SeededEvent } from '../../sync-server/test/relocation-seed';

/**
 * SPEC R1–R6, R8, R9: voids and corrections of relief hand-outs through the real server on each store: who may
 * write them (a worker the hand-outs they recorded, a supervisor any of the county), what is refused
 * (another township, a second void, an edit), and that reports, 应急统表10 and double hand-out flags
 * count the corrected ledger while the original stays as recorded.
 */
describe.each<StoreKind>(['sqlite', 'postgres'])('relief ledger corrections (%s)', (kind) => {
  let server: TestServer;
  let seed: SeededEvent;
  let seq = 100;

  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    seed = await seedRelocationEvent(server);
  });
  afterEach(() => server.close());

  const correctionChange = async (v: Omit<ReliefCorrectionInput, 'id' | 'at' | 'by'> & { id?: string }): Promise<Change> => ({
    seq: ++seq, entity: 'relief-correction', baseVersion: 0, formVersion: 1, changedAt: '2026-06-27T02:00:00.000Z',
    id: v.id ?? (v.action === 'void' ? await voidRecordId(v.originalId, sha256Hex) : `rc-test-${seq}`),
    fields: { at: '2026-06-27T10:00:00+08:00', by: '王干事', ...v, id: undefined },
  });
  const push = async (session: TestSession, changes: Change[]): Promise<ChangeResult[]> => {
    const clean = changes.map((c) => ({ ...c, fields: JSON.parse(JSON.stringify({ ...c.fields, id: c.id })) as Record<string, unknown> }));
    const res = await server.push(session, clean);
    expect(res.statusCode).toBe(200);
    return (res.json() as { results: ChangeResult[] }).results;
  };
  const form10 = async (): Promise<Form10Row[]> => {
    const res = await server.inject('GET', `/api/reports/form10?eventId=${EVENT.id}`, { session: seed.supervisor });
    expect(res.statusCode).toBe(200);
    return (res.json() as { rows: Form10Row[] }).rows;
  };
  const report = async (): Promise<CountyReport> => {
    const res = await server.inject('GET', `/api/reports/relocation?eventId=${EVENT.id}&at=2026-06-30T00:00:00%2B08:00`, { session: seed.supervisor });
    expect(res.statusCode).toBe(200);
    return (res.json() as { report: CountyReport }).report;
  };
  const rowOf = (rows: Form10Row[], householdId: string) => rows.find((r) => r.householdIds.includes(householdId))!;
  const qhCash = async () => (await report()).townships.find((t) => t.township === codeOf('清河镇'))!.relief.cashYuan;

  it('[R1][R2][R5]: the worker who recorded a hand-out voids it; the original stays as recorded; reports and 应急统表10 leave it out', async () => {
    const original = await server.store.getRecord('relief', 'relief-01');
    expect(rowOf(await form10(), 'hh-qh-01').cashYuan).toBe(1000);
    const cashBefore = await qhCash();
    const [r] = await push(seed.tablets['qh-1'], [await correctionChange({ originalId: 'relief-01', action: 'void', reason: '重复登记' })]);
    expect(r).toMatchObject({ status: 'applied', version: 1 });
    expect(rowOf(await form10(), 'hh-qh-01').cashYuan).toBe(0);
    expect(await qhCash()).toBe(cashBefore - 1000);
    // Never edited or deleted (R1).
    expect(await server.store.getRecord('relief', 'relief-01')).toEqual(original);
    const stored = await server.store.getRecord('relief-correction', await voidRecordId('relief-01', sha256Hex));
    expect(stored).toMatchObject({ township: ANPING_QINGHE, fields: { originalId: 'relief-01', action: 'void', reason: '重复登记' } });
    // R5: audited, without the free-text reason.
    const audit = (await server.store.listAudit({ limit: 1000 })).filter((a) => a.action === 'relief.void');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity: 'relief-correction', detail: { originalId: 'relief-01' } });
    expect(JSON.stringify(audit)).not.toContain('重复登记');
  });

  it('[R4]: a correction replaces the amount in the report and 应急统表10; a replay changes nothing', async () => {
    const cashBefore = await qhCash();
    const c = await correctionChange({
      originalId: 'relief-01', action: 'correct', reason: '金额录错',
      corrected: { item: { category: 'cash', kind: 'emergency' }, quantity: 600, unit: '元', cashValue: 600, payment: 'card' },
    });
    expect((await push(seed.tablets['qh-1'], [c]))[0]!.status).toBe('applied');
    expect(rowOf(await form10(), 'hh-qh-01').cashYuan).toBe(600);
    expect(await qhCash()).toBe(cashBefore - 400);
    const auditBefore = await server.store.listAudit({ limit: 1000 });
    expect((await push(seed.tablets['qh-1'], [c]))[0]!.status).toBe('applied');
    expect(await server.store.listAudit({ limit: 1000 })).toHaveLength(auditBefore.length);
    expect(auditBefore.filter((a) => a.action === 'relief.correct')).toHaveLength(1);
  });

  it('[R2]: another worker of the township may not void a hand-out they did not record (FORBIDDEN); another township gets OUT_OF_AREA', async () => {
    const [mine] = await push(seed.tablets['qh-2'], [await correctionChange({ originalId: 'relief-01', action: 'void', reason: '不是我的' })]);
    expect(mine).toMatchObject({ status: 'rejected', code: 'FORBIDDEN', issues: [{ path: 'originalId', message: 'correction.notRecorder' }] });
    const [far] = await push(seed.tablets['ll-1'], [await correctionChange({ originalId: 'relief-01', action: 'void', reason: '越界' })]);
    expect(far).toMatchObject({ status: 'rejected', code: 'OUT_OF_AREA', issues: [{ path: 'originalId', message: 'reference.outOfArea' }] });
    const [unknown] = await push(seed.tablets['qh-1'], [await correctionChange({ originalId: 'relief-nope-1', action: 'void', reason: '无' })]);
    expect(unknown).toMatchObject({ status: 'rejected', code: 'CHANGE_INVALID', issues: [{ path: 'originalId', message: 'correction.originalUnknown' }] });
    expect(await server.store.getRecord('relief-correction', await voidRecordId('relief-01', sha256Hex))).toBeNull();
    expect(rowOf(await form10(), 'hh-qh-01').cashYuan).toBe(1000);
  });

  it('[R3][R1]: a second void (the supervisor online, then the worker’s offline one) is refused per change; so is a correct after it and an edit', async () => {
    const online = await server.inject('POST', '/api/relief/relief-03/corrections', { session: seed.supervisor, body: { action: 'void', reason: '县里核实重复' } });
    expect(online.statusCode).toBe(201);
    expect(online.json()).toMatchObject({ correction: { originalId: 'relief-03', action: 'void', township: codeOf('清河镇') } });
    const [second] = await push(seed.tablets['qh-1'], [await correctionChange({ originalId: 'relief-03', action: 'void', reason: '登记错了' })]);
    expect(second).toMatchObject({ status: 'rejected', code: 'CHANGE_INVALID', issues: [{ path: 'originalId', message: 'correction.alreadyVoided' }] });
    const [late] = await push(seed.tablets['qh-1'], [await correctionChange({
      originalId: 'relief-03', action: 'correct', reason: '数量错',
      corrected: { item: { category: 'goods', kind: 'quilt' }, quantity: 1, unit: '床', cashValue: 50, payment: 'in-kind' },
    })]);
    expect(late).toMatchObject({ status: 'rejected', issues: [{ message: 'correction.alreadyVoided' }] });
    const again = await server.inject('POST', '/api/relief/relief-03/corrections', { session: seed.supervisor, body: { action: 'void', reason: '再次' } });
    expect(again.statusCode).toBe(409);
    // The stored void is the supervisor's, unchanged.
    expect((await server.store.getRecord('relief-correction', await voidRecordId('relief-03', sha256Hex)))?.fields.reason).toBe('县里核实重复');
    // A void may not be a random id either: the id names the hand-out.
    const [wrongId] = await push(seed.tablets['qh-1'], [await correctionChange({ id: 'rv-made-up-0001', originalId: 'relief-02', action: 'void', reason: 'x' })]);
    expect(wrongId).toMatchObject({ status: 'rejected', issues: [{ path: 'id', message: 'correction.voidId' }] });
    // A correction once stored is never edited (R1).
    const c = await correctionChange({ originalId: 'relief-02', action: 'correct', reason: '数量错', corrected: { item: { category: 'goods', kind: 'quilt' }, quantity: 3, unit: '床', cashValue: 150, payment: 'in-kind' } });
    expect((await push(seed.tablets['qh-1'], [c]))[0]!.status).toBe('applied');
    const [edit] = await push(seed.tablets['qh-1'], [{ ...c, seq: ++seq, baseVersion: 1, fields: { reason: '改个理由' } }]);
    expect(edit).toMatchObject({ status: 'rejected', issues: [{ path: 'id', message: 'correction.immutable' }] });
  });

  it('[R9]: a stored hand-out is never edited (CHANGE_IMMUTABLE), voided or not, so a tablet that purged it with its void (R7) never gets it back; a replay is accepted', async () => {
    const tablet = seed.tablets['qh-1'];
    expect((await push(tablet, [await correctionChange({ originalId: 'relief-01', action: 'void', reason: '重复登记' })]))[0]!.status).toBe('applied');
    const voided = await server.store.getRecord('relief', 'relief-01');
    const cursor = ((await server.pull(tablet)).json() as { cursor: number }).cursor;
    const edit = (id: string, fields: Record<string, unknown>): Change => ({ seq: ++seq, entity: 'relief', id, baseVersion: 1, formVersion: 1, changedAt: '2026-06-28T02:00:00.000Z', fields });
    const [ofVoided] = await push(tablet, [edit('relief-01', { quantity: 2000, cashValue: 2000 })]);
    expect(ofVoided).toMatchObject({ status: 'rejected', code: 'CHANGE_IMMUTABLE', issues: [{ path: 'id', message: 'relief.immutable' }] });
    expect(await server.store.getRecord('relief', 'relief-01')).toEqual(voided);
    // Nothing changed, so nothing comes back to a tablet that purged the hand-out and its void.
    const since = (await server.pull(tablet, cursor)).json() as { records: { entity: string; id: string }[] };
    expect(since.records.filter((r) => r.entity === 'relief')).toEqual([]);
    // A hand-out with no correction is not edited either: a mistake is voided or corrected (R1).
    const plainOne = await server.store.getRecord('relief', 'relief-02');
    const [ofPlain] = await push(tablet, [edit('relief-02', { batch: '改批次' })]);
    expect(ofPlain).toMatchObject({ status: 'rejected', code: 'CHANGE_IMMUTABLE', issues: [{ path: 'id', message: 'relief.immutable' }] });
    expect(await server.store.getRecord('relief', 'relief-02')).toEqual(plainOne);
    expect((await server.store.listAudit({ limit: 1000 })).filter((a) => a.action === 'sync.rejected' && a.detail?.code === 'CHANGE_IMMUTABLE')).toHaveLength(2);
    // The tablet's own batch again under fresh seqs (a replay, P9/C5): the same content, accepted, nothing stored anew.
    const replay = seed.batches['qh-1'].filter((c) => c.entity === 'relief').map((c) => ({ ...c, seq: ++seq }));
    const results = await push(tablet, replay);
    // Made on version 0 of what is now version 1: merged as no change (C5), never refused.
    expect(results.map((r) => r.status)).toEqual(replay.map(() => 'merged'));
    expect(await server.store.getRecord('relief', 'relief-01')).toEqual(voided);
    // A replay is compared as stored, normalised (P11): untrimmed text that trims to what is stored is no edit.
    const first = replay.find((c) => c.id === 'relief-01')!;
    const [untrimmed] = await push(tablet, [{ ...first, seq: ++seq, fields: { ...first.fields, issuingOfficer: ` ${String(first.fields.issuingOfficer)}  ` } }]);
    expect(untrimmed).toMatchObject({ status: 'merged' });
    expect(await server.store.getRecord('relief', 'relief-01')).toEqual(voided);
    expect(((await server.pull(tablet, cursor)).json() as { records: { entity: string }[] }).records.filter((r) => r.entity === 'relief')).toEqual([]);
  });

  it('[R2]: the county page: a worker may not use it; a supervisor of another county gets OUT_OF_AREA; the tablets pull the supervisor’s void', async () => {
    const worker = await server.inject('POST', '/api/relief/relief-03/corrections', { session: seed.tablets['qh-1'], body: { action: 'void', reason: 'x' } });
    expect(worker.statusCode).toBe(403);
    const other = await server.session({ role: 'supervisor', township: null, county: DONGFENG });
    const far = await server.inject('POST', '/api/relief/relief-03/corrections', { session: other, body: { action: 'void', reason: 'x' } });
    expect(far.statusCode).toBe(403);
    expect(far.json()).toMatchObject({ error: { code: 'OUT_OF_AREA' } });
    const noReason = await server.inject('POST', '/api/relief/relief-03/corrections', { session: seed.supervisor, body: { action: 'void', reason: ' ' } });
    expect(noReason.statusCode).toBe(400);
    const ok = await server.inject('POST', '/api/relief/relief-06/corrections', {
      session: seed.supervisor,
      body: { action: 'correct', reason: '实发 40 公斤', corrected: { item: { category: 'goods', kind: 'grain' }, quantity: 40, unit: 'kg', cashValue: 240, payment: 'in-kind' } },
    });
    expect(ok.statusCode).toBe(201);
    const pulled = (await server.pull(seed.tablets['ll-2'])).json() as { records: { entity: string; fields: Record<string, unknown> }[] };
    expect(pulled.records.filter((r) => r.entity === 'relief-correction').map((r) => r.fields.originalId)).toEqual(['relief-06']);
    const qh = (await server.pull(seed.tablets['qh-1'])).json() as { records: { entity: string }[] };
    expect(qh.records.some((r) => r.entity === 'relief-correction')).toBe(false);
  });

  it('[R6]: double hand-out flags read the corrected ledger: a second quilt after a void is no double; without the void it is', async () => {
    const flagCount = async () => ((await server.inject('GET', `/api/flags?eventId=${EVENT.id}`, { session: seed.supervisor })).json() as { flags: { kind: string }[] }).flags.filter((f) => f.kind === 'double-handout').length;
    const before = await flagCount();
    const base = HANDOUTS.find((h) => h.handout.id === 'relief-11')!.handout;
    // relief-11: quilts for hh-qh-02 in round 1 by qh-1. qh-1 voids it, then qh-2 hands out quilts again.
    expect((await push(seed.tablets['qh-1'], [await correctionChange({ originalId: 'relief-11', action: 'void', reason: '未实际发放' })]))[0]!.status).toBe('applied');
    const again = (id: string, s: number): Change => ({ seq: s, entity: 'relief', id, baseVersion: 0, formVersion: 1, changedAt: '2026-06-27T03:00:00.000Z', fields: { ...base, id, at: '2026-06-27T11:00:00+08:00' } });
    expect((await push(seed.tablets['qh-2'], [again('relief-11b', ++seq)]))[0]!.status).toBe('applied');
    expect(await flagCount()).toBe(before);
    // The oil of relief-09 (same household, hh-qh-02): two oil hand-outs, none voided, is a double.
    const oil = HANDOUTS.find((h) => h.handout.id === 'relief-09')!.handout;
    const oilAgain: Change = { seq: ++seq, entity: 'relief', id: 'relief-09b', baseVersion: 0, formVersion: 1, changedAt: '2026-06-27T03:00:00.000Z', fields: { ...oil, id: 'relief-09b' } };
    expect((await push(seed.tablets['qh-2'], [oilAgain]))[0]!.status).toBe('applied');
    expect(await flagCount()).toBe(before + 1);
  });

  it('[R6]: a correction that turns a hand-out into a second one of an item in the round is flagged after the push', async () => {
    const doubles = async () => ((await server.inject('GET', `/api/flags?eventId=${EVENT.id}`, { session: seed.supervisor })).json() as { flags: { kind: string; recordIds: string[] }[] }).flags.filter((f) => f.kind === 'double-handout');
    const before = await doubles();
    // relief-09 was oil for hh-qh-02, which also has the quilts of relief-11: corrected to quilts, it is a double.
    const c = await correctionChange({
      originalId: 'relief-09', action: 'correct', reason: '实为棉被',
      corrected: { item: { category: 'goods', kind: 'quilt' }, quantity: 1, unit: '床', cashValue: 50, payment: 'in-kind' },
    });
    expect((await push(seed.tablets['qh-1'], [c]))[0]!.status).toBe('applied');
    const after = await doubles();
    expect(after).toHaveLength(before.length + 1);
    expect(after.map((f) => [...f.recordIds].sort())).toContainEqual(['relief-09', 'relief-11']);
  });

  it('[R8]: a double hand-out flag is listed with its hand-outs voided or corrected since, read from the ledger (not stored in the flag)', async () => {
    type Listed = { id: string; kind: string; recordIds: string[]; status: string; handouts?: unknown[] };
    const double = async () => ((await server.inject('GET', `/api/flags?eventId=${EVENT.id}`, { session: seed.supervisor })).json() as { flags: Listed[] }).flags
      .find((f) => f.kind === 'double-handout' && [...f.recordIds].sort().join() === 'relief-09,relief-11')!;
    const c = await correctionChange({
      originalId: 'relief-09', action: 'correct', reason: '实为棉被',
      corrected: { item: { category: 'goods', kind: 'quilt' }, quantity: 1, unit: '床', cashValue: 50, payment: 'in-kind' },
    });
    expect((await push(seed.tablets['qh-1'], [c]))[0]!.status).toBe('applied');
    expect((await double()).handouts).toEqual([
      { id: 'relief-09', state: 'corrected', counted: { item: { category: 'goods', kind: 'quilt' }, quantity: 1, unit: '床', cashValue: 50, payment: 'in-kind' }, by: '王干事', at: '2026-06-27T10:00:00+08:00', reason: '实为棉被' },
    ]);
    expect((await push(seed.tablets['qh-1'], [await correctionChange({ originalId: 'relief-11', action: 'void', reason: '未实际发放' })]))[0]!.status).toBe('applied');
    const flag = await double();
    expect(flag.status).toBe('open'); // R6: never silently dropped
    expect(flag.handouts).toMatchObject([{ id: 'relief-09', state: 'corrected' }, { id: 'relief-11', state: 'voided', counted: null, reason: '未实际发放' }]);
    expect((await server.store.getRecord('flag', flag.id))!.fields).not.toHaveProperty('handouts');
  });
});
