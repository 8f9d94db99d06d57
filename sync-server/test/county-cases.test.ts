/**
 * Issue 15, the county's side (SPEC K10–K17) on both stores: the queue of cases awaiting decision, the
 * case file with both pre-assessments, decide / return online with the separation of duties, the
 * re-visit sample, the dashboard and the printable lists (privacy.md §7). Made-up people (case H1).
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import cases from '../../test/fixtures/eligibility-cases.json';
import type { ChangeResult, PushResponse } from '../../src/shared/protocol/messages';
import type { CaseListResponse, CountyCaseFileResponse, CountyDashboardResponse, CountyQueueResponse, RevisitSampleResponse } from '../../src/shared/protocol/county-cases';
import { assessHousehold } from '../../src/shared/rules/eligibility';
import type { Household } from '../../src/shared/rules/eligibility/household-schema';
import { surveyToHousehold } from '../../src/shared/rules/survey-to-household';
import type { EligibilityPolicy } from '../../src/shared/schema/policy';
import { surveyCompleteSchema, SURVEY_FORM_VERSION } from '../../src/shared/schema/survey';
import { surveyFromHousehold } from '../../test/helpers/survey-builders';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { ANPING, ANPING_LIULIN, ANPING_QINGHE, DONGFENG } from '../../test/fixtures/areas';
import { seedWorkCalendar } from '../src/reference/seed-work-calendar';
import { change, newId } from './fixtures';
import { createCase, NOTICE, OBJECTION, pushStep, stepFields } from './case-fixtures';

const POLICY = cases.policy as EligibilityPolicy;
const h1 = cases.cases.find((c) => c.id === 'H1')!.household as unknown as Household;
const TODAY = '2026-06-20'; // the test clock's day in China

describe.each<StoreKind>(['sqlite', 'postgres'])('the county’s cases (%s)', (kind) => {
  let server: TestServer;
  let wang: TestSession; // 清河镇 worker
  let li: TestSession; // 清河镇 worker, a second tablet
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
    // The official calendar, as the server seeds it at start (SPEC K7): deadlines in working days.
    await seedWorkCalendar(server.store, '2026-06-01T00:00:00.000Z');
  });
  afterEach(() => server.close());

  async function push(s: TestSession, c: ReturnType<typeof pushStep>): Promise<ChangeResult> {
    const res = await server.push(s, [{ ...c, seq: nextSeq(s) }]);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as PushResponse).results[0]!;
  }
  const tablet = <K extends Parameters<typeof stepFields>[2]>(s: TestSession, caseId: string, k: K, payload: Parameters<typeof stepFields<K>>[3]) =>
    push(s, pushStep(0, stepFields(s, caseId, k, payload)));
  const applied = { status: 'applied' };
  async function get<T>(s: TestSession, url: string, status = 200): Promise<T> {
    const res = await server.inject('GET', url, { session: s });
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as T;
  }
  const decide = (s: TestSession, caseId: string, body: Record<string, unknown>) =>
    server.inject('POST', `/api/county/cases/${caseId}/decision`, { session: s, body: { stepId: newId('st'), ...body } });

  /** A case with a submitted survey of household H1 (its applicant 王建国), assessed on the tablet under `tabletPolicy`. */
  async function surveyedCase(s: TestSession, overrides: Record<string, unknown> = {}, tabletPolicy: EligibilityPolicy = POLICY): Promise<string> {
    const id = newId('case');
    expect(await push(s, createCase(0, id, overrides))).toMatchObject(applied);
    const surveyId = newId('sv');
    const survey = { ...surveyFromHousehold(h1, TODAY, id), id: surveyId };
    const assessment = assessHousehold(surveyToHousehold(surveyCompleteSchema.parse(survey), TODAY), tabletPolicy);
    const fields = { ...survey, assessment: { ...assessment, policyVersion: 2, assessedAt: '2026-06-20T07:30:00.000Z' } };
    expect(await push(s, change(0, surveyId, fields, { entity: 'survey', formVersion: SURVEY_FORM_VERSION }))).toMatchObject(applied);
    expect(await tablet(s, id, 'survey', { surveyId, visitKind: 'new-application' })).toMatchObject(applied);
    return id;
  }
  /** Survey, grant opinion and a notice without objections: the county is next. */
  async function readyForDecision(s: TestSession = wang, overrides: Record<string, unknown> = {}, amount = 800): Promise<string> {
    const id = await surveyedCase(s, overrides);
    expect(await tablet(s, id, 'township-opinion', { proposal: 'grant', amount })).toMatchObject(applied);
    if (overrides.programme !== 'orphan' && overrides.programme !== 'child-without-care') expect(await tablet(s, id, 'notice', NOTICE)).toMatchObject(applied);
    return id;
  }
  async function publishPolicy() {
    const body = { id: 'policy-qh-3', township: ANPING_QINGHE, policyVersion: 3, effectiveFrom: '2026-01-01', source: '示例（虚构）', parameters: POLICY };
    expect((await server.inject('POST', '/api/admin/policies', { session: admin, body })).statusCode).toBe(201);
  }

  it('[K10] the queue holds the cases awaiting decision, oldest deadline first, of the supervisor’s county only, filterable by township and programme', async () => {
    const late = await readyForDecision(wang, { acceptedOn: '2026-05-06' });
    const early = await readyForDecision(wang, { acceptedOn: '2026-06-08' });
    const liulin = await readyForDecision(zhao, { acceptedOn: '2026-06-01', programme: 'tekun' });
    const onNotice = await surveyedCase(wang);
    expect(await tablet(wang, onNotice, 'township-opinion', { proposal: 'grant', amount: 500 })).toMatchObject(applied);
    const refusal = await surveyedCase(wang, { acceptedOn: '2026-06-10' });
    expect(await tablet(wang, refusal, 'township-opinion', { proposal: 'refuse', reason: '收入超标' })).toMatchObject(applied);

    const q = await get<CountyQueueResponse>(sup, '/api/county/cases');
    expect(q.today).toBe(TODAY);
    // A grant proposal still before its notice is the township's (CL8): not in the queue.
    expect(q.cases.map((c) => c.caseId)).toEqual([late, liulin, early, refusal]);
    expect(q.cases[0]).toMatchObject({ applicantName: '王建国', householdSize: 4, township: ANPING_QINGHE, townshipName: '清河镇', stage: 'awaiting-decision', proposal: { proposal: 'grant', amount: 800 } });
    expect(q.townships.map((t) => t.code).sort()).toEqual([ANPING_QINGHE, ANPING_LIULIN].sort());
    expect((await get<CountyQueueResponse>(sup, `/api/county/cases?township=${ANPING_LIULIN}`)).cases.map((c) => c.caseId)).toEqual([liulin]);
    expect((await get<CountyQueueResponse>(sup, '/api/county/cases?programme=tekun')).cases.map((c) => c.caseId)).toEqual([liulin]);
    // Another county sees none of them and may not name this county's township; a worker has the tablet.
    expect((await get<CountyQueueResponse>(otherSup, '/api/county/cases')).cases).toEqual([]);
    expect((await get<{ error: { code: string } }>(otherSup, `/api/county/cases?township=${ANPING_QINGHE}`, 403)).error.code).toBe('OUT_OF_AREA');
    expect((await server.inject('GET', '/api/county/cases', { session: wang })).statusCode).toBe(403);
    // The administrator may look (all counties) but not decide (K12).
    expect((await get<CountyQueueResponse>(admin, '/api/county/cases')).cases).toHaveLength(4);
    // Every open case, the one the township still holds (on notice) included, in the same order (K10 scope=open).
    const open = (await get<CountyQueueResponse>(sup, '/api/county/cases?scope=open')).cases.map((c) => c.caseId);
    expect(open).toContain(onNotice);
    expect(open.filter((c) => c !== onNotice)).toEqual([late, liulin, early, refusal]);
    expect((await get<CountyQueueResponse>(sup, `/api/county/cases?scope=open&township=${ANPING_LIULIN}`)).cases.map((c) => c.caseId)).toEqual([liulin]);
    expect((await get<{ error: { code: string } }>(sup, '/api/county/cases?scope=everything', 400)).error.code).toBe('VALIDATION_FAILED');
  });

  it('[K11] the case file: the survey with masked ID numbers, the tablet’s pre-assessment beside the server’s re-run with the differences named', async () => {
    await publishPolicy();
    // The tablet assessed under an older standard: low-income there, dibao on the server.
    const id = await surveyedCase(wang, {}, { ...POLICY, standard: { urban: 700, rural: 350 } });
    const file = await get<CountyCaseFileResponse>(sup, `/api/county/cases/${id}`);
    expect(file.survey?.members[0]).toMatchObject({ name: '王建国', idNumberMasked: '3301**********1231' });
    expect(JSON.stringify(file)).not.toContain('330106198503121231');
    expect(file.assessment.tablet).toMatchObject({ household: 'low-income', householdBenefit: null });
    expect(file.assessment.server).toMatchObject({ household: 'dibao', householdBenefit: 800 });
    expect(file.assessment.mismatched).toEqual(expect.arrayContaining(['household', 'householdBenefit']));
    expect(file.mayDecide).toEqual({ grant: false, refuse: false, return: false });
    // Another county may not open it.
    expect((await server.inject('GET', `/api/county/cases/${id}`, { session: otherSup })).statusCode).toBe(403);
  });

  it('[K12][K4] the supervisor returns with a comment, the township re-investigates, the supervisor grants; the administrator is refused CASE_DECIDER_ONLY, audited', async () => {
    const id = await readyForDecision();
    let file = await get<CountyCaseFileResponse>(sup, `/api/county/cases/${id}`);
    expect(file.mayDecide).toEqual({ grant: true, refuse: true, return: true });
    expect(file.firstMonthIfGranted).toBe('2026-07');

    const byAdmin = await decide(admin, id, { outcome: 'grant', amount: 800, reviewEvery: 'stable' });
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.json().error.code).toBe('CASE_DECIDER_ONLY');
    const denied = await server.store.listAudit({ action: 'caseDecision.denied', limit: 5 });
    expect(denied.map((a) => a.detail)).toEqual([{ code: 'CASE_DECIDER_ONLY', rule: 'K4' }]);
    expect((await decide(wang, id, { outcome: 'refuse', reason: 'x' })).statusCode).toBe(403);
    expect((await decide(otherSup, id, { outcome: 'refuse', reason: 'x' })).json().error.code).toBe('OUT_OF_AREA');

    const ret = await decide(sup, id, { outcome: 'return', missing: '缺少车辆处置证明', comment: '请补充后重报' });
    expect(ret.statusCode, ret.body).toBe(200);
    // The tablet pulls the return with its comment (SPEC K6: stored under the case's township).
    const pulled = (await server.pull(li)).json() as { records: { entity: string; fields: Record<string, unknown> }[] };
    expect(pulled.records.find((r) => r.entity === 'caseStep' && (r.fields.payload as { outcome?: string }).outcome === 'return')?.fields).toMatchObject({
      who: { userId: sup.user.id, role: 'supervisor' }, payload: { outcome: 'return', missing: '缺少车辆处置证明', comment: '请补充后重报' },
    });
    // Returned: out of the queue, and a grant now may not follow (CL7) — refused, nothing stored.
    expect((await get<CountyQueueResponse>(sup, '/api/county/cases')).cases).toEqual([]);
    const early = await decide(sup, id, { outcome: 'grant', amount: 800, reviewEvery: 'stable' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'CASE_STEP_CANNOT_FOLLOW', details: { rule: 'CL7' } });

    expect(await tablet(wang, id, 're-investigation', { reason: '补充车辆处置证明' })).toMatchObject(applied);
    expect(await tablet(wang, id, 'township-opinion', { proposal: 'grant', amount: 760 })).toMatchObject(applied);
    expect(await tablet(wang, id, 'notice', { start: '2026-06-12', end: '2026-06-19', objections: [] })).toMatchObject(applied);
    const stepId = newId('st');
    const body = { stepId, outcome: 'grant', amount: 760, reviewEvery: 'unstable' };
    const granted = await server.inject('POST', `/api/county/cases/${id}/decision`, { session: sup, body });
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.json().step.payload).toEqual({ outcome: 'grant', amount: 760, firstMonth: '2026-07', reviewEvery: 'unstable' });
    // A replay (a lost reply) is no second decision.
    expect((await server.inject('POST', `/api/county/cases/${id}/decision`, { session: sup, body })).statusCode).toBe(200);
    file = await get<CountyCaseFileResponse>(sup, `/api/county/cases/${id}`);
    expect(file.steps.filter((s) => s.kind === 'county-decision')).toHaveLength(2);
    expect(file.row).toMatchObject({ stage: 'in-payment', amount: 760 });
    expect(file.flag).toBeNull();
    // Audited by ids and codes: no comment, reason or name in any detail.
    const text = JSON.stringify((await server.store.listAudit({ limit: 300 })).map((a) => a.detail));
    for (const personal of ['缺少车辆处置证明', '请补充后重报', '王建国']) expect(text).not.toContain(personal);
  });

  it('[K12] a refusal closes the case: out of the queue, and no decision may follow it (CL12)', async () => {
    const id = await surveyedCase(wang);
    expect(await tablet(wang, id, 'township-opinion', { proposal: 'refuse', reason: '收入超标' })).toMatchObject(applied);
    expect((await get<CountyCaseFileResponse>(sup, `/api/county/cases/${id}`)).mayDecide).toEqual({ grant: false, refuse: true, return: true });
    // A grant without a notice may not follow a refusal proposal (CL8): refused, nothing stored.
    const grant = await decide(sup, id, { outcome: 'grant', amount: 500, reviewEvery: 'stable' });
    expect(grant.json().error).toMatchObject({ code: 'CASE_STEP_CANNOT_FOLLOW', details: { rule: 'CL8' } });
    const refused = await decide(sup, id, { outcome: 'refuse', reason: '家庭收入超过当地低保标准' });
    expect(refused.statusCode, refused.body).toBe(200);
    const file = await get<CountyCaseFileResponse>(sup, `/api/county/cases/${id}`);
    expect(file.row).toMatchObject({ stage: 'closed', phase: 'closed' });
    expect(file.mayDecide).toEqual({ grant: false, refuse: false, return: false });
    expect((await decide(sup, id, { outcome: 'return', missing: 'x' })).json().error).toMatchObject({ code: 'CASE_STEP_CANNOT_FOLLOW', details: { rule: 'CL12' } });
    expect((await get<CountyQueueResponse>(sup, '/api/county/cases')).cases).toEqual([]);
    expect((await get<CountyQueueResponse>(sup, '/api/county/cases?scope=open')).cases).toEqual([]);
    expect(file.steps.map((s) => s.kind)).toEqual(['survey', 'township-opinion', 'county-decision']);
  });

  it('[K5][K11] two tablets record conflicting opinions offline: both are kept, the county sees both, the later one marked stale', async () => {
    const id = await surveyedCase(wang);
    const a = stepFields(wang, id, 'township-opinion', { proposal: 'grant', amount: 800 });
    const b = stepFields(li, id, 'township-opinion', { proposal: 'refuse', reason: '家庭收入超过标准' });
    expect(await push(wang, pushStep(0, a))).toMatchObject(applied);
    expect(await push(li, pushStep(0, b))).toMatchObject(applied);
    const file = await get<CountyCaseFileResponse>(sup, `/api/county/cases/${id}`);
    const opinions = file.steps.filter((s) => s.kind === 'township-opinion');
    expect(opinions.map((s) => [s.id, s.stale])).toEqual([[a.id, null], [b.id, { rule: 'CL2', reason: 'opinion.alreadyGiven' }]]);
    expect(file.flag).toMatchObject({ status: 'open' });
    expect(file.row).toMatchObject({ staleSteps: 1, proposal: { proposal: 'grant', amount: 800 } });
  });

  it('[K15] the re-visit sample: the policy’s share of the cases awaiting decision, the same for the same seed, the seed audited', async () => {
    const put = await server.inject('PUT', `/api/admin/case-policies/${ANPING}`, { session: admin, body: { programmes: { dibao: { countyRevisitShare: 0.5 } } } });
    expect(put.statusCode, put.body).toBe(200);
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) ids.push(await readyForDecision());
    const draw = async (seed?: string) => {
      const res = await server.inject('POST', '/api/county/cases/revisit-sample', { session: sup, body: seed ? { seed } : {} });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as RevisitSampleResponse;
    };
    const first = await draw('seed-1');
    expect(first).toMatchObject({ seed: 'seed-1', population: 4, shares: { dibao: 0.5 } });
    expect(first.picked).toHaveLength(2);
    expect((await draw('seed-1')).picked.map((c) => c.caseId)).toEqual(first.picked.map((c) => c.caseId));
    // Over a few seeds the draw changes: it is the seed, not the case order, that picks.
    const others = await Promise.all(['s2', 's3', 's4', 's5', 's6'].map((s) => draw(s)));
    expect(new Set(others.map((o) => o.picked.map((c) => c.caseId).join()))).not.toEqual(new Set([first.picked.map((c) => c.caseId).join()]));
    const random = await draw();
    expect(random.seed).toMatch(/^[0-9a-f]{16}$/);
    const audit = await server.store.listAudit({ action: 'caseSample.draw', limit: 10 });
    expect(audit.at(-1)!.detail).toEqual({ seed: 'seed-1', population: 4, picked: first.picked.map((c) => c.caseId), shares: { dibao: 0.5 } });
    expect(JSON.stringify(audit.map((a) => a.detail))).not.toContain('王建国');
  });

  it('[K14] the dashboard: cases by stage and programme, overdue by township, reviews due this month', async () => {
    const a = await readyForDecision(wang, { acceptedOn: '2026-01-05' });
    await readyForDecision(zhao);
    await surveyedCase(wang);
    const orphan = await readyForDecision(wang, { programme: 'orphan' }, 1500);
    expect((await decide(sup, orphan, { outcome: 'grant', amount: 1500, reviewEvery: 'unstable' })).statusCode).toBe(200);
    const d = await get<CountyDashboardResponse>(sup, '/api/county/cases/dashboard');
    expect(d.month).toBe('2026-06');
    const count = (stage: string, programme: string) => d.byStage.find((s) => s.stage === stage && s.programme === programme)?.count ?? 0;
    expect([count('awaiting-decision', 'dibao'), count('investigating', 'dibao'), count('in-payment', 'orphan')]).toEqual([2, 1, 1]);
    const qinghe = d.overdueByTownship.find((t) => t.township === ANPING_QINGHE)!;
    expect(qinghe.open).toBe(3);
    const aRow = (await get<CountyQueueResponse>(sup, '/api/county/cases')).cases.find((c) => c.caseId === a)!;
    // Accepted in January: far past its 30 working days.
    expect(aRow.deadline).toMatchObject({ kind: 'decision', overdue: true });
    expect(qinghe.overdue).toBe(1);
    expect(d.overdueByTownship.find((t) => t.township === ANPING_LIULIN)).toMatchObject({ open: 1, overdue: 0 });
    // Granted now (first month 2026-07, every 6 months): its review falls in 2027-01, not this month.
    expect(d.reviewsDue).toEqual([]);
    server.clock.set('2027-01-10T04:00:00.000Z');
    const sup2027 = await server.session({ role: 'supervisor', township: null, county: ANPING });
    const later = await get<CountyDashboardResponse>(sup2027, '/api/county/cases/dashboard');
    expect(later.reviewsDue.map((r) => r.caseId)).toEqual([orphan]);
  });

  it('[K16][K17] the notice and recipient lists carry only village, name, household size and amount, never a child-without-care case; the approval form covers every case', async () => {
    const noticed = await readyForDecision(wang, {}, 800);
    const child = await readyForDecision(wang, { programme: 'child-without-care' }, 900);
    const onNotice = await surveyedCase(wang);
    expect(await tablet(wang, onNotice, 'township-opinion', { proposal: 'grant', amount: 650 })).toMatchObject(applied);
    expect(await tablet(wang, onNotice, 'notice', { start: '2026-06-18', end: '2026-06-24', objections: [] })).toMatchObject(applied);
    const objected = await surveyedCase(wang);
    expect(await tablet(wang, objected, 'township-opinion', { proposal: 'grant', amount: 300 })).toMatchObject(applied);
    expect(await tablet(wang, objected, 'notice', { ...NOTICE, objections: [OBJECTION] })).toMatchObject(applied);

    const notice = await get<CaseListResponse>(sup, '/api/county/cases/lists/notice');
    expect(notice.headers).toEqual(['村（社区）', '申请人', '家庭人口', '拟保障金额（元/月）']);
    // On notice today (18–24 June); the noticed one's notice ended on the 18th; an objection sent one back.
    expect(notice.rows.map((r) => r[3])).toEqual([650]);
    expect(notice.rows[0]).toEqual(['清河镇', '王建国', 4, 650]);

    for (const c of [noticed, child]) expect((await decide(sup, c, { outcome: 'grant', amount: c === child ? 900 : 800, reviewEvery: 'stable' })).statusCode).toBe(200);
    const recipients = await get<CaseListResponse>(sup, '/api/county/cases/lists/recipients');
    expect(recipients.rows).toEqual([['清河镇', '王建国', 4, 800]]);
    const approval = await get<CaseListResponse>(sup, '/api/county/cases/lists/approval');
    expect(approval.rows).toHaveLength(4);
    expect(approval.rows.some((r) => r.includes('事实无人抚养儿童'))).toBe(true);
    expect(approval.rows[0]![3]).toBe('3301**********1231');

    for (const list of [notice, recipients, approval]) expect(JSON.stringify(list)).not.toContain('330106198503121231');
    // XLSX: the same rows, text as text.
    const res = await server.inject('GET', '/api/county/cases/lists/recipients?format=xlsx', { session: sup });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(2).values).toEqual([undefined, '清河镇', '王建国', 4, 800]);
    expect(sheet.rowCount).toBe(2);
    const exports = await server.store.listAudit({ action: 'caseList.export', limit: 10 });
    expect(exports.map((a) => a.detail)).toContainEqual({ kind: 'recipients', format: 'xlsx', rows: 1 });
  });
});
