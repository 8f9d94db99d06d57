import { correctedLedger } from '../../../src/shared/rules/relief-ledger';
import { toFen } from '../../../src/shared/rules/relocation/time';
import { reliefDistributionSchema, roundKey, type ReliefDistribution } from '../../../src/shared/schema/relief';
import { RELIEF_CORRECTION_ENTITY, reliefCorrectionSchema, type ReliefCorrection } from '../../../src/shared/schema/relief-correction';
import type { StoreTx, StoredRecord } from '../store/store';
import { inChunks, type CountedDb, type CountedReliefTable } from './counted-queries';
import { deleteRelief, deleteUnreadable, insertRelief, insertUnreadable, selectCorrectionsOf } from './counted-relief-queries';
import { utc } from './counted-spans';

type ReliefTx = Pick<StoreTx, 'runCompiled' | 'getRecords'>;

/**
 * The row a hand-out counts as (SPEC D7): the shared corrected-ledger rule (relief-ledger.ts, SPEC R4)
 * over the hand-out and its corrections; null when voided. The township is the hand-out record's.
 */
export function reliefRow(record: StoredRecord, handout: ReliefDistribution, corrections: readonly ReliefCorrection[]): CountedReliefTable | null {
  const h = correctedLedger([handout], corrections).handouts[0];
  if (!h) return null;
  return {
    handout_id: record.id, event_id: h.eventId, household_id: h.householdId, township: record.township ?? '', at: utc(h.at), round: roundKey(h.round),
    category: h.item.category, kind: h.item.kind, unit: h.unit, quantity: h.quantity, fen: toFen(h.cashValue),
  };
}

/**
 * Counts again the hand-outs these written records change (issue 16, SPEC D7): called by the counter
 * (counter.ts, SPEC D9) for the records marked since, with the households' re-count. A written hand-out or a
 * correction of one re-reads that hand-out and all its corrections (either may arrive first, from two
 * tablets) and replaces its row; records that no longer parse are marked for skippedRecords.
 */
export async function recountRelief(tx: ReliefTx, written: readonly StoredRecord[], db: CountedDb): Promise<void> {
  const mine = written.filter((r) => r.entity === 'relief' || r.entity === RELIEF_CORRECTION_ENTITY);
  if (mine.length === 0) return;
  const unreadable = mine.filter((r) => !r.deleted && !(r.entity === 'relief' ? reliefDistributionSchema : reliefCorrectionSchema).safeParse(r.fields).success);
  for (const c of inChunks(mine.map((r) => `${r.entity}\u0000${r.id}`))) await tx.runCompiled(deleteUnreadable(db, c.map((k) => k.split('\u0000') as [string, string])));
  for (const c of inChunks(unreadable, 200)) await tx.runCompiled(insertUnreadable(db, c.map((r) => ({ entity: r.entity, record_id: r.id, township: r.township }))));

  // The hand-outs to count again: those written, and the originals of the corrections written (even unreadable or deleted ones).
  const originalOf = (r: StoredRecord) => (r.entity === 'relief' ? r.id : typeof r.fields.originalId === 'string' ? r.fields.originalId : null);
  const ids = [...new Set(mine.map(originalOf).filter((id): id is string => id !== null))];
  const byId = new Map(written.filter((r) => r.entity === 'relief').map((r) => [r.id, r]));
  const unread = ids.filter((id) => !byId.has(id));
  for (const c of inChunks(unread)) for (const r of await tx.getRecords(c.map((id) => ({ entity: 'relief', id })))) byId.set(r.id, r);
  const corrections = new Map<string, ReliefCorrection[]>();
  for (const c of inChunks(ids)) {
    for (const row of await tx.runCompiled(selectCorrectionsOf(db, c))) {
      const p = reliefCorrectionSchema.safeParse(typeof row.fields === 'string' ? JSON.parse(row.fields) : row.fields);
      if (!p.success) continue;
      corrections.set(p.data.originalId, [...(corrections.get(p.data.originalId) ?? []), p.data]);
    }
  }
  const rows = ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r || r.deleted) return [];
    const p = reliefDistributionSchema.safeParse(r.fields);
    const row = p.success ? reliefRow(r, p.data, corrections.get(id) ?? []) : null;
    return row ? [row] : [];
  });
  for (const c of inChunks(ids)) await tx.runCompiled(deleteRelief(db, c));
  for (const c of inChunks(rows, 200)) await tx.runCompiled(insertRelief(db, c));
}
