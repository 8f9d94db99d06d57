import type { Change, ChangeResult } from '../../../src/shared/protocol/messages';
import { deepEqual } from '../../../src/shared/rules/deep-equal';
import { currentPolicy } from '../../../src/shared/rules/current-policy';
import { assessHousehold } from '../../../src/shared/rules/eligibility';
import { surveyToHousehold } from '../../../src/shared/rules/survey-to-household';
import { chinaDate } from '../../../src/shared/rules/china-time';
import type { PolicyRecord } from '../../../src/shared/schema/policy';
import { storedAssessmentSchema, surveyCompleteSchema, takeCompleteParse, type StoredAssessment } from '../../../src/shared/schema/survey';
import type { AppContext } from '../context';
import type { ChangeTx } from './batch-tx';
import type { PushActor } from './apply-change';
import { decidingPart } from './assessment-outcomes';
import { parsedValueOf } from './parsed-values';

/** Fields the server adds to a survey record; a tablet never writes them (its schema drops them on pull). */
const SERVER_ASSESSMENT_FIELDS = ['serverAssessment', 'serverPolicyVersion', 'assessmentMismatch'] as const;

/**
 * The policy in force today for the pushing account's township (issue 3 §7), read before the batch's
 * transaction: StoreTx has no query by entity, and calling the store from inside a transaction would
 * deadlock SQLite's queue. One read per push that carries a survey.
 */
export async function loadSurveyPolicy(ctx: AppContext, township: string, changes: readonly Change[]): Promise<PolicyRecord | null> {
  if (!changes.some((c) => c.entity === 'survey')) return null;
  const rows = await ctx.store.listRecords({ entity: 'policy', townships: [township], includeNoTownship: false, limit: 1000 });
  return currentPolicy(
    rows.filter((r) => !r.deleted).map((r) => ({ ...r.fields, id: r.id })),
    township,
    chinaDate(ctx.clock()),
  );
}

/**
 * The stored survey read as a complete one. Validate once (issue 14, SPEC I2): when this push's step 5
 * parsed these very fields (parsed-values.ts) and the stored object holds exactly that parse's values
 * (no default added beside them), the record schema's check has just parsed the complete survey from
 * that value (survey.ts `takeCompleteParse`): the same entries, so the same result. Otherwise parsed here.
 */
function completeSurvey(fields: Record<string, unknown>): ReturnType<typeof surveyCompleteSchema.safeParse> {
  const value = parsedValueOf(fields);
  if (typeof value === 'object' && value !== null && sameEntries(fields, value as Record<string, unknown>)) {
    const taken = takeCompleteParse(value);
    if (taken) return taken;
  }
  return surveyCompleteSchema.safeParse(fields);
}

function sameEntries(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (!Object.hasOwn(b, k) || a[k] !== b[k]) return false;
  return true;
}

/**
 * Issue 3 §7: the server re-runs the pre-assessment of a submitted survey with its own policy, inside
 * the push's transaction (so the survey and the server's assessment are stored together or not at all),
 * and keeps both results: the tablet's stays in `assessment`, the server's goes to `serverAssessment`
 * with `serverPolicyVersion`; `assessmentMismatch` is true when the tablet assessed and the two differ
 * (an older policy synced to the tablet, or an app with other rules).
 * The server assesses on the day the tablet did (its `assessedAt`), else on the day of the push, so that
 * a birthday between the visit and the sync is not reported as a difference.
 * The record keeps its version and origin: nothing the worker typed changed, so the tablet is not sent
 * the record back (L3), and a later change from it merges as before (C3).
 */
export async function afterPushSurvey(tx: ChangeTx, actor: PushActor, change: Change, result: ChangeResult, policy: PolicyRecord | null): Promise<void> {
  if (change.entity !== 'survey' || result.status === 'rejected') return;
  const record = await tx.getRecord('survey', change.id);
  if (!record || record.deleted) return;
  const fields = record.fields;
  const hasServerFields = SERVER_ASSESSMENT_FIELDS.some((k) => k in fields);

  let extra: Record<string, unknown> = {};
  const survey = fields.stage === 'submitted' ? completeSurvey(fields) : null;
  if (survey?.success && policy) {
    const device = storedAssessmentSchema.safeParse(fields.assessment);
    const day = device.success ? chinaDate(new Date(device.data.assessedAt)) : chinaDate(new Date(actor.at));
    const server: StoredAssessment = {
      ...assessHousehold(surveyToHousehold(survey.data, day), policy.parameters),
      policyVersion: policy.policyVersion,
      assessedAt: actor.at,
    };
    extra = {
      serverAssessment: server,
      serverPolicyVersion: policy.policyVersion,
      assessmentMismatch: device.success ? !deepEqual(decidingPart(device.data), decidingPart(server)) : false, // SPEC V5
    };
  } else if (!hasServerFields) return; // a draft, or no policy on the server: nothing to add or take away

  const next: Record<string, unknown> = { ...fields };
  for (const k of SERVER_ASSESSMENT_FIELDS) delete next[k];
  Object.assign(next, extra);
  // The same server result again (a replay of an unchanged survey): no write.
  if (deepEqual(next, fields)) return;
  const fieldVersions = { ...record.fieldVersions };
  const fieldStamps = { ...record.fieldStamps };
  for (const k of SERVER_ASSESSMENT_FIELDS) {
    delete fieldVersions[k];
    delete fieldStamps[k];
    if (k in next) {
      fieldVersions[k] = record.version;
      fieldStamps[k] = { at: actor.at, device: 'server' };
    }
  }
  const { serverSeq: _seq, createdAt: _created, ...write } = record;
  await tx.putRecord({ ...write, fields: next, fieldVersions, fieldStamps });
  if ('serverAssessment' in next) {
    await tx.appendAudit({
      at: actor.at, userId: actor.user.id, deviceId: actor.deviceId, township: actor.township, action: 'survey.assessed',
      entity: 'survey', recordId: change.id,
      // Codes and numbers only, never personal values (privacy.md §6).
      detail: { seq: change.seq, policyVersion: policy?.policyVersion ?? null, mismatch: next.assessmentMismatch === true },
    });
  }
}
