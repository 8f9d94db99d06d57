import { drainCounting } from './counter';
import type { DashboardFigureRecord } from '../../../src/shared/protocol/dashboard';
import type { Store } from '../store/store';
import { countedDb, num, selectFigureRecords } from './counted-queries';
import { utc } from './counted-spans';

const LIMIT = 2000;

/**
 * The households behind a dashboard figure (SPEC D8): each relocated unit the figure counts at `at` (a
 * day's last instant for a day's figure), by its representative record, with the head's name, village
 * and size from that record. A site's figure: the units still at the site. At most 2,000 (`truncated`).
 */
export async function figureRecords(store: Store, eventId: string, at: string, o: { townships: string[] | null; township?: string; siteId?: string }): Promise<{ records: DashboardFigureRecord[]; truncated: boolean }> {
  await drainCounting(store); // SPEC D9
  const rows = await store.queryCompiled(selectFigureRecords(countedDb(store), eventId, utc(at), { ...o, limit: LIMIT + 1 }));
  const shown = rows.slice(0, LIMIT);
  const stored = new Map((await store.getRecords(shown.map((r) => ({ entity: 'household', id: String(r.record_id) })))).map((r) => [r.id, r]));
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    records: shown.map((r) => {
      const f = (stored.get(String(r.record_id))?.fields ?? {}) as { head?: { name?: unknown }; origin?: { village?: unknown } };
      return {
        id: String(r.record_id), township: String(r.township), siteId: r.site_id === null ? null : String(r.site_id), current: r.status === 'current',
        placement: r.placement === 'centralised' ? 'centralised' : 'dispersed', people: num(r.people), head: text(f.head?.name), village: text(f.origin?.village),
      };
    }),
    truncated: rows.length > LIMIT,
  };
}
