import type { Change, ChangeResult } from '../../../src/shared/protocol/messages';
import type { ErrorCode } from '../../../src/shared/protocol/error-codes';
import { deepEqual } from '../../../src/shared/rules/deep-equal';
import { COUNTY_STEP_KINDS, type CaseStepKind } from '../../../src/shared/schema/case-step';
import { validateStepAlone } from '../../../src/shared/rules/case/validate-step';
import type { StoredRecord } from '../store/store';
import type { ChangeTx } from './batch-tx';
import type { PushActor } from './apply-change';
import { flagStaleSteps } from './case-stale-flag';

export const CASE_ENTITIES: readonly string[] = ['case', 'caseStep'];

function rejected(change: Change, code: ErrorCode, issues?: ChangeResult['issues']): ChangeResult {
  return { seq: change.seq, id: change.id, status: 'rejected', code, ...(issues ? { issues } : {}) };
}

/** Whether the change sends only what the stored record already holds (a replay: SPEC C5, no change). */
function sameAsStored(existing: StoredRecord, fields: Record<string, unknown>): boolean {
  return Object.entries(fields).every(([k, v]) => deepEqual(existing.fields[k] ?? null, v ?? null));
}

/** The kind whose rule a step falls under for roles: a correction counts as the step it corrects. */
async function effectiveKind(tx: ChangeTx, fields: Record<string, unknown>): Promise<CaseStepKind | null> {
  const kind = fields.kind as CaseStepKind;
  if (kind !== 'correction') return kind;
  const corrects = (fields.payload as { corrects?: unknown } | undefined)?.corrects;
  const cited = typeof corrects === 'string' ? await tx.getRecord('caseStep', corrects) : null;
  return cited ? (cited.fields.kind as CaseStepKind) : null;
}

/**
 * The checks a case or step change gets before the merge (SPEC K2–K4), after the area checks (A2, A6):
 * K2 written once — a change to a stored case or step that alters anything is refused (a replay is not);
 * K3 a step invalid on its own (validate-step.ts) is refused, with the rule ids;
 * K4 who may record it — the account itself, in the role it holds; county steps by a supervisor only
 * (an administrator never decides). Returns the rejection, or null to carry on.
 * What depends on the other steps of the case (canFollow) is never refused here: see afterCaseChange.
 */
export async function checkCaseChange(
  tx: ChangeTx,
  actor: PushActor,
  change: Change,
  existing: StoredRecord | null,
  fields: Record<string, unknown>,
): Promise<ChangeResult | null> {
  if (!CASE_ENTITIES.includes(change.entity)) return null;
  const audit = (code: ErrorCode, detail: Record<string, unknown>) =>
    tx.appendAudit({
      at: actor.at, userId: actor.user.id, deviceId: actor.deviceId, township: actor.township, action: 'sync.rejected',
      entity: change.entity, recordId: change.id, detail: { seq: change.seq, code, ...detail },
    });
  if (existing) {
    if (sameAsStored(existing, fields)) return null;
    await audit('CHANGE_IMMUTABLE', { fields: Object.keys(fields).sort() });
    return rejected(change, 'CHANGE_IMMUTABLE');
  }
  if (change.entity !== 'caseStep') return null;

  const alone = validateStepAlone(fields);
  if (!alone.ok) {
    // A schema failure (CV1) is the ordinary CHANGE_INVALID; a step inconsistent in itself (CV2) has its own code.
    const code: ErrorCode = alone.issues.some((i) => i.rule === 'CV1') ? 'CHANGE_INVALID' : 'CASE_STEP_INVALID';
    // Paths and rule ids only: the values may name people (privacy.md §6).
    await audit(code, { paths: alone.issues.map((i) => i.path), rules: [...new Set(alone.issues.map((i) => i.rule))] });
    return rejected(change, code, alone.issues.map((i) => ({ path: i.path, message: i.message })));
  }
  const step = alone.step;
  const kind = await effectiveKind(tx, fields);
  const role = actor.user.role;
  // An administrator keeps the system, never a case (separation of duties); a worker proposes, the county
  // supervisor decides. A correction of a step the server does not have yet is held to the county's rule.
  if (role === 'admin' || ((kind === null || COUNTY_STEP_KINDS.includes(kind)) && role !== 'supervisor')) {
    await audit('CASE_DECIDER_ONLY', { kind: step.kind, role });
    return rejected(change, 'CASE_DECIDER_ONLY');
  }
  const whoIssues: ChangeResult['issues'] = [];
  if (step.who.userId !== actor.user.id) whoIssues.push({ path: 'who.userId', message: 'step.whoNotWriter' });
  if (step.who.role !== role) whoIssues.push({ path: 'who.role', message: 'step.whoRole' });
  if (whoIssues.length) {
    await audit('CASE_STEP_INVALID', { paths: whoIssues.map((i) => i.path), rules: ['K4'] });
    return rejected(change, 'CASE_STEP_INVALID', whoIssues);
  }
  return null;
}

/**
 * After a case or step was first stored, in the same transaction (SPEC K5): index the step under its
 * case in arrival order, then fold the case's steps with the transition rule; steps that can no longer
 * follow are kept and the case is flagged for the county. A case arriving after its steps is checked too.
 */
export async function afterCaseChange(tx: ChangeTx, actor: PushActor, change: Change, existing: StoredRecord | null, result: ChangeResult): Promise<void> {
  if (!CASE_ENTITIES.includes(change.entity) || existing || result.status === 'rejected') return;
  const stored = await tx.getRecord(change.entity, change.id);
  if (!stored) return;
  const caseId = change.entity === 'case' ? change.id : (stored.fields.caseId as string);
  if (change.entity === 'caseStep') await tx.linkCaseStep(caseId, change.id, stored.serverSeq);
  await flagStaleSteps(tx, actor, caseId);
}
