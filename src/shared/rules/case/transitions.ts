import { GRANT_FIRST_PROGRAMMES, UNPUBLISHED_PROGRAMMES, type CaseRecord } from '../../schema/case';
import type { CaseParams } from '../../schema/case-policy';
import { STEP_PAYLOADS, type CaseStep, type CaseStepKind } from '../../schema/case-step';
import { dayNumber } from './calendar-dates';

/**
 * The transition rule (RULES.md CL1–CL12), pure: given a case and its steps in order, which steps may
 * follow. The tablet refuses a step that may not follow; the server stores it anyway when it arrives
 * late (another tablet's step got there first) and flags the case for the county (`foldSteps` says
 * which steps are stale).
 */
export type CasePhase = 'application' | 'in-payment' | 'closed';

export interface CaseState {
  phase: CasePhase;
  /** A survey or re-investigation since the application began, or since the last return or objection. */
  investigated: boolean;
  /** An objection or a county return asks for a re-investigation before anything else (CL7, CL8). */
  reinvestigationDue: boolean;
  /** The township's latest opinion since the last investigation. */
  opinion: 'grant' | 'refuse' | null;
  /** A notice without objections was held after the latest opinion. */
  noticed: boolean;
  /** A survey recorded by county staff in this application (CL10: a close relative's case). */
  countySurveyed: boolean;
  emergencyGranted: boolean;
  extended: boolean;
  /** In payment: a review survey since the last decision or review outcome (CL9). */
  reviewSurveyed: boolean;
  gradualExit: boolean;
  /** The effective steps: each corrected step replaced by its latest correction's payload (CL11). */
  path: CaseStep[];
}

export interface CaseContext {
  case: Pick<CaseRecord, 'programme' | 'closeRelative'>;
  params: CaseParams;
}

export type Follow = { ok: true } | { ok: false; rule: string; reason: string };

const INITIAL: CaseState = {
  phase: 'application', investigated: false, reinvestigationDue: false, opinion: null, noticed: false, countySurveyed: false,
  emergencyGranted: false, extended: false, reviewSurveyed: false, gradualExit: false, path: [],
};

const no = (rule: string, reason: string): Follow => ({ ok: false, rule, reason });
const OK: Follow = { ok: true };

/** The outcome class a correction of an earlier (not the latest) step must keep (CL11). */
function outcomeOf(kind: CaseStepKind, payload: Record<string, unknown>): unknown {
  if (kind === 'township-opinion') return payload.proposal;
  if (kind === 'county-decision' || kind === 'review-outcome' || kind === 'financial-check') return payload.outcome ?? payload.result;
  if (kind === 'notice') return Array.isArray(payload.objections) && payload.objections.length > 0;
  if (kind === 'survey') return payload.visitKind;
  return null;
}

function checkCorrection(ctx: CaseContext, state: CaseState, step: Extract<CaseStep, { kind: 'correction' }>): Follow {
  const at = state.path.findIndex((s) => s.id === step.payload.corrects);
  if (at < 0) return no('CL11', 'correction.citesUnknownStep');
  const cited = state.path[at]!;
  const replacement = STEP_PAYLOADS[cited.kind].safeParse(step.payload.replacement);
  if (!replacement.success) return no('CL11', 'correction.replacementInvalid');
  const isLatest = at === state.path.length - 1;
  // Changing the outcome of an earlier step would leave the steps after it without their ground.
  if (!isLatest && outcomeOf(cited.kind, cited.payload as Record<string, unknown>) !== outcomeOf(cited.kind, replacement.data as Record<string, unknown>)) {
    return no('CL11', 'correction.changesOutcomeOfEarlierStep');
  }
  if (cited.kind === 'notice' && isLatest) return checkNoticeLength(ctx, replacement.data as Extract<CaseStep, { kind: 'notice' }>['payload']);
  return OK;
}

function checkNoticeLength(ctx: CaseContext, p: Extract<CaseStep, { kind: 'notice' }>['payload']): Follow {
  // Both days count: a notice from the 1st to the 7th hangs 7 days.
  return dayNumber(p.end) - dayNumber(p.start) + 1 < ctx.params.noticeDays ? no('CL5', 'notice.tooShort') : OK;
}

