import type { ReliefCorrectionView } from './contracts';
import type { CachedRecord } from './record-cache';
import { correctedLedger, type CorrectedLedger } from '../shared/rules/relief-ledger';
import { ALREADY_VOIDED, RELIEF_CORRECTION_ENTITY, type ReliefCorrection } from '../shared/schema/relief-correction';
import type { ReliefDistribution } from '../shared/schema/relief';

/** A refusal as already voided (SPEC R3), settled on the tablet (src/sync/settled-rejection.ts). */
function settled(c: CachedRecord): 'alreadyVoided' | null {
  return c.row.syncState !== 'rejected' && c.row.rejection?.issues?.some((i) => i.message === ALREADY_VOIDED) ? 'alreadyVoided' : null;
}

/**
 * Whether a correction on this tablet counts (SPEC R4): not one the server refused, since the server
 * leaves it out too, except a void refused because the hand-out was void already (R3): void either way.
 * A refused correction counts for nothing, settled or not.
 */
export function correctionCounts(c: CachedRecord): boolean {
  if (c.row.syncState !== 'rejected' && !settled(c)) return true;
  return c.fields.action === 'void' && !!c.row.rejection?.issues?.some((i) => i.message === ALREADY_VOIDED);
}

export function toCorrectionView(c: CachedRecord): ReliefCorrectionView {
  const f = c.fields as unknown as ReliefCorrection;
  return {
    id: c.row.id, action: f.action, reason: f.reason, at: f.at, by: f.by, corrected: f.corrected ?? null,
    syncState: c.row.syncState, rejection: c.row.rejection, counts: correctionCounts(c), settled: settled(c),
  };
}

/** This tablet's hand-outs (of one event, or all) through their corrections: the one shared rule. */
export function localLedger(all: readonly CachedRecord[], eventId?: string): { ledger: CorrectedLedger; corrections: CachedRecord[] } {
  const handouts: ReliefDistribution[] = [];
  const corrections: CachedRecord[] = [];
  for (const c of all) {
    if (c.row.entity === 'relief' && (!eventId || c.fields.eventId === eventId)) handouts.push(c.fields as unknown as ReliefDistribution);
    else if (c.row.entity === RELIEF_CORRECTION_ENTITY) corrections.push(c);
  }
  const counted = corrections.filter(correctionCounts).map((c) => c.fields as unknown as ReliefCorrection);
  return { ledger: correctedLedger(handouts, counted), corrections };
}
