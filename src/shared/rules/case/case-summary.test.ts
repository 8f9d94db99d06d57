import { describe, expect, it } from 'vitest';
import chineseDays from 'chinese-days/dist/chinese-days.json';
import { DIBAO_CASE_PARAMS } from '../../schema/case-policy';
import type { CaseStep } from '../../schema/case-step';
import { calendarYearsFromPackage } from './calendar-from-package';
import { byDeadline, reviewsDue, summariseCase } from './case-summary';
import { buildWorkCalendar } from './working-days';

const years = calendarYearsFromPackage(chineseDays, 'test');
const calendar = buildWorkCalendar(years);
type Who = { userId: string; name: string; role: 'worker' | 'supervisor' };
const who: Who = { userId: 'u1', name: '王干事', role: 'worker' };
const county: Who = { ...who, role: 'supervisor' };
let n = 0;
const s = (kind: CaseStep['kind'], payload: unknown, by = who, when = '2025-11-03T09:00:00+08:00') =>
  ({ id: `step-${String(++n).padStart(4, '0')}`, caseId: 'case-0001', kind, who: by, when, payload }) as CaseStep;
const kase = (id: string, acceptedOn = '2025-11-03') => ({ id, programme: 'dibao' as const, closeRelative: false, acceptedOn });
const survey = () => s('survey', { surveyId: 'survey-0001', visitKind: 'new-application' });

describe('case summaries for 我的案件 and the county queue', () => {
  it('[CD1][CD2] shows the step, what may follow and the working days left', () => {
    const fresh = summariseCase({ kase: kase('case-a'), steps: [], params: DIBAO_CASE_PARAMS, calendar, today: '2025-11-04' });
    expect(fresh).toMatchObject({ phase: 'application', lastStep: null, nextKinds: ['survey', 'extension'], deadline: { kind: 'survey-start', due: '2025-11-06', daysLeft: 2 } });
    const surveyed = summariseCase({ kase: kase('case-b'), steps: [survey()], params: DIBAO_CASE_PARAMS, calendar, today: '2025-11-04' });
    expect(surveyed.deadline).toMatchObject({ kind: 'decision', overdue: false });
    expect(surveyed.nextKinds).toContain('township-opinion');
  });

  it('[CL8] a county return is shown with its comment until the re-investigation', () => {
    const ret = s('county-decision', { outcome: 'return', missing: '缺少收入证明', comment: '请补充' }, county);
    const steps = [survey(), s('township-opinion', { proposal: 'refuse', reason: '收入超标' }), ret];
    expect(summariseCase({ kase: kase('case-c'), steps, params: DIBAO_CASE_PARAMS, calendar, today: '2025-11-10' }).openReturn).toEqual({ missing: '缺少收入证明', comment: '请补充' });
    const after = [...steps, s('re-investigation', { reason: '补充收入证明' })];
    expect(summariseCase({ kase: kase('case-c'), steps: after, params: DIBAO_CASE_PARAMS, calendar, today: '2025-11-10' }).openReturn).toBeNull();
  });

  it('[WD5] a deadline in a missing year says so, and such cases sort first', () => {
    const only2025 = buildWorkCalendar(years.filter((y) => y.year === 2025));
    const late = summariseCase({ kase: kase('case-d', '2025-12-22'), steps: [survey()], params: DIBAO_CASE_PARAMS, calendar: only2025, today: '2025-12-23' });
    expect(late.deadline).toEqual({ kind: 'calendar-missing', year: 2026 });
    const soon = summariseCase({ kase: kase('case-e', '2025-11-03'), steps: [survey()], params: DIBAO_CASE_PARAMS, calendar: only2025, today: '2025-12-10' });
    const later = summariseCase({ kase: kase('case-f', '2025-11-10'), steps: [survey()], params: DIBAO_CASE_PARAMS, calendar: only2025, today: '2025-12-10' });
    expect([later, soon, late].sort(byDeadline).map((x) => x.caseId)).toEqual(['case-d', 'case-e', 'case-f']);
  });

  it('[CD4] 本月到期复核: granted cases whose review month has come', () => {
    const paid = (firstMonth: string, every: 'stable' | 'unstable') => [
      survey(), s('township-opinion', { proposal: 'grant', amount: 300 }), s('notice', { start: '2025-01-06', end: '2025-01-12', objections: [] }),
      s('county-decision', { outcome: 'grant', amount: 300, firstMonth, reviewEvery: every }, county),
    ];
    const a = summariseCase({ kase: kase('case-g'), steps: paid('2025-02', 'unstable'), params: DIBAO_CASE_PARAMS, calendar, today: '2025-08-05' });
    const b = summariseCase({ kase: kase('case-h'), steps: paid('2025-02', 'stable'), params: DIBAO_CASE_PARAMS, calendar, today: '2025-08-05' });
    expect(a.deadline).toEqual({ kind: 'review', dueMonth: '2025-08', overdue: false });
    expect(reviewsDue([a, b], '2025-08').map((x) => x.caseId)).toEqual(['case-g']);
    expect(reviewsDue([a, b], '2026-02').map((x) => x.caseId)).toEqual(['case-g', 'case-h']);
  });
});
