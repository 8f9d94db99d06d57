import { correctedLedger } from '../../../src/shared/rules/relief-ledger';
import { toFen } from '../../../src/shared/rules/relocation/time';
import { reliefDistributionSchema, roundKey, type ReliefDistribution } from '../../../src/shared/schema/relief';
import { RELIEF_CORRECTION_ENTITY, reliefCorrectionSchema, type ReliefCorrection } from '../../../src/shared/schema/relief-correction';
import type { CountIo, CountWrites, CountedRecord } from './count-io';
import type { CountedReliefTable } from './counted-queries';
import { utc } from './counted-spans';

/**
 * The row a hand-out counts as (SPEC D7): the shared corrected-ledger rule (relief-ledger.ts, SPEC R4)
 * over the hand-out and its corrections; null when voided. The township is the hand-out record's.
 */
export function reliefRow(record: Pick<CountedRecord, 'id' | 'township'>, handout: ReliefDistribution, corrections: readonly ReliefCorrection[]): CountedReliefTable | null {
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
 * tablets) and replaces its row; records that no longer parse are marked for skippedRecords. One read
 * (count-io.ts); returns the rows to replace.
 */
export async function recountRelief(io: Pick<CountIo, 'relief'>, written: readonly CountedRecord[]): Promise<Pick<CountWrites, 'unreadableOf' | 'unreadable' | 'reliefOf' | 'relief'>> {
  const mine = written.filter((r) => r.entity === 'relief' || r.entity === RELIEF_CORRECTION_ENTITY);
  if (mine.length === 0) return { unreadableOf: [], unreadable: [], reliefOf: [], relief: [] };
  const unreadable = mine.filter((r) => !r.deleted && !(r.entity === 'relief' ? reliefDistributionSchema : reliefCorrectionSchema).safeParse(r.fields).success);

  // The hand-outs to count again: those written, and the originals of the corrections written (even unreadable or deleted ones).
  const originalOf = (r: CountedRecord) => (r.entity === 'relief' ? r.id : typeof r.fields.originalId === 'string' ? r.fields.originalId : null);
  const ids = [...new Set(mine.map(originalOf).filter((id): id is string => id !== null))];
  const byId = new Map(written.filter((r) => r.entity === 'relief').map((r) => [r.id, r]));
  const read = await io.relief(ids.filter((id) => !byId.has(id)), ids);
  for (const r of read.originals) byId.set(r.id, r);
  const corrections = new Map<string, ReliefCorrection[]>();
  for (const fields of read.corrections) {
    const p = reliefCorrectionSchema.safeParse(typeof fields === 'string' ? JSON.parse(fields) : fields);
    if (!p.success) continue;
    corrections.set(p.data.originalId, [...(corrections.get(p.data.originalId) ?? []), p.data]);
  }
  const rows = ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r || r.deleted) return [];
    const p = reliefDistributionSchema.safeParse(r.fields);
    const row = p.success ? reliefRow(r, p.data, corrections.get(id) ?? []) : null;
    return row ? [row] : [];
  });
  return {
    unreadableOf: mine.map((r) => [r.entity, r.id] as [string, string]),
    unreadable: unreadable.map((r) => ({ entity: r.entity, record_id: r.id, township: r.township })),
    reliefOf: ids,
    relief: rows,
  };
}
