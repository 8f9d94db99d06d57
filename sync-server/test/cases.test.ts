/**
 * Issue 15: cases and their steps through the push protocol and the county's step route, on both
 * stores (SPEC K1–K6). Each transition of a case's path is recorded and checked; two tablets offline
 * record conflicting steps for one case: both are kept and the case is flagged for the county.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeResult, PushResponse } from '../../src/shared/protocol/messages';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { ANPING, ANPING_LIULIN, ANPING_QINGHE, DONGFENG, DONGFENG_QINGHE } from '../../test/fixtures/areas';
import { caseFlagId } from '../src/sync/case-stale-flag';
import { change, newId } from './fixtures';
import { createCase, NOTICE, OBJECTION, pushStep, stepFields } from './case-fixtures';

describe.each<StoreKind>(['sqlite', 'postgres'])('cases and steps (%s)', (kind) => {
  let server: TestServer;
  let wang: TestSession; // 清河镇 worker, tablet A
  let li: TestSession; // 清河镇 worker, tablet B
  let zhao: TestSession; // 柳林乡 worker
  let sup: TestSession; // 安平县 supervisor
  let otherSup: TestSession; // 东丰县 supervisor
  let admin: TestSession;
  const seqs = new Map<string, number>();
  const nextSeq = (s: TestSession) => {
    const n = (seqs.get(s.deviceId) ?? 0) + 1;
    seqs.set(s.deviceId, n);
    return n;
  };

  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    wang = await server.session({ username: `wang${Date.now()}`, township: ANPING_QINGHE });
    li = await server.session({ username: `li${Date.now()}`, township: ANPING_QINGHE });
    zhao = await server.session({ username: `zhao${Date.now()}`, township: ANPING_LIULIN });
    sup = await server.session({ role: 'supervisor', township: null, county: ANPING });
    otherSup = await server.session({ role: 'supervisor', township: null, county: DONGFENG });
    admin = await server.session({ role: 'admin' });
  });
  afterEach(() => server.close());

  /** Pushes one record change from the session's tablet and returns its result. */
  async function push(s: TestSession, c: ReturnType<typeof pushStep>): Promise<ChangeResult> {
    const res = await server.push(s, [{ ...c, seq: nextSeq(s) }]);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as PushResponse).results[0]!;
  }
  /** Records a step from the tablet. */
  const tablet = <K extends Parameters<typeof stepFields>[2]>(s: TestSession, caseId: string, k: K, payload: Parameters<typeof stepFields<K>>[3], o?: { id?: string; when?: string }) =>
    push(s, pushStep(0, stepFields(s, caseId, k, payload, o)));
  /** Records steps through the county route. */
  async function county(s: TestSession, ...steps: Record<string, unknown>[]): Promise<ChangeResult[]> {
    const res = await server.inject('POST', '/api/county/case-steps', { session: s, body: { steps } });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { results: ChangeResult[] }).results;
  }
  async function caseView(s: TestSession, id: string) {
    const res = await server.inject('GET', `/api/cases/${id}`, { session: s });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { case: Record<string, unknown>; steps: { id: string; kind: string; township: string }[]; flag: null | { status: string; recordIds: string[]; reasons: { rule: string }[] } };
  }
  async function newCase(s: TestSession = wang, overrides: Record<string, unknown> = {}): Promise<string> {
    const id = newId('case');
    expect(await push(s, createCase(0, id, overrides))).toMatchObject({ status: 'applied' });
    return id;
  }
  const applied = { status: 'applied' };
  const grant = (s: TestSession, caseId: string) =>
    stepFields(s, caseId, 'county-decision', { outcome: 'grant', amount: 520, firstMonth: '2026-08', reviewEvery: 'stable' }, { when: '2026-07-20T10:00:00+08:00' });

  it('[K1][K5][K6] a dibao case end to end: objection, re-investigation, county return, grant, review — every step applied, no flag', async () => {
    const id = await newCase();
    expect(await tablet(wang, id, 'survey', { surveyId: newId('sv'), visitKind: 'new-application' })).toMatchObject(applied);
    expect(await county(sup, stepFields(sup, id, 'financial-check', { result: 'matched' }))).toMatchObject([applied]);
    expect(await tablet(wang, id, 'township-opinion', { proposal: 'grant', amount: 520 })).toMatchObject(applied);
    expect(await tablet(wang, id, 'notice', { ...NOTICE, objections: [OBJECTION] })).toMatchObject(applied);
    expect(await tablet(wang, id, 're-investigation', { reason: '核实车辆情况', surveyId: newId('sv') })).toMatchObject(applied);
    expect(await tablet(wang, id, 'township-opinion', { proposal: 'grant', amount: 480 })).toMatchObject(applied);
    expect(await tablet(wang, id, 'notice', { start: '2026-06-20', end: '2026-06-26', objections: [] })).toMatchObject(applied);
    const ret = stepFields(sup, id, 'county-decision', { outcome: 'return', missing: '缺少车辆处置证明', comment: '请补充后重报' });
    expect(await county(sup, ret)).toMatchObject([applied]);
    expect(await tablet(wang, id, 're-investigation', { reason: '补充车辆处置证明' })).toMatchObject(applied);
    expect(await tablet(wang, id, 'township-opinion', { proposal: 'grant', amount: 480 })).toMatchObject(applied);
    expect(await tablet(wang, id, 'notice', { start: '2026-07-06', end: '2026-07-12', objections: [] })).toMatchObject(applied);
    expect(await county(sup, grant(sup, id))).toMatchObject([applied]);
    expect(await tablet(wang, id, 'survey', { surveyId: newId('sv'), visitKind: 'annual-review' })).toMatchObject(applied);
    expect(await county(sup, stepFields(sup, id, 'review-outcome', { outcome: 'continue', reviewEvery: 'unstable' }))).toMatchObject([applied]);

    const view = await caseView(sup, id);
    expect(view.steps.map((s) => s.kind)).toEqual([
      'survey', 'financial-check', 'township-opinion', 'notice', 're-investigation', 'township-opinion', 'notice', 'county-decision',
      're-investigation', 'township-opinion', 'notice', 'county-decision', 'survey', 'review-outcome',
    ]);
    // The county's steps are stored in the case's township: its tablets pull the return and its comment.
    expect(new Set(view.steps.map((s) => s.township))).toEqual(new Set([ANPING_QINGHE]));
    expect(view.flag).toBeNull();
    const pulled = (await server.pull(li)).json() as { records: { entity: string; id: string; fields: Record<string, unknown> }[] };
    const pulledReturn = pulled.records.find((r) => r.id === ret.id);
    expect(pulledReturn?.fields.payload).toEqual({ outcome: 'return', missing: '缺少车辆处置证明', comment: '请补充后重报' });
    // 柳林乡 sees none of it.
    const theirs = (await server.pull(zhao)).json() as { records: { entity: string }[] };
    expect(theirs.records.filter((r) => r.entity === 'case' || r.entity === 'caseStep')).toEqual([]);
  });

  it('[K1] orphan cases skip the notice; an emergency case is granted first and completed afterwards', async () => {
    const orphan = await newCase(wang, { programme: 'orphan' });
    expect(await tablet(wang, orphan, 'survey', { surveyId: newId('sv'), visitKind: 'new-application' })).toMatchObject(applied);
    expect(await tablet(wang, orphan, 'township-opinion', { proposal: 'grant', amount: 1500 })).toMatchObject(applied);
    expect(await county(sup, grant(sup, orphan))).toMatchObject([applied]);
    expect((await caseView(sup, orphan)).flag).toBeNull();

    const fire = await newCase(wang, { programme: 'temporary-emergency' });
    expect(await tablet(wang, fire, 'emergency-grant', { amount: 3000, reason: '房屋失火' })).toMatchObject(applied);
    expect(await tablet(wang, fire, 'survey', { surveyId: newId('sv'), visitKind: 'new-application' })).toMatchObject(applied);
    expect(await tablet(wang, fire, 'township-opinion', { proposal: 'refuse', reason: '已先行救助，无需后续救助' })).toMatchObject(applied);
    expect(await county(sup, stepFields(sup, fire, 'county-decision', { outcome: 'refuse', reason: '已先行救助' }))).toMatchObject([applied]);
    expect((await caseView(sup, fire)).flag).toBeNull();
  });

  it('[K5] two tablets offline record conflicting opinions: both are kept, the later arrival is stale and the case flagged', async () => {
    const id = await newCase();
    expect(await tablet(wang, id, 'survey', { surveyId: newId('sv'), visitKind: 'new-application' })).toMatchObject(applied);
    // Both tablets pulled the survey, then went offline: wang proposes a grant, li a refusal.
    const a = stepFields(wang, id, 'township-opinion', { proposal: 'grant', amount: 520 }, { when: '2026-06-10T09:00:00+08:00' });
    const b = stepFields(li, id, 'township-opinion', { proposal: 'refuse', reason: '家庭收入超过标准' }, { when: '2026-06-10T08:00:00+08:00' });
    expect(await push(wang, pushStep(0, a))).toMatchObject(applied);
    expect(await push(li, pushStep(0, b))).toMatchObject(applied);
    const view = await caseView(sup, id);
    expect(view.steps.map((s) => s.id)).toEqual([view.steps[0]!.id, a.id, b.id]);
    expect(view.flag).toMatchObject({ status: 'open', recordIds: [b.id], reasons: [{ rule: 'CL2' }] });
    // The flag is in the case's township: both tablets and the county see it.
    for (const s of [wang, li, sup]) {
      const pulled = (await server.pull(s)).json() as { records: { entity: string; id: string }[] };
      expect(pulled.records.some((r) => r.entity === 'flag' && r.id === caseFlagId(id)), s.user.username).toBe(true);
    }
    // Exactly once: a replay of li's push and a later legal step leave the flag as it was.
    const before = await server.store.getRecord('flag', caseFlagId(id));
    const replay = await server.push(li, [{ ...pushStep(0, b), seq: seqs.get(li.deviceId)! }]);
    expect((replay.json() as PushResponse).results[0]).toMatchObject(applied);
    expect(await tablet(wang, id, 'notice', NOTICE)).toMatchObject(applied);
    expect((await server.store.getRecord('flag', caseFlagId(id)))?.version).toBe(before?.version);
    // Audited once, by ids and rule ids (no reason text).
    const opened = await server.store.listAudit({ action: 'caseFlag.open', limit: 10 });
    expect(opened.map((a) => a.detail)).toEqual([{ kind: 'case-stale-step', caseId: id, records: 1, rules: ['CL2'] }]);
    // The county resolves it like any flag.
    const res = await server.inject('POST', `/api/flags/${caseFlagId(id)}/resolve`, { session: sup, body: { action: 'keep-both', reason: '以王某意见为准' } });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('[K5] a county decision and a tablet step crossing offline: a second decision arrives stale and is flagged', async () => {
    const id = await newCase();
    for (const [k, p] of [
      ['survey', { surveyId: newId('sv'), visitKind: 'new-application' }],
      ['township-opinion', { proposal: 'grant', amount: 520 }],
      ['notice', NOTICE],
    ] as const) expect(await tablet(wang, id, k, p as never)).toMatchObject(applied);
    const sup2 = await server.session({ role: 'supervisor', township: null, county: ANPING });
    expect(await county(sup, grant(sup, id))).toMatchObject([applied]);
    // Another supervisor, on a page loaded before, returns the same case.
    const late = stepFields(sup2, id, 'county-decision', { outcome: 'return', missing: '补充材料' });
    expect(await county(sup2, late)).toMatchObject([applied]);
    const view = await caseView(sup, id);
    expect(view.flag).toMatchObject({ recordIds: [late.id], reasons: [{ rule: 'CL9' }] });
  });

  it('[K5] an illegal step arriving from a tablet (a notice on an orphan case) is stored and flagged, never refused', async () => {
    const id = await newCase(wang, { programme: 'child-without-care' });
    expect(await tablet(wang, id, 'survey', { surveyId: newId('sv'), visitKind: 'new-application' })).toMatchObject(applied);
    expect(await tablet(wang, id, 'township-opinion', { proposal: 'grant', amount: 900 })).toMatchObject(applied);
    expect(await tablet(wang, id, 'notice', NOTICE)).toMatchObject(applied);
    expect((await caseView(sup, id)).flag).toMatchObject({ reasons: [{ rule: 'CL4' }] });
  });

  it('[K5] steps that arrive before their case are judged when the case arrives', async () => {
    const id = newId('case');
    const op = stepFields(wang, id, 'township-opinion', { proposal: 'grant', amount: 520 });
    expect(await push(wang, pushStep(0, op))).toMatchObject(applied);
    expect(await push(wang, createCase(0, id))).toMatchObject(applied);
    expect((await caseView(sup, id)).flag).toMatchObject({ recordIds: [op.id], reasons: [{ rule: 'CL2' }] });
  });

  it('[K2] a case and a step are written once: an edit is CHANGE_IMMUTABLE, a replay is not', async () => {
    const id = await newCase();
    const s = stepFields(wang, id, 'survey', { surveyId: newId('sv'), visitKind: 'new-application' });
    expect(await push(wang, pushStep(0, s))).toMatchObject(applied);
    const edit = change(0, s.id as string, { payload: { surveyId: newId('sv'), visitKind: 'new-application' } }, { entity: 'caseStep', baseVersion: 1 });
    expect(await push(wang, edit)).toMatchObject({ status: 'rejected', code: 'CHANGE_IMMUTABLE' });
    expect(await push(li, change(0, id, { closeRelative: true }, { entity: 'case', baseVersion: 1 }))).toMatchObject({ status: 'rejected', code: 'CHANGE_IMMUTABLE' });
    // The same content again (another device, say, after a lost reply) changes nothing.
    expect((await push(li, pushStep(0, s))).status).not.toBe('rejected');
    expect((await server.store.getRecord('caseStep', s.id as string))?.version).toBe(1);
    const audit = await server.store.listAudit({ action: 'sync.rejected', limit: 10 });
    expect(audit.map((a) => a.detail?.code)).toContain('CHANGE_IMMUTABLE');
  });

  it('[K3] a step invalid on its own is refused per change, with the rule’s path; the rest of the batch applies', async () => {
    const id = await newCase();
    const badMonth = stepFields(sup, id, 'county-decision', { outcome: 'grant', amount: 520, firstMonth: '2026-07', reviewEvery: 'stable' }, { when: '2026-07-20T10:00:00+08:00' });
    expect(await county(sup, badMonth)).toMatchObject([{ status: 'rejected', code: 'CASE_STEP_INVALID', issues: [{ path: 'payload.firstMonth', message: 'decision.firstMonthNotNext' }] }]);
    const backwards = stepFields(wang, id, 'notice', { start: '2026-06-12', end: '2026-06-05', objections: [] });
    const stray = { ...stepFields(wang, id, 'survey', { surveyId: newId('sv'), visitKind: 'new-application' }), payload: { surveyId: newId('sv'), visitKind: 'new-application', extra: 1 } };
    const good = stepFields(wang, id, 'survey', { surveyId: newId('sv'), visitKind: 'new-application' });
    const notMine = { ...stepFields(wang, id, 'survey', { surveyId: newId('sv'), visitKind: 'new-application' }), who: { userId: li.user.id, name: '李', role: 'worker' } };
    const res = await server.push(wang, [pushStep(0, backwards), pushStep(0, stray), pushStep(0, good), pushStep(0, notMine)].map((c) => ({ ...c, seq: nextSeq(wang) })));
    const r = (res.json() as PushResponse).results;
    expect(r[0]).toMatchObject({ status: 'rejected', code: 'CASE_STEP_INVALID', issues: [{ path: 'payload.end' }] });
    expect(r[1]).toMatchObject({ status: 'rejected', code: 'CHANGE_INVALID' });
    expect(r[2]).toMatchObject(applied);
    expect(r[3]).toMatchObject({ status: 'rejected', code: 'CASE_STEP_INVALID', issues: [{ path: 'who.userId' }] });
    expect(await server.store.getRecord('caseStep', backwards.id as string)).toBeNull();
  });

  it('[K4] the worker proposes, the supervisor decides, the administrator never does; each refusal audited without personal values', async () => {
    const id = await newCase();
    expect(await tablet(wang, id, 'survey', { surveyId: newId('sv'), visitKind: 'new-application' })).toMatchObject(applied);
    expect(await tablet(wang, id, 'township-opinion', { proposal: 'refuse', reason: '家庭收入超过标准' })).toMatchObject(applied);
    const workerDecides = { ...stepFields(wang, id, 'county-decision', { outcome: 'refuse', reason: '王某家收入超标' }) };
    expect(await push(wang, pushStep(0, workerDecides))).toMatchObject({ status: 'rejected', code: 'CASE_DECIDER_ONLY' });
    const adminSteps = [
      { ...stepFields(sup, id, 'county-decision', { outcome: 'refuse', reason: '王某家收入超标' }), who: { userId: admin.user.id, name: '管理员', role: 'supervisor' } },
      { ...stepFields(wang, id, 'survey', { surveyId: newId('sv'), visitKind: 'new-application' }), who: { userId: admin.user.id, name: '管理员', role: 'worker' } },
    ];
    expect(await county(admin, ...adminSteps)).toMatchObject([
      { status: 'rejected', code: 'CASE_DECIDER_ONLY' },
      { status: 'rejected', code: 'CASE_DECIDER_ONLY' },
    ]);
    // A supervisor of another county may not decide here; a worker of another township may not add a step.
    expect(await county(otherSup, stepFields(otherSup, id, 'county-decision', { outcome: 'refuse', reason: 'x' }))).toMatchObject([{ status: 'rejected', code: 'OUT_OF_AREA' }]);
    expect(await tablet(zhao, id, 'survey', { surveyId: newId('sv'), visitKind: 'new-application' })).toMatchObject({ status: 'rejected', code: 'OUT_OF_AREA' });
    expect(await county(sup, stepFields(sup, newId('case'), 'extension', { reason: 'x' }))).toMatchObject([{ status: 'rejected', code: 'CASE_UNKNOWN' }]);
    // The county supervisor decides.
    expect(await county(sup, stepFields(sup, id, 'county-decision', { outcome: 'refuse', reason: '王某家收入超标' }))).toMatchObject([applied]);

    const audit = await server.store.listAudit({ limit: 200 });
    const text = JSON.stringify(audit.map((a) => a.detail));
    expect(text).toContain('CASE_DECIDER_ONLY');
    for (const personal of ['王某家收入超标', '家庭收入超过标准', '村民李某']) expect(text).not.toContain(personal);
    expect(audit.filter((a) => a.action === 'record.create' && a.entity === 'caseStep').length).toBeGreaterThanOrEqual(3);
  });

  it('[K4] a worker’s correction of the county’s decision is refused; the supervisor’s is applied', async () => {
    const id = await newCase(wang, { programme: 'orphan' });
    expect(await tablet(wang, id, 'survey', { surveyId: newId('sv'), visitKind: 'new-application' })).toMatchObject(applied);
    expect(await tablet(wang, id, 'township-opinion', { proposal: 'grant', amount: 1500 })).toMatchObject(applied);
    const decision = grant(sup, id);
    expect(await county(sup, decision)).toMatchObject([applied]);
    const fix = (by: TestSession) =>
      stepFields(by, id, 'correction', { corrects: decision.id as string, reason: '金额笔误', replacement: { outcome: 'grant', amount: 1600, firstMonth: '2026-08', reviewEvery: 'stable' } });
    expect(await tablet(wang, id, 'correction', (fix(wang) as { payload: never }).payload)).toMatchObject({ status: 'rejected', code: 'CASE_DECIDER_ONLY' });
    expect(await county(sup, fix(sup))).toMatchObject([applied]);
    expect((await caseView(sup, id)).flag).toBeNull();
  });

  it('[K24] GET /api/cases/:id gives the surveys the steps cite, only of a township the caller may read', async () => {
    const id = await newCase(wang);
    const own = newId('sv');
    const foreign = newId('sv');
    expect(await push(wang, change(0, own, { id: own, caseId: id, stage: 'draft', members: [{ id: 'm1', name: '赵桂兰' }] }, { entity: 'survey' }))).toMatchObject(applied);
    expect(await push(zhao, change(0, foreign, { id: foreign, caseId: newId('case'), stage: 'draft' }, { entity: 'survey' }))).toMatchObject(applied);
    expect(await tablet(wang, id, 'survey', { surveyId: own, visitKind: 'new-application' }, { when: '2026-06-05T09:00:00+08:00' })).toMatchObject(applied);
    expect(await tablet(wang, id, 're-investigation', { reason: '核实', surveyId: foreign }, { when: '2026-06-06T09:00:00+08:00' })).toMatchObject(applied);
    const view = (await server.inject('GET', `/api/cases/${id}`, { session: li })).json() as { surveys: { id: string; fields: { members?: { name: string }[] } }[] };
    expect(view.surveys.map((s) => s.id)).toEqual([own]); // 柳林乡's survey is not 清河镇's to read
    expect(view.surveys[0]!.fields.members?.[0]?.name).toBe('赵桂兰');
  });

  it('[K6] a supervisor may not decide for a case of a township outside the county even with the same name (清河镇)', async () => {
    const dfWorker = await server.session({ township: DONGFENG_QINGHE, county: DONGFENG });
    const id = await newCase(dfWorker);
    expect(await county(sup, stepFields(sup, id, 'extension', { reason: 'x' }))).toMatchObject([{ status: 'rejected', code: 'OUT_OF_AREA' }]);
    expect(await county(otherSup, stepFields(otherSup, id, 'extension', { reason: '跨县核查' }))).toMatchObject([applied]);
    expect((await server.inject('GET', `/api/cases/${id}`, { session: sup })).statusCode).toBe(403);
  });
});
