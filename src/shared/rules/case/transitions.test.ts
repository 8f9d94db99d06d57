import { describe, expect, it } from 'vitest';
import chineseDays from 'chinese-days/dist/chinese-days.json';
import type { CaseProgramme } from '../../schema/case';
import { caseParamsFor, DIBAO_CASE_PARAMS } from '../../schema/case-policy';
import type { CaseStep, CaseStepKind, StepPayloads } from '../../schema/case-step';
import { calendarYearsFromPackage } from './calendar-from-package';
import { currentDeadline, reviewDueMonth } from './deadlines';
import { canFollow, foldSteps, nextStepKinds, type CaseContext } from './transitions';
import { validateStepAlone } from './validate-step';
import { buildWorkCalendar } from './working-days';

let n = 0;
function step<K extends CaseStepKind>(kind: K, payload: StepPayloads[K], o: { role?: 'worker' | 'supervisor'; when?: string } = {}): CaseStep {
  n += 1;
  return {
    id: `step-${String(n).padStart(4, '0')}`, caseId: 'case-0001', kind,
    who: { userId: 'u1', name: '王干事', role: o.role ?? 'worker' }, when: o.when ?? '2025-03-10T09:00:00+08:00', payload,
  } as CaseStep;
}
const ctx = (programme: CaseProgramme = 'dibao', closeRelative = false): CaseContext => ({ case: { programme, closeRelative }, params: caseParamsFor(null, programme) });

const survey = (visitKind: 'new-application' | 'annual-review' | 'spot-check' = 'new-application', role?: 'worker' | 'supervisor') =>
  step('survey', { surveyId: 'survey-0001', visitKind }, { role });
const opinionGrant = () => step('township-opinion', { proposal: 'grant', amount: 520 });
const notice = (objections: StepPayloads['notice']['objections'] = []) => step('notice', { start: '2025-03-11', end: '2025-03-17', objections });
const grant = () => step('county-decision', { outcome: 'grant', amount: 520, firstMonth: '2025-04', reviewEvery: 'stable' }, { role: 'supervisor', when: '2025-03-20T10:00:00+08:00' });
const objection = { who: '邻居李某', when: '2025-03-12', what: '家中有车' };

/** Folds the steps one by one, failing on the first that may not follow. */
function path(c: CaseContext, steps: CaseStep[]) {
  steps.forEach((s, i) => expect(canFollow(c, steps.slice(0, i), s), `${i}: ${s.kind}`).toEqual({ ok: true }));
  return foldSteps(c, steps);
}

