import type { CaseRecord } from '../../schema/case';
import type { CaseParams } from '../../schema/case-policy';
import type { CaseStep, CaseStepKind } from '../../schema/case-step';
import { currentDeadline, type CaseDeadline } from './deadlines';
import { foldSteps, nextStepKinds, type CasePhase } from './transitions';
import type { WorkCalendar } from './working-days';

/** What a list of cases shows per case (我的案件, the county's queue): where it stands and what is due. */
export interface CaseSummary {
  caseId: string;
  phase: CasePhase;
  lastStep: CaseStep | null;
  nextKinds: CaseStepKind[];
  /** The deadline, or the calendar year it needs and lacks (WD5): never a guess. */
  deadline: CaseDeadline | { kind: 'calendar-missing'; year: number };
  /** The county's latest return while it still asks for re-investigation: shown where the worker looks. */
  openReturn: { missing: string; comment?: string } | null;
  staleStepIds: string[];
}

export interface SummaryInput {
  kase: Pick<CaseRecord, 'id' | 'programme' | 'closeRelative' | 'acceptedOn'>;
  steps: readonly CaseStep[];
  params: CaseParams;
  calendar: WorkCalendar;
  /** Today's China date (chinaDate(now)): passed in, never read here. */
  today: string;
}

export function summariseCase({ kase, steps, params, calendar, today }: SummaryInput): CaseSummary {
  const ctx = { case: kase, params };
  const { state, stale } = foldSteps(ctx, steps);
  const due = currentDeadline(calendar, kase, state, params, today);
  const last = state.path.at(-1) ?? null;
  const ret = state.reinvestigationDue && last?.kind === 'county-decision' && last.payload.outcome === 'return' ? last.payload : null;
  return {
    caseId: kase.id,
    phase: state.phase,
    lastStep: last,
    nextKinds: nextStepKinds(ctx, steps),
    deadline: due.ok ? due.deadline : { kind: 'calendar-missing', year: due.missingYear },
    openReturn: ret ? { missing: ret.missing, ...(ret.comment ? { comment: ret.comment } : {}) } : null,
    staleStepIds: stale.map((s) => s.step.id),
  };
}

/**
 * The order of 我的案件 and of the county's queue: a missing calendar first (nothing can be promised),
 * then working-day deadlines, most overdue / fewest days left first, then reviews by month, then cases
 * with nothing due. Ties keep the given order (a stable sort).
 */
export function byDeadline(a: CaseSummary, b: CaseSummary): number {
  const rank = (s: CaseSummary): [number, number | string] => {
    const d = s.deadline;
    if (d.kind === 'calendar-missing') return [0, d.year];
    if (d.kind === 'review') return [2, d.dueMonth];
    if (d.kind === 'none') return [3, 0];
    return [1, d.daysLeft];
  };
  const [ra, va] = rank(a);
  const [rb, vb] = rank(b);
  if (ra !== rb) return ra - rb;
  return va < vb ? -1 : va > vb ? 1 : 0;
}

/** [CD4] The cases whose review falls due in `month` (YYYY-MM) or earlier and is still open: 本月到期复核. */
export function reviewsDue(summaries: readonly CaseSummary[], month: string): CaseSummary[] {
  return summaries.filter((s) => s.deadline.kind === 'review' && s.deadline.dueMonth <= month);
}

