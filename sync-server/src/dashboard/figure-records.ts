import { drainCounting } from './counter';
import type { DashboardFigureRecord } from '../../../src/shared/protocol/dashboard';
import type { Store, StoredRecord } from '../store/store';
import { countedDb, inChunks, num, selectFigureRecords } from './counted-queries';
import { selectNotReachedRecords } from './counted-relief-queries';
import { utc } from './counted-spans';

/** At most this many records behind one figure (`truncated` beyond). */
export const FIGURE_RECORDS_LIMIT = 2000;

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** The household records of these ids, by id (what a records list shows of each: its head and village). */
export async function householdsById(store: Store, ids: readonly string[]): Promise<Map<string, StoredRecord>> {
  const out = new Map<string, StoredRecord>();
  for (const c of inChunks([...new Set(ids)])) for (const r of await store.getRecords(c.map((id) => ({ entity: 'household', id })))) out.set(r.id, r);
  return out;
}

/** The head's name and the village of a household record (all a records list shows of its people). */
export function headAndVillage(r: StoredRecord | undefined): { head: string; village: string } {
  const f = (r?.fields ?? {}) as { head?: { name?: unknown }; origin?: { village?: unknown } };
  return { head: text(f.head?.name), village: text(f.origin?.village) };
}

/** Span rows (representative record, township, site, status, placement, people) as the list's records. */
async function asRecords(store: Store, rows: Record<string, unknown>[]): Promise<{ records: DashboardFigureRecord[]; truncated: boolean }> {
  const shown = rows.slice(0, FIGURE_RECORDS_LIMIT);
  const stored = await householdsById(store, shown.map((r) => String(r.record_id)));
  return {
    records: shown.map((r) => ({
      id: String(r.record_id), township: String(r.township), siteId: r.site_id === null ? null : String(r.site_id), current: r.status === 'current',
      evacuation: r.evacuation === 'evacuation' ? 'evacuation' : 'relocation',
      placement: r.placement === 'centralised' ? 'centralised' : 'dispersed', people: num(r.people), ...headAndVillage(stored.get(String(r.record_id))),
    })),
    truncated: rows.length > FIGURE_RECORDS_LIMIT,
  };
}

/**
 * The households behind a dashboard figure (SPEC D8): each relocated unit the figure counts at `at` (a
 * day's last instant for a day's figure), by its representative record, with the head's name, village
 * and size from that record. A site's figure: the units still at the site. At most 2,000 (`truncated`).
 */
export async function figureRecords(store: Store, eventId: string, at: string, o: { townships: string[] | null; township?: string; siteId?: string }): Promise<{ records: DashboardFigureRecord[]; truncated: boolean }> {
  await drainCounting(store); // SPEC D9
  const rows = await store.queryCompiled(selectFigureRecords(countedDb(store), eventId, utc(at), { ...o, limit: FIGURE_RECORDS_LIMIT + 1 }));
  return asRecords(store, rows.map((r) => ({ ...r, evacuation: 'relocation' })));
}

/**
 * The households behind a township's "not reached" figure (SPEC D10): the units it counts at `at` that no
 * hand-out of the round (or of any round) reached, by the statement the figure's sums share
 * (counted-relief-queries.ts). At most 2,000 (`truncated`).
 */
export async function notReachedRecords(store: Store, eventId: string, at: string, o: { townships: string[] | null; township: string; round?: string }): Promise<{ records: DashboardFigureRecord[]; truncated: boolean }> {
  await drainCounting(store); // SPEC D9
  const { townships, ...which } = o;
  return asRecords(store, await store.queryCompiled(selectNotReachedRecords(countedDb(store), eventId, utc(at), townships, { ...which, limit: FIGURE_RECORDS_LIMIT + 1 })));
}
