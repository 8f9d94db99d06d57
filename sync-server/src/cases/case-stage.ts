import { UNPUBLISHED_PROGRAMMES, type CaseProgramme } from '../../../src/shared/schema/case';
import type { CaseStage } from '../../../src/shared/protocol/county-cases';
import type { CaseState } from '../../../src/shared/rules/case/transitions';

/**
 * [K10] The county is next: an opinion stands, nothing asks for re-investigation, and either the
 * township proposes a refusal, or a grant has been noticed without objections (CL8), or the case is
 * never noticed (CL4). A grant proposal still before its notice is the township's to notice first.
 */
export function awaitingDecision(state: CaseState, programme: CaseProgramme): boolean {
  if (state.phase !== 'application' || state.reinvestigationDue || state.opinion === null) return false;
  return state.opinion === 'refuse' || state.noticed || UNPUBLISHED_PROGRAMMES.includes(programme);
}

/** [K14] One word for where a case stands (the dashboard counts cases by it). */
export function stageOf(state: CaseState, programme: CaseProgramme): CaseStage {
  if (state.phase === 'closed') return 'closed';
  if (state.phase === 'in-payment') return 'in-payment';
  if (awaitingDecision(state, programme)) return 'awaiting-decision';
  if (state.reinvestigationDue) return 'returned';
  if (state.opinion === 'grant') return 'notice';
  return state.path.some((s) => s.kind === 'survey') ? 'investigating' : 'accepted';
}
