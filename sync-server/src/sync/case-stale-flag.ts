import { createHash } from 'node:crypto';
import type { FlagFields } from '../../../src/shared/rules/relocation/flag-fields';
import { CASE_FLAG_KIND, type CaseFlagFields } from '../../../src/shared/rules/case/case-flag';
import { foldSteps } from '../../../src/shared/rules/case/transitions';
import { caseRecordSchema } from '../../../src/shared/schema/case';
import { caseParamsFor, casePolicyId, casePolicySchema } from '../../../src/shared/schema/case-policy';
import { caseStepSchema, type CaseStep } from '../../../src/shared/schema/case-step';
import type { ChangeTx } from './batch-tx';
import type { PushActor } from './apply-change';
import { FLAG_ENTITY, putFlag } from './after-push-flag-write';

/** One flag per case, whoever finds it and however often. */
export function caseFlagId(caseId: string): string {
  return 'fl-' + createHash('sha256').update([CASE_FLAG_KIND, caseId].join('\u0000')).digest('hex').slice(0, 40);
}

/** The county code of a township code (the first six digits, statistical division codes). */
const countyOf = (township: string) => `${township.slice(0, 6)}000000`;

/**
 * SPEC K5: folds the case's steps in arrival order (rules/case/transitions.ts foldSteps); the steps that
 * cannot follow the ones before them are listed on the case's flag. Exactly once by construction: a flag
 * that already lists every stale step is not written again. A case the server does not have yet is
 * checked when it arrives.
 */
export async function flagStaleSteps(tx: ChangeTx, actor: PushActor, caseId: string): Promise<void> {
  const stored = await tx.getRecord('case', caseId);
  const kase = stored && caseRecordSchema.safeParse(stored.fields);
  if (!stored || !kase?.success || stored.township === null) return;
  const policyRecord = await tx.getRecord('casePolicy', casePolicyId(countyOf(stored.township)));
  const policy = policyRecord ? casePolicySchema.safeParse(policyRecord.fields) : null;
  const params = caseParamsFor(policy?.success ? policy.data : null, kase.data.programme);
  const steps = (await tx.listCaseSteps(caseId)).flatMap((r) => {
    const parsed = caseStepSchema.safeParse(r.fields);
    return parsed.success ? [parsed.data as CaseStep] : [];
  });
  const { stale } = foldSteps({ case: kase.data, params }, steps);
  if (stale.length === 0) return;

  const id = caseFlagId(caseId);
  const existing = await tx.getRecord(FLAG_ENTITY, id);
  const old = existing?.fields as CaseFlagFields | undefined;
  const recordIds = stale.map((s) => s.step.id);
  // The same stale steps as the flag lists: nothing new for the county (a replay, a later legal step).
  if (old && old.recordIds.join('\u0000') === recordIds.join('\u0000')) return;
  const fields: CaseFlagFields = {
    kind: CASE_FLAG_KIND,
    entity: 'caseStep',
    caseId,
    recordIds,
    reasons: stale.map((s) => ({ stepId: s.step.id, rule: s.rule, reason: s.reason })),
    townships: [stored.township],
    // A new stale step opens the flag again; an earlier resolution stays for the county to see.
    status: 'open',
    openedAt: old?.openedAt ?? actor.at,
    ...(old?.resolution ? { resolution: old.resolution } : {}),
  };
  // The flag lives in the case's township, so that township's tablets and the county pull it (SPEC L1).
  await putFlag(tx, id, existing, stored.township, fields as unknown as FlagFields, actor.at, actor.user.id);
  await tx.appendAudit({
    at: actor.at, userId: actor.user.id, deviceId: actor.deviceId, township: stored.township, action: existing ? 'caseFlag.update' : 'caseFlag.open',
    entity: FLAG_ENTITY, recordId: id, detail: { kind: CASE_FLAG_KIND, caseId, records: recordIds.length, rules: [...new Set(stale.map((s) => s.rule))] },
  });
}