/** [CL1–CL12] Whether `step` may follow a case whose steps so far left it in `state`. */
export function canFollowState(ctx: CaseContext, state: CaseState, step: CaseStep): Follow {
  if (step.kind === 'correction') return checkCorrection(ctx, state, step);
  if (state.phase === 'closed') return no('CL12', 'case.closed');
  const programme = ctx.case.programme;
  if (state.phase === 'in-payment') {
    switch (step.kind) {
      case 'survey':
        return step.payload.visitKind === 'new-application' ? no('CL9', 'survey.reviewKindInPayment') : OK;
      case 'financial-check':
        return OK;
      case 'review-outcome':
        if (step.payload.outcome === 'stop' && state.gradualExit) return OK;
        if (!state.reviewSurveyed) return no('CL9', 'review.needsSurvey');
        if (step.payload.outcome === 'gradual-exit' && step.payload.months > ctx.params.gradualExitMaxMonths) return no('CL9', 'review.gradualExitTooLong');
        return OK;
      default:
        return no('CL9', 'step.notInPayment');
    }
  }
  // The application (CL1–CL8, CL10).
  switch (step.kind) {
    case 'survey':
      return step.payload.visitKind === 'new-application' ? OK : no('CL2', 'survey.newApplicationKind');
    case 'emergency-grant':
      if (!GRANT_FIRST_PROGRAMMES.includes(programme)) return no('CL6', 'emergency.notEmergencyProgramme');
      return state.emergencyGranted ? no('CL6', 'emergency.once') : OK;
    case 'financial-check':
      return state.investigated ? OK : no('CL2', 'step.needsInvestigation');
    case 're-investigation':
      return state.investigated || state.reinvestigationDue ? OK : no('CL2', 'step.needsInvestigation');
    case 'extension':
      return state.extended ? no('CL3', 'extension.once') : OK;
    case 'township-opinion':
      if (state.reinvestigationDue) return no('CL7', 'opinion.needsReinvestigation');
      if (!state.investigated) return no('CL2', 'step.needsInvestigation');
      return state.opinion ? no('CL2', 'opinion.alreadyGiven') : OK;
    case 'notice':
      if (UNPUBLISHED_PROGRAMMES.includes(programme)) return no('CL4', 'notice.neverForThisProgramme');
      if (state.opinion !== 'grant') return no('CL5', 'notice.needsGrantOpinion');
      if (state.noticed) return no('CL5', 'notice.alreadyHeld');
      return checkNoticeLength(ctx, step.payload);
    case 'county-decision': {
      if (state.reinvestigationDue) return no('CL7', 'decision.needsReinvestigation');
      if (!state.opinion) return no('CL8', 'decision.needsOpinion');
      if (ctx.case.closeRelative && !state.countySurveyed && step.payload.outcome !== 'return') return no('CL10', 'decision.closeRelativeNeedsCountySurvey');
      const skipsNotice = UNPUBLISHED_PROGRAMMES.includes(programme);
      if (step.payload.outcome === 'grant' && !skipsNotice && !(state.opinion === 'grant' && state.noticed)) return no('CL8', 'decision.grantNeedsNotice');
      return OK;
    }
    default:
      return no('CL2', 'step.notInApplication');
  }
}