describe('the transition rule (RULES.md CL1–CL12)', () => {
  it('[CL1][CL2][CL5][CL8] a dibao application: survey, opinion, 7-day notice, county grant → in payment', () => {
    const f = path(ctx(), [survey(), step('financial-check', { result: 'matched' }, { role: 'supervisor' }), opinionGrant(), notice(), grant()]);
    expect(f.state.phase).toBe('in-payment');
    expect(f.stale).toEqual([]);
  });

  it('[CL2] nothing but a survey (or an extension) comes before the investigation', () => {
    expect(canFollow(ctx(), [], opinionGrant())).toMatchObject({ ok: false, rule: 'CL2' });
    expect(canFollow(ctx(), [], step('financial-check', { result: 'matched' }))).toMatchObject({ ok: false, rule: 'CL2' });
    expect(canFollow(ctx(), [], survey('annual-review'))).toMatchObject({ ok: false, rule: 'CL2' });
    expect(nextStepKinds(ctx(), [])).toEqual(['survey', 'extension']);
  });

  it('[CL7] an objection sends the case back to investigation, and the notice is repeated', () => {
    const c = ctx();
    const before = [survey(), opinionGrant(), notice([objection])];
    expect(canFollow(c, before, grant())).toMatchObject({ ok: false, rule: 'CL7' });
    expect(canFollow(c, before, opinionGrant())).toMatchObject({ ok: false, rule: 'CL7' });
    const reinvestigated = [...before, step('re-investigation', { reason: '核实车辆' })];
    // After the re-investigation the opinion is given again, and a grant needs a new notice.
    expect(canFollow(c, [...reinvestigated, opinionGrant()], grant())).toMatchObject({ ok: false, rule: 'CL8', reason: 'decision.grantNeedsNotice' });
    expect(path(c, [...reinvestigated, opinionGrant(), notice(), grant()]).state.phase).toBe('in-payment');
  });

  it('[CL5] the notice follows a grant proposal, once, for at least the policy’s days', () => {
    const c = ctx();
    expect(canFollow(c, [survey()], notice())).toMatchObject({ ok: false, rule: 'CL5' });
    expect(canFollow(c, [survey(), step('township-opinion', { proposal: 'refuse', reason: '收入超标' })], notice())).toMatchObject({ ok: false, rule: 'CL5' });
    const short = step('notice', { start: '2025-03-11', end: '2025-03-16', objections: [] });
    expect(canFollow(c, [survey(), opinionGrant()], short)).toEqual({ ok: false, rule: 'CL5', reason: 'notice.tooShort' });
    expect(canFollow(c, [survey(), opinionGrant(), notice()], notice())).toMatchObject({ ok: false, rule: 'CL5' });
    // A county that sets 5 days accepts the 6-day notice.
    expect(canFollow({ ...c, params: { ...DIBAO_CASE_PARAMS, noticeDays: 5 } }, [survey(), opinionGrant()], short)).toEqual({ ok: true });
  });

  it('[CL8] a refusal proposal goes to the county without a notice; the county refuses → closed', () => {
    const refuse = step('county-decision', { outcome: 'refuse', reason: '收入超标' }, { role: 'supervisor' });
    const f = path(ctx(), [survey(), step('township-opinion', { proposal: 'refuse', reason: '收入超标' }), refuse]);
    expect(f.state.phase).toBe('closed');
  });

  it('[CL8] a county decision needs an opinion; a return sends it back for re-investigation', () => {
    expect(canFollow(ctx(), [survey()], grant())).toMatchObject({ ok: false, rule: 'CL8', reason: 'decision.needsOpinion' });
    const ret = step('county-decision', { outcome: 'return', missing: '缺少收入证明', comment: '请补充' }, { role: 'supervisor' });
    const back = [survey(), opinionGrant(), notice(), ret];
    expect(canFollow(ctx(), back, opinionGrant())).toMatchObject({ ok: false, rule: 'CL7' });
    expect(canFollow(ctx(), back, grant())).toMatchObject({ ok: false, rule: 'CL7' });
    expect(path(ctx(), [...back, step('re-investigation', { reason: '补充收入证明' }), opinionGrant(), notice(), grant()]).state.phase).toBe('in-payment');
  });

  it('[CL4] orphan and child-without-care cases skip the public notice (and may not hold one)', () => {
    for (const programme of ['orphan', 'child-without-care'] as const) {
      const c = ctx(programme);
      expect(canFollow(c, [survey(), opinionGrant()], notice())).toMatchObject({ ok: false, rule: 'CL4' });
      expect(path(c, [survey(), opinionGrant(), grant()]).state.phase).toBe('in-payment');
    }
  });

  it('[CL6] an emergency temporary-assistance case may be granted first and completed afterwards', () => {
    const c = ctx('temporary-emergency');
    const first = step('emergency-grant', { amount: 2000, reason: '火灾' });
    expect(canFollow(c, [], first)).toEqual({ ok: true });
    expect(canFollow(c, [first], step('emergency-grant', { amount: 100, reason: '再次' }))).toMatchObject({ ok: false, rule: 'CL6' });
    expect(path(c, [first, survey(), opinionGrant(), notice(), grant()]).state.phase).toBe('in-payment');
    // Not for a dibao case.
    expect(canFollow(ctx(), [], first)).toMatchObject({ ok: false, rule: 'CL6' });
  });

  it('[CL3] the decision deadline is extended once, with a reason', () => {
    const ext = step('extension', { reason: '需跨县核查' }, { role: 'supervisor' });
    expect(canFollow(ctx(), [survey()], ext)).toEqual({ ok: true });
    expect(canFollow(ctx(), [survey(), ext], ext)).toMatchObject({ ok: false, rule: 'CL3' });
  });

  it('[CL10] a close relative’s case is decided only after county staff surveyed it themselves', () => {
    const c = ctx('dibao', true);
    expect(canFollow(c, [survey(), opinionGrant(), notice()], grant())).toMatchObject({ ok: false, rule: 'CL10' });
    expect(path(c, [survey(), survey('new-application', 'supervisor'), opinionGrant(), notice(), grant()]).state.phase).toBe('in-payment');
  });

  it('[CL9] in payment: a review survey, then continue / adjust / gradual exit (within the policy) / stop', () => {
    const c = ctx();
    const paid = [survey(), opinionGrant(), notice(), grant()];
    const cont = step('review-outcome', { outcome: 'continue', reviewEvery: 'unstable' }, { role: 'supervisor' });
    expect(canFollow(c, paid, cont)).toMatchObject({ ok: false, rule: 'CL9', reason: 'review.needsSurvey' });
    expect(canFollow(c, paid, survey())).toMatchObject({ ok: false, rule: 'CL9' });
    expect(canFollow(c, paid, opinionGrant())).toMatchObject({ ok: false, rule: 'CL9' });
    const reviewed = [...paid, survey('annual-review')];
    expect(canFollow(c, reviewed, step('review-outcome', { outcome: 'gradual-exit', months: 7 }))).toMatchObject({ ok: false, rule: 'CL9' });
    const exit = step('review-outcome', { outcome: 'gradual-exit', months: 6 }, { role: 'supervisor' });
    const stop = step('review-outcome', { outcome: 'stop', reason: '渐退期满' }, { role: 'supervisor' });
    expect(path(c, [...reviewed, exit, stop]).state.phase).toBe('closed');
    expect(path(c, [...reviewed, cont]).state.phase).toBe('in-payment');
  });

  it('[CL12] a closed case takes no step but a correction', () => {
    const closed = [survey(), step('township-opinion', { proposal: 'refuse', reason: '收入超标' }), step('county-decision', { outcome: 'refuse', reason: '收入超标' })];
    expect(canFollow(ctx(), closed, survey())).toMatchObject({ ok: false, rule: 'CL12' });
    expect(nextStepKinds(ctx(), closed)).toEqual(['correction']);
  });

  it('[CL11] a correction cites a step of the path; an earlier step keeps its outcome, the latest may change it', () => {
    const c = ctx();
    const op = opinionGrant();
    const steps = [survey(), op, notice()];
    const fixAmount = step('correction', { corrects: op.id, reason: '金额笔误', replacement: { proposal: 'grant', amount: 480 } });
    expect(canFollow(c, steps, fixAmount)).toEqual({ ok: true });
    const flip = step('correction', { corrects: op.id, reason: '改为不予', replacement: { proposal: 'refuse', reason: 'x' } });
    expect(canFollow(c, steps, flip)).toMatchObject({ ok: false, rule: 'CL11', reason: 'correction.changesOutcomeOfEarlierStep' });
    expect(canFollow(c, [survey(), op], flip)).toEqual({ ok: true });
    const bad = step('correction', { corrects: op.id, reason: 'x', replacement: { proposal: 'grant' } });
    expect(canFollow(c, steps, bad)).toMatchObject({ ok: false, rule: 'CL11', reason: 'correction.replacementInvalid' });
    const unknown = step('correction', { corrects: 'step-unknown', reason: 'x', replacement: {} });
    expect(canFollow(c, steps, unknown)).toMatchObject({ ok: false, rule: 'CL11', reason: 'correction.citesUnknownStep' });
    // The corrected amount is what the path holds; the original step is still there, never edited.
    const f = foldSteps(c, [...steps, fixAmount]);
    expect(f.state.path.find((s) => s.id === op.id)?.payload).toEqual({ proposal: 'grant', amount: 480 });
    expect(op.payload).toEqual({ proposal: 'grant', amount: 520 });
  });

  it('two tablets offline: the second opinion to arrive is stale, kept, and does not move the case', () => {
    const a = opinionGrant();
    const b = step('township-opinion', { proposal: 'refuse', reason: '另一名工作人员的意见' });
    const f = foldSteps(ctx(), [survey(), a, b, notice()]);
    expect(f.stale.map((s) => [s.step.id, s.rule])).toEqual([[b.id, 'CL2']]);
    expect(f.state.opinion).toBe('grant');
    expect(f.state.noticed).toBe(true);
  });
});

