import type { CaseRecord } from '../../schema/case';
import type { CaseParams } from '../../schema/case-policy';
import type { CaseStep } from '../../schema/case-step';
import { addDays, addMonths, chinaDate } from './calendar-dates';
import type { CaseState } from './transitions';
import { addWorkingDays, workingDaysLeft, type MissingYear, type WorkCalendar } from './working-days';

/**
 * The deadlines of a case (RULES.md CD1–CD4), pure: the caller passes the calendar and today's China
 * date. A deadline that needs a year the calendar lacks is reported as `MissingYear` (WD5).
 */
export type CaseDeadline =
  | { kind: 'survey-start' | 'decision' | 'notice-end'; due: string; daysLeft: number; overdue: boolean; unit: 'working-days' | 'days' }
  | { kind: 'review'; dueMonth: string; overdue: boolean }
  | { kind: 'none' };

export type DeadlineResult = ({ ok: true } & { deadline: CaseDeadline }) | MissingYear;

/** [CD2] The date by which the county must decide: acceptance + 30 working days, 45 after an extension. */
export function decisionDue(calendar: WorkCalendar, acceptedOn: string, params: CaseParams, extended: boolean) {
  return addWorkingDays(calendar, acceptedOn, extended ? params.extendedDecisionWorkingDays : params.decisionWorkingDays);
}

/** [CD4] The month the next review falls due: the first month paid (or the review's month) + the interval. */
export function reviewDueMonth(path: readonly CaseStep[], params: CaseParams): string | null {
  for (let i = path.length - 1; i >= 0; i -= 1) {
    const s = path[i]!;
    const months = (every: 'stable' | 'unstable') => (every === 'stable' ? params.reviewMonthsStable : params.reviewMonthsUnstable);
    if (s.kind === 'county-decision' && s.payload.outcome === 'grant') return addMonths(s.payload.firstMonth, months(s.payload.reviewEvery));
    if (s.kind === 'review-outcome') {
      const p = s.payload;
      if (p.outcome === 'adjust') return addMonths(p.firstMonth, months(p.reviewEvery));
      if (p.outcome === 'continue') return addMonths(chinaDate(s.when), months(p.reviewEvery));
      // A gradual exit is reviewed when it ends (case-lifecycle.md 渐退期).
      if (p.outcome === 'gradual-exit') return addMonths(chinaDate(s.when), p.months);
    }
  }
  return null;
}

/**
 * [CD1–CD4] The deadline the case is working against now:
 * before any survey, the survey start (CD1); then the whole-path decision (CD2); while a notice hangs it
 * still is the decision (the notice's own end, CD3, is `noticeEnd`); in payment, the review month (CD4).
 */
export function currentDeadline(
  calendar: WorkCalendar,
  kase: Pick<CaseRecord, 'acceptedOn'>,
  state: CaseState,
  params: CaseParams,
  today: string,
): DeadlineResult {
  if (state.phase === 'closed') return { ok: true, deadline: { kind: 'none' } };
  if (state.phase === 'in-payment') {
    const dueMonth = reviewDueMonth(state.path, params);
    if (!dueMonth) return { ok: true, deadline: { kind: 'none' } };
    return { ok: true, deadline: { kind: 'review', dueMonth, overdue: today.slice(0, 7) > dueMonth } };
  }
  const surveyed = state.path.some((s) => s.kind === 'survey');
  const due = surveyed
    ? decisionDue(calendar, kase.acceptedOn, params, state.extended)
    : addWorkingDays(calendar, kase.acceptedOn, params.surveyStartWorkingDays);
  if (!due.ok) return due;
  const left = workingDaysLeft(calendar, today, due.date);
  if (!left.ok) return left;
  return { ok: true, deadline: { kind: surveyed ? 'decision' : 'survey-start', due: due.date, daysLeft: left.days, overdue: left.overdue, unit: 'working-days' } };
}

/** [CD3] The last day a notice must hang: start + noticeDays − 1 (calendar days, both ends counted). */
export function noticeEnd(start: string, params: CaseParams): string {
  return addDays(start, params.noticeDays - 1);
}
