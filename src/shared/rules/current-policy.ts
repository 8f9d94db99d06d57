import { policyRecordSchema, type PolicyRecord } from '../schema/policy';

/**
 * The policy in force for a township on a day (policy.ts): among the synced policy records of that
 * township whose `effectiveFrom` has come (or is not set), the one with the highest `policyVersion`.
 * Shared by the tablet and the server so both pick the same record from the same data; a record that
 * does not parse is ignored (reference data is validated where it is read, STYLE habit 2).
 */
export function currentPolicy(records: readonly unknown[], township: string | null | undefined, today: string): PolicyRecord | null {
  if (!township) return null;
  let best: PolicyRecord | null = null;
  for (const r of records) {
    const parsed = policyRecordSchema.safeParse(r);
    if (!parsed.success) continue;
    const p = parsed.data;
    if (p.township !== township) continue;
    if (p.effectiveFrom && p.effectiveFrom > today) continue;
    // Ties (two records with one version) go to the greater id, so every reader picks the same one.
    if (!best || p.policyVersion > best.policyVersion || (p.policyVersion === best.policyVersion && p.id > best.id)) best = p;
  }
  return best;
}