describe('a step on its own (RULES.md CV1–CV2)', () => {
  it('[CV1] the payload must match its kind, strictly', () => {
    const r = validateStepAlone({ ...opinionGrant(), payload: { proposal: 'grant', amount: 10, secret: 1 } });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues[0]).toMatchObject({ rule: 'CV1', path: 'payload' });
    expect(validateStepAlone({ ...grant(), kind: 'notice' }).ok).toBe(false);
    expect(validateStepAlone(grant()).ok).toBe(true);
    // A correction's replacement is a payload too, however deep someone nests it.
    const junk = step('correction', { corrects: 'step-0001', reason: 'x', replacement: { a: { b: { c: {} } } } as never });
    expect(validateStepAlone(junk)).toMatchObject({ ok: false, issues: [{ rule: 'CV1', path: 'payload' }] });
  });

  it('[CV1] what is kept is the parsed step: text trimmed (SPEC P11)', () => {
    const r = validateStepAlone(step('extension', { reason: '  需跨县核查  ' }));
    expect(r.ok && r.step.payload).toEqual({ reason: '需跨县核查' });
  });

  it('[CV2] the first month paid is the month after the decision, in China time', () => {
    // 31 Mar 2025 20:00 UTC is 1 Apr in China: the first month is May.
    const late = { ...grant(), when: '2025-03-31T20:00:00Z', payload: { outcome: 'grant', amount: 520, firstMonth: '2025-04', reviewEvery: 'stable' } };
    expect(validateStepAlone(late)).toMatchObject({ ok: false, issues: [{ path: 'payload.firstMonth', rule: 'CV2' }] });
    expect(validateStepAlone({ ...late, payload: { ...late.payload, firstMonth: '2025-05' } }).ok).toBe(true);
    // December's decision pays from January of the next year.
    expect(validateStepAlone({ ...late, when: '2025-12-15T10:00:00+08:00', payload: { ...late.payload, firstMonth: '2026-01' } }).ok).toBe(true);
  });

  it('[CV2] a notice ends after it starts, and its objections fall within it', () => {
    expect(validateStepAlone(step('notice', { start: '2025-03-11', end: '2025-03-10', objections: [] }))).toMatchObject({ ok: false, issues: [{ message: 'notice.endBeforeStart' }] });
    expect(validateStepAlone(step('notice', { start: '2025-03-11', end: '2025-03-17', objections: [{ ...objection, when: '2025-03-20' }] }))).toMatchObject({
      ok: false, issues: [{ path: 'payload.objections.0.when' }],
    });
  });
});