/** The state after `step`, which must be able to follow `state` (canFollowState). */
export function applyStep(state: CaseState, step: CaseStep): CaseState {
  if (step.kind === 'correction') {
    // CL11: the path holds the cited step with its corrected payload; the state is re-derived from it.
    const path = state.path.map((s) => (s.id === step.payload.corrects ? ({ ...s, payload: step.payload.replacement } as CaseStep) : s));
    return path.reduce(applyStep, INITIAL);
  }
  const s: CaseState = { ...state, path: [...state.path, step] };
  switch (step.kind) {
    case 'survey':
      if (s.phase === 'in-payment') return { ...s, reviewSurveyed: true };
      return { ...s, investigated: true, countySurveyed: s.countySurveyed || step.who.role === 'supervisor' };
    case 're-investigation':
      // CL7: the re-investigation re-opens the opinion and the notice: both are given again.
      return { ...s, investigated: true, reinvestigationDue: false, opinion: null, noticed: false };
    case 'township-opinion':
      return { ...s, opinion: step.payload.proposal, noticed: false };
    case 'notice':
      // CL7: an objection sends the case back to investigation; the notice is repeated after it.
      return step.payload.objections.length > 0 ? { ...s, reinvestigationDue: true, opinion: null, noticed: false } : { ...s, noticed: true };
    case 'emergency-grant':
      return { ...s, emergencyGranted: true };
    case 'extension':
      return { ...s, extended: true };
    case 'county-decision':
      if (step.payload.outcome === 'grant') return { ...s, phase: 'in-payment', reviewSurveyed: false, gradualExit: false };
      if (step.payload.outcome === 'refuse') return { ...s, phase: 'closed' };
      // CL8: a return sends the case back to the township for more investigation.
      return { ...s, reinvestigationDue: true, opinion: null, noticed: false };
    case 'review-outcome':
      if (step.payload.outcome === 'stop') return { ...s, phase: 'closed' };
      return { ...s, reviewSurveyed: false, gradualExit: step.payload.outcome === 'gradual-exit' };
    default:
      return s;
  }
}

export interface FoldedSteps {
  state: CaseState;
  /** Steps that could not follow the ones before them, with the rule that says so (the server flags them). */
  stale: { step: CaseStep; rule: string; reason: string }[];
}

/**
 * Folds a case's steps in order (the server: in the order they arrived). A step that cannot follow is
 * stale: it is kept (nothing is ever dropped) but does not move the case; later steps are judged
 * against the path without it.
 */
export function foldSteps(ctx: CaseContext, steps: readonly CaseStep[]): FoldedSteps {
  let state = INITIAL;
  const stale: FoldedSteps['stale'] = [];
  for (const step of steps) {
    const follow = canFollowState(ctx, state, step);
    if (follow.ok) state = applyStep(state, step);
    else stale.push({ step, rule: follow.rule, reason: follow.reason });
  }
  return { state, stale };
}

/** [CL1–CL12] Whether `step` may follow `steps` (the tablet refuses it when not). */
export function canFollow(ctx: CaseContext, steps: readonly CaseStep[], step: CaseStep): Follow {
  return canFollowState(ctx, foldSteps(ctx, steps).state, step);
}

/** The step kinds that may follow (for the tablet's menu); a correction is always possible once a step exists. */
export function nextStepKinds(ctx: CaseContext, steps: readonly CaseStep[]): CaseStepKind[] {
  const { state } = foldSteps(ctx, steps);
  const probe = (kind: CaseStepKind, payload: Record<string, unknown>) =>
    canFollowState(ctx, state, { id: 'probe-0000', caseId: 'probe-0000', kind, who: { userId: 'x', name: 'x', role: 'supervisor' }, when: '2000-01-01T00:00:00Z', payload } as CaseStep).ok;
  const kinds: CaseStepKind[] = [];
  const visit = state.phase === 'in-payment' ? 'annual-review' : 'new-application';
  if (probe('survey', { surveyId: 'probe-0000', visitKind: visit })) kinds.push('survey');
  if (probe('financial-check', { result: 'matched' })) kinds.push('financial-check');
  if (probe('township-opinion', { proposal: 'refuse', reason: 'x' })) kinds.push('township-opinion');
  if (probe('notice', { start: '2000-01-01', end: '2000-12-31', objections: [] })) kinds.push('notice');
  if (probe('re-investigation', { reason: 'x' })) kinds.push('re-investigation');
  if (probe('emergency-grant', { amount: 1, reason: 'x' })) kinds.push('emergency-grant');
  if (probe('extension', { reason: 'x' })) kinds.push('extension');
  if (probe('county-decision', { outcome: 'return', missing: 'x' })) kinds.push('county-decision');
  if (probe('review-outcome', { outcome: 'stop', reason: 'x' }) || probe('review-outcome', { outcome: 'continue', reviewEvery: 'stable' })) kinds.push('review-outcome');
  if (state.path.length > 0) kinds.push('correction');
  return kinds;
}
