import { caseStepSchema, type CaseStep } from '../../schema/case-step';
import { addMonths, chinaDate, dayNumber } from './calendar-dates';

export interface StepIssue {
  path: string;
  message: string;
  /** The rule that refused it (RULES.md). */
  rule: string;
}

export type StepAlone = { ok: true; step: CaseStep } | { ok: false; issues: StepIssue[] };

/**
 * What a step must satisfy on its own, whatever came before it (RULES.md CV1–CV2): the server refuses
 * such a step per change; everything that depends on the other steps of the case is `canFollow`, which
 * the tablet enforces and the server only flags (two tablets offline may each record a step that was
 * legal where it was made).
 */
export function validateStepAlone(fields: unknown): StepAlone {
  const parsed = caseStepSchema.safeParse(fields);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, rule: 'CV1' })) };
  }
  const step = parsed.data as CaseStep;
  const issues: StepIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ path, message, rule: 'CV2' });
  const decidedIn = chinaDate(step.when).slice(0, 7);
  switch (step.kind) {
    case 'notice': {
      const { start, end, objections } = step.payload;
      if (dayNumber(end) < dayNumber(start)) issue('payload.end', 'notice.endBeforeStart');
      objections.forEach((o, i) => {
        // An objection is heard while the notice hangs (or the day it comes down).
        if (dayNumber(o.when) < dayNumber(start) || dayNumber(o.when) > dayNumber(end)) issue(`payload.objections.${i}.when`, 'objection.outsideNotice');
      });
      break;
    }
    case 'county-decision':
      // The first month paid is the month after the decision (case-lifecycle.md §5), in China time.
      if (step.payload.outcome === 'grant' && step.payload.firstMonth !== addMonths(decidedIn, 1)) issue('payload.firstMonth', 'decision.firstMonthNotNext');
      break;
    case 'review-outcome':
      if (step.payload.outcome === 'adjust' && step.payload.firstMonth !== addMonths(decidedIn, 1)) issue('payload.firstMonth', 'decision.firstMonthNotNext');
      break;
    case 'correction':
      if (step.payload.corrects === step.id) issue('payload.corrects', 'correction.citesItself');
      break;
    default:
      break;
  }
  return issues.length ? { ok: false, issues } : { ok: true, step };
}