describe('deadlines (RULES.md CD1–CD4)', () => {
  const calendar = buildWorkCalendar(calendarYearsFromPackage(chineseDays, 'test'));
  const kase = { acceptedOn: '2025-09-26' };

  it('[CD1] before any survey: the survey starts within 3 working days (the adjusted Sunday counts)', () => {
    const d = currentDeadline(calendar, kase, foldSteps(ctx(), []).state, DIBAO_CASE_PARAMS, '2025-09-28');
    expect(d).toEqual({ ok: true, deadline: { kind: 'survey-start', due: '2025-09-30', daysLeft: 2, overdue: false, unit: 'working-days' } });
  });

  it('[CD2] after the survey: the decision within 30 working days, 45 after an extension; overdue is negative', () => {
    const state = foldSteps(ctx(), [survey()]).state;
    const d = currentDeadline(calendar, kase, state, DIBAO_CASE_PARAMS, '2025-10-09');
    // 28 (adjusted Sunday), 29, 30 Sep (3); the holiday week; 9, 10, 11 (adjusted Saturday) Oct (6); then
    // whole weeks to 7 Nov (26); 10–13 Nov (30). Plain weekdays would have given 6 Nov.
    expect(d).toMatchObject({ ok: true, deadline: { kind: 'decision', due: '2025-11-13', daysLeft: 26, overdue: false } });
    const ext = foldSteps(ctx(), [survey(), step('extension', { reason: '跨县核查' })]).state;
    expect(currentDeadline(calendar, kase, ext, DIBAO_CASE_PARAMS, '2025-10-09')).toMatchObject({ ok: true, deadline: { due: '2025-12-04' } });
    expect(currentDeadline(calendar, kase, state, DIBAO_CASE_PARAMS, '2025-11-17')).toMatchObject({ ok: true, deadline: { daysLeft: -2, overdue: true } });
  });

  it('[CD2][WD5] a deadline in a year the calendar lacks is reported as such', () => {
    const one = buildWorkCalendar(calendarYearsFromPackage(chineseDays, 'test').filter((y) => y.year === 2025));
    expect(currentDeadline(one, { acceptedOn: '2025-12-20' }, foldSteps(ctx(), [survey()]).state, DIBAO_CASE_PARAMS, '2025-12-22')).toEqual({ ok: false, missingYear: 2026 });
  });

  it('[CD4] the review falls due 12 months (stable) or 6 (unstable) after the first month paid', () => {
    const paid = foldSteps(ctx(), [survey(), opinionGrant(), notice(), grant()]).state;
    expect(reviewDueMonth(paid.path, DIBAO_CASE_PARAMS)).toBe('2026-04');
    expect(currentDeadline(calendar, kase, paid, DIBAO_CASE_PARAMS, '2026-05-02')).toEqual({ ok: true, deadline: { kind: 'review', dueMonth: '2026-04', overdue: true } });
    const unstable = step('county-decision', { outcome: 'grant', amount: 520, firstMonth: '2025-11', reviewEvery: 'unstable' }, { role: 'supervisor' });
    expect(reviewDueMonth([unstable], DIBAO_CASE_PARAMS)).toBe('2026-05');
  });
});
