import { drainCounting } from './counter';
import type { DashboardHandoutRecord } from '../../../src/shared/protocol/dashboard';
import type { Store } from '../store/store';
import { countedDb, inChunks, num } from './counted-queries';
import { selectCorrectionsOf, selectReliefRecords } from './counted-relief-queries';
import { utc } from './counted-spans';
import { FIGURE_RECORDS_LIMIT, headAndVillage, householdsById } from './figure-records';

/**
 * The hand-outs behind a township's relief figure of a round (and item) at `at` (SPEC D10): the counted
 * rows (counted-relief.ts: a voided hand-out has none, a corrected one its corrected values) the figure
 * sums, by the same statement (counted-relief-queries.ts), with the head of the household record each
 * went to. At most 2,000 (`truncated`).
 */
export async function handoutRecords(store: Store, eventId: string, at: string, o: { townships: string[] | null; township: string; round: string; item?: string }): Promise<{ handouts: DashboardHandoutRecord[]; truncated: boolean }> {
  await drainCounting(store); // SPEC D9
  const db = countedDb(store);
  const { townships, ...which } = o;
  const rows = await store.queryCompiled(selectReliefRecords(db, eventId, utc(at), townships, { ...which, limit: FIGURE_RECORDS_LIMIT + 1 }));
  const shown = rows.slice(0, FIGURE_RECORDS_LIMIT);
  const households = await householdsById(store, shown.map((r) => String(r.household_id)));
  const corrected = new Set<string>();
  for (const c of inChunks(shown.map((r) => String(r.handout_id)))) {
    for (const row of await store.queryCompiled(selectCorrectionsOf(db, c))) {
      const f = (typeof row.fields === 'string' ? JSON.parse(row.fields) : row.fields) as { originalId?: unknown };
      if (typeof f.originalId === 'string') corrected.add(f.originalId);
    }
  }
  return {
    handouts: shown.map((r) => ({
      id: String(r.handout_id), township: String(r.row_t), householdId: String(r.household_id), ...headAndVillage(households.get(String(r.household_id))),
      round: String(r.round), category: r.category === 'cash' ? 'cash' : 'goods', kind: String(r.kind), unit: String(r.unit),
      quantity: num(r.quantity), fen: num(r.fen), at: String(r.at), corrected: corrected.has(String(r.handout_id)), countedAs: String(r.counted_as),
    })),
    truncated: rows.length > FIGURE_RECORDS_LIMIT,
  };
}
