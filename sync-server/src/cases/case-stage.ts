import { UNPUBLISHED_PROGRAMMES, type CaseProgramme } from '../../../src/shared/schema/case';
import type { CaseStage } from '../../../src/shared/protocol/county-cases';
import type { CaseState } from '../../../src/shared/rules/case/transitions';

/** The end of the notice held after the latest opinion, if any. */
function noticeEndAfterOpinion(state: CaseState): string | null {
  const at = state.path.findLastIndex((s) => s.kind === 'township-opinion');
  const notice = state.path.slice(at + 1).findLast((s) => s.kind === 'notice');
  return notice?.kind === 'notice' ? notice.payload.end : null;
}

/**
 * [K10] The county is next: an opinion stands, nothing asks for re-investigation, and either the
 * township proposes a refusal, or a grant has been noticed without objections and the notice is over
 * (CL8, CD3), or the case is never noticed (CL4). A grant proposal before or during its notice is the
 * township's still. `today` is the China date.
 */
export function awaitingDecision(state: CaseState, programme: CaseProgramme, today: string): boolean {
  if (state.phase !== 'application' || state.reinvestigationDue || state.opinion === null) return false;
  if (state.opinion === 'refuse' || UNPUBLISHED_PROGRAMMES.includes(programme)) return true;
  const end = noticeEndAfterOpinion(state);
  return state.noticed && end !== null && end < today;
}

/** [K14] One word for where a case stands (the dashboard counts cases by it). */
export function stageOf(state: CaseState, programme: CaseProgramme, today: string): CaseStage {
  if (state.phase === 'closed') return 'closed';
  if (state.phase === 'in-payment') return 'in-payment';
  if (awaitingDecision(state, programme, today)) return 'awaiting-decision';
  if (state.reinvestigationDue) return 'returned';
  if (state.opinion === 'grant') return 'notice';
  return state.path.some((s) => s.kind === 'survey') ? 'investigating' : 'accepted';
}
