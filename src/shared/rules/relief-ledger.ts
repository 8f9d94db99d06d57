import type { ReliefCorrection } from '../schema/relief-correction';
import type { ReliefDistribution } from '../schema/relief';

export type LedgerState = 'valid' | 'voided' | 'corrected';

/** One hand-out of the ledger as it stands after its corrections (SPEC R4). */
export interface LedgerEntry<H extends ReliefDistribution = ReliefDistribution> {
  /** The original as recorded; never changed. */
  original: H;
  /** The hand-out as it counts: the original with the latest correction's values; null when voided. */
  effective: H | null;
  state: LedgerState;
  /** The corrections that took effect, in order (a void last). */
  applied: ReliefCorrection[];
  /** Corrections that came after a void: they change nothing (the server refuses them, R3). */
  ignored: ReliefCorrection[];
}

export interface CorrectedLedger<H extends ReliefDistribution = ReliefDistribution> {
  entries: LedgerEntry<H>[];
  /** What reports, flags and entitlement checks count: voided hand-outs left out, corrections applied. */
  handouts: H[];
  /** Corrections whose original is not in `handouts` (elsewhere, or not arrived yet): they change nothing here. */
  orphans: ReliefCorrection[];
}

/** Corrections apply in the order they were made, then by id: every tablet and the server agree (R4). */
const byTime = (a: ReliefCorrection, b: ReliefCorrection) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The relief ledger read through its corrections (SPEC R4), the one rule the tablet's entitlement check
 * and hand-out list, and the server's reports, exports and double hand-out flags all use, so every screen
 * and file counts the same hand-outs. The originals are never edited: a void leaves the hand-out out of
 * `handouts`; a correction replaces its item, quantity, unit, value and payment (the latest one wins);
 * after a void nothing else applies. Extra fields of `H` (e.g. the township a report keys by) are kept.
 */
export function correctedLedger<H extends ReliefDistribution>(handouts: readonly H[], corrections: readonly ReliefCorrection[]): CorrectedLedger<H> {
  const byOriginal = new Map<string, ReliefCorrection[]>();
  for (const c of corrections) byOriginal.set(c.originalId, [...(byOriginal.get(c.originalId) ?? []), c]);
  const known = new Set(handouts.map((h) => h.id));
  const entries = handouts.map((original): LedgerEntry<H> => {
    let effective: H | null = original;
    const applied: ReliefCorrection[] = [];
    const ignored: ReliefCorrection[] = [];
    for (const c of [...(byOriginal.get(original.id) ?? [])].sort(byTime)) {
      if (effective === null) {
        ignored.push(c);
        continue;
      }
      applied.push(c);
      if (c.action === 'void') effective = null;
      else if (c.corrected) effective = { ...effective, ...c.corrected };
    }
    const state: LedgerState = effective === null ? 'voided' : applied.length > 0 ? 'corrected' : 'valid';
    return { original, effective, state, applied, ignored };
  });
  return {
    entries,
    handouts: entries.flatMap((e) => (e.effective ? [e.effective] : [])),
    orphans: corrections.filter((c) => !known.has(c.originalId)),
  };
}

/**
 * A hand-out of a double hand-out flag that was voided or corrected since (SPEC R8): what now counts
 * (`counted`, null when voided) and the latest correction's who, when and why. Worked out when the
 * flags are read, not stored in the flag, so it is always the ledger as it stands.
 */
export interface FlaggedHandoutLedger {
  id: string;
  state: Exclude<LedgerState, 'valid'>;
  counted: Pick<ReliefDistribution, 'item' | 'quantity' | 'unit' | 'cashValue' | 'payment'> | null;
  by: string;
  at: string;
  reason: string;
}

/** The voided or corrected entries of `ledger` among `ids`, in the order of `ids` (SPEC R8). */
export function flaggedHandoutLedger(ledger: CorrectedLedger, ids: readonly string[]): FlaggedHandoutLedger[] {
  const byId = new Map(ledger.entries.map((e) => [e.original.id, e]));
  return ids.flatMap((id) => {
    const e = byId.get(id);
    const last = e?.applied.at(-1);
    if (!e || e.state === 'valid' || !last) return [];
    const counted = e.effective ? { item: e.effective.item, quantity: e.effective.quantity, unit: e.effective.unit, cashValue: e.effective.cashValue, payment: e.effective.payment } : null;
    return [{ id, state: e.state, counted, by: last.by, at: last.at, reason: last.reason }];
  });
}
