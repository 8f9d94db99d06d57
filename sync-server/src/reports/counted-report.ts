import { drainCounting } from '../dashboard/counter';
import { emptyFigures } from '../../../src/shared/rules/relocation/empty-figures';
import type { CountyReport, ReportFigures } from '../../../src/shared/rules/relocation/report-types';
import { siteOpenAt } from '../../../src/shared/rules/relocation/site-open';
import { instant } from '../../../src/shared/rules/relocation/time';
import { countedRowsAt } from '../dashboard/counted-figures';
import { countedDb, selectCountedTownships, selectUnreadable, selectUsedSites } from '../dashboard/counted-queries';
import { countedReliefAt } from '../dashboard/counted-relief-figures';
import { selectUnreadableRelief } from '../dashboard/counted-relief-queries';
import type { Store } from '../store/store';
import { loadEventSites } from './load-event-data';

const add = (a: ReportFigures, b: Omit<ReportFigures, 'relief' | 'centralisedSitesOpen'>) => {
  const p = (x: { cumulative: number; current: number }, y: { cumulative: number; current: number }) => ((x.cumulative += y.cumulative), (x.current += y.current));
  p(a.relocated, b.relocated);
  p(a.relocated.centralised, b.relocated.centralised);
  p(a.relocated.dispersed, b.relocated.dispersed);
  a.evacuated += b.evacuated;
  a.needEmergencySupport += b.needEmergencySupport;
  a.needTransitionalSupport += b.needTransitionalSupport;
  for (const k of ['collapsed', 'severe', 'ordinary'] as const) {
    a.houses[k].households += b.houses[k].households;
    a.houses[k].rooms += b.houses[k].rooms;
  }
  a.casualties.dead += b.casualties.dead;
  a.casualties.missing += b.casualties.missing;
  a.casualties.injured += b.casualties.injured;
};

/**
 * The county's relocation report (countyReport's figures) from the rows counted at ingest (issue 16):
 * people, houses and casualties summed by the database (dashboard/counted-figures.ts), relief too
 * (dashboard/counted-relief-figures.ts: each hand-out in the township its household counts in at `at`),
 * sites open from the site records. `townships` null: all. Households and hand-outs are never loaded:
 * the de-duplication and the corrections were applied when they arrived, by the same shared rules.
 */
export async function countedReport(store: Store, eventId: string, at: string, townships: string[] | null) {
  await drainCounting(store); // SPEC D9: the writes committed before this read are counted
  const db = countedDb(store);
  const [unreadableHouseholds, unreadableRelief] = await Promise.all([
    store.queryCompiled(selectUnreadable(db, townships)),
    store.queryCompiled(selectUnreadableRelief(db, townships)),
  ]);
  const { event, sites, skippedRecords } = await loadEventSites(store, eventId, townships, [
    ...unreadableHouseholds.map((r) => ({ entity: 'household', id: String(r.record_id) })),
    ...unreadableRelief.map((r) => ({ entity: String(r.entity), id: String(r.record_id) })),
  ]);
  const inScope = (t: string) => !townships || townships.includes(t);
  const [{ figures, households, sites: sitePeople }, relief, used, counted] = await Promise.all([
    countedRowsAt(store, eventId, at, townships),
    countedReliefAt(store, eventId, at, townships),
    // Sites named for no event count for the events that used them: asked only when there are such sites.
    sites.some((s) => s.eventId === undefined) ? store.queryCompiled(selectUsedSites(db, eventId)) : Promise.resolve([]),
    store.queryCompiled(selectCountedTownships(db, eventId)),
  ]);

  const rows = new Map<string, ReportFigures>();
  for (const t of event.townships) if (inScope(t)) rows.set(t, emptyFigures());
  const row = (t: string) => {
    let r = rows.get(t);
    if (!r) rows.set(t, (r = emptyFigures()));
    return r;
  };
  for (const r of counted) if (inScope(String(r.township))) row(String(r.township));
  const total = emptyFigures();
  for (const [t, f] of figures) {
    add(row(t), f);
    add(total, f);
  }
  for (const [t, r] of relief.byTownship) row(t).relief = r;
  total.relief = relief.total;

  const peopleAt = new Map([...sitePeople].map(([id, s]) => [id, s.people]));
  const usedSites = new Set(used.map((r) => String(r.site_id)));
  const atMs = instant(at);
  for (const site of sites) {
    if (site.eventId !== eventId && !(site.eventId === undefined && usedSites.has(site.id))) continue;
    if (!siteOpenAt(site, atMs, peopleAt.get(site.id) ?? 0)) continue;
    row(site.township).centralisedSitesOpen += 1;
    total.centralisedSitesOpen += 1;
  }

  // Households counted at `at` (relocated or evacuated), those no hand-out reached yet, and those each round reached (dashboard).
  const reach = new Map([...households].map(([t, n]) => [t, { households: n, notReached: n - (relief.reachedUnits.get(t) ?? 0) }]));

  const ordered = [...rows.keys()].sort((a, b) => {
    const ia = event.townships.indexOf(a);
    const ib = event.townships.indexOf(b);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? Infinity : ia) - (ib === -1 ? Infinity : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const report: CountyReport = {
    eventId: event.id, eventName: event.name, at,
    townships: ordered.map((t) => ({ township: t, ...rows.get(t)! })),
    total,
  };
  return { report, skippedRecords, reach, reliefLines: relief.lines, reachByRound: relief.reachByRound, sitePeople, sites };
}
