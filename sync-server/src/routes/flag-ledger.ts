import { flaggedHandoutLedger, correctedLedger, type FlaggedHandoutLedger } from '../../../src/shared/rules/relief-ledger';
import type { FlagFields } from '../../../src/shared/rules/relocation/flag-fields';
import { reliefDistributionSchema, type ReliefDistribution } from '../../../src/shared/schema/relief';
import { RELIEF_CORRECTION_ENTITY, reliefCorrectionSchema, type ReliefCorrection } from '../../../src/shared/schema/relief-correction';
import { listAllRecords } from '../reports/list-all-records';
import type { Store } from '../store/store';

/**
 * SPEC R8: each double hand-out flag with its hand-outs voided or corrected since, read through the
 * corrected ledger when the flags are listed (a flag opened before a void stays open, R6, and the
 * supervisor resolving it sees the void beside the hand-out). Corrections live in their hand-out's
 * township, so the reader's townships hold every correction of a hand-out they may read.
 */
export async function withHandoutLedger<F extends Pick<FlagFields, 'kind' | 'recordIds'>>(
  store: Store,
  townships: string[] | null,
  flags: F[],
): Promise<(F & { handouts?: FlaggedHandoutLedger[] })[]> {
  const ids = new Set(flags.filter((f) => f.kind === 'double-handout').flatMap((f) => f.recordIds));
  if (ids.size === 0) return flags;
  const corrections = (await listAllRecords(store, { entity: RELIEF_CORRECTION_ENTITY, townships })).flatMap((r) => {
    const c = reliefCorrectionSchema.safeParse(r.fields);
    return c.success && ids.has(c.data.originalId) ? [c.data as ReliefCorrection] : [];
  });
  if (corrections.length === 0) return flags;
  const handouts = (await Promise.all([...new Set(corrections.map((c) => c.originalId))].map((id) => store.getRecord('relief', id)))).flatMap((r) => {
    const h = r && !r.deleted ? reliefDistributionSchema.safeParse(r.fields) : null;
    return h?.success ? [h.data as ReliefDistribution] : [];
  });
  const ledger = correctedLedger(handouts, corrections);
  return flags.map((f) => {
    if (f.kind !== 'double-handout') return f;
    const changed = flaggedHandoutLedger(ledger, f.recordIds);
    return changed.length > 0 ? { ...f, handouts: changed } : f;
  });
}
