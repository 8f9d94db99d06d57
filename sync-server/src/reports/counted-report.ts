import { emptyFigures } from '../../../src/shared/rules/relocation/empty-figures';
import { ReliefTally } from '../../../src/shared/rules/relocation/relief-tally';
import type { CountyReport, ReportFigures } from '../../../src/shared/rules/relocation/report-types';
import { siteOpenAt } from '../../../src/shared/rules/relocation/site-open';
import { instant } from '../../../src/shared/rules/relocation/time';
import { countedFiguresAt } from '../dashboard/counted-figures';
import { countedDb, num, selectCountedTownships, selectHeads, selectSitePeopleAt, selectUnitsAt, selectUnreadable, selectUsedSites } from '../dashboard/counted-queries';
import { utc } from '../dashboard/counted-spans';
import type { Store } from '../store/store';
import { loadEventLedger } from './load-event-data';

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
 * The county's relocation report (countyReport's figures) from the households counted at ingest
 * (issue 16): people, houses and casualties summed by the database (dashboard/counted-figures.ts);
 * sites open and relief from the site and ledger records, each hand-out in the township its household
 * counts in at `at`. `townships` null: all. Households are never loaded: the de-duplication was decided
 * when they arrived, by the same shared rules.
 */
export async function countedReport(store: Store, eventId: string, at: string, townships: string[] | null): Promise<{ report: CountyReport; skippedRecords: { entity: string; id: string }[]; reach: Map<string, { households: number; notReached: number }> }> {
  const db = countedDb(store);
  const atUtc = utc(at);
  const unreadable = (await store.queryCompiled(selectUnreadable(db, townships))).map((r) => String(r.record_id));
  const { event, handouts, sites, skippedRecords } = await loadEventLedger(store, eventId, townships, unreadable);
  const inScope = (t: string) => !townships || townships.includes(t);
  const [figures, heads, units, sitePeople, used, counted] = await Promise.all([
    countedFiguresAt(store, eventId, at, townships),
    store.queryCompiled(selectHeads(db, eventId)),
    store.queryCompiled(selectUnitsAt(db, eventId, atUtc)),
    store.queryCompiled(selectSitePeopleAt(db, eventId, atUtc)),
    store.queryCompiled(selectUsedSites(db, eventId)),
    store.queryCompiled(selectCountedTownships(db, eventId)),
  ]);

  const rows = new Map<string, { f: ReportFigures; relief: ReliefTally }>();
  for (const t of event.townships) if (inScope(t)) rows.set(t, { f: emptyFigures(), relief: new ReliefTally() });
  const row = (t: string) => {
    let r = rows.get(t);
    if (!r) rows.set(t, (r = { f: emptyFigures(), relief: new ReliefTally() }));
    return r;
  };
  for (const r of counted) if (inScope(String(r.township))) row(String(r.township));
  const total = { f: emptyFigures(), relief: new ReliefTally() };
  for (const [t, f] of figures) {
    add(row(t).f, f);
    add(total.f, f);
  }

  const peopleAt = new Map(sitePeople.map((r) => [String(r.site_id), num(r.people)]));
  const usedSites = new Set(used.map((r) => String(r.site_id)));
  const atMs = instant(at);
  for (const site of sites) {
    if (site.eventId !== eventId && !(site.eventId === undefined && usedSites.has(site.id))) continue;
    if (!siteOpenAt(site, atMs, peopleAt.get(site.id) ?? 0)) continue;
    row(site.township).f.centralisedSitesOpen += 1;
    total.f.centralisedSitesOpen += 1;
  }

  const unitOf = new Map(heads.map((r) => [String(r.record_id), String(r.id_hmac)]));
  const reached = new Set<string>();
  const townshipOf = new Map(units.map((r) => [String(r.unit_key), String(r.township)]));
  for (const h of handouts) {
    if (h.eventId !== eventId || instant(h.at) > atMs) continue;
    const unit = unitOf.get(h.householdId);
    const t = unit ? townshipOf.get(unit) : undefined;
    // A household not counted in scope (its record not here yet, or another county's) keeps the hand-out in its own township.
    const known = unit !== undefined && (t === undefined || inScope(t));
    const key = known ? `unit:${unit}` : `record:${h.householdId}`;
    if (known) reached.add(unit);
    row(known && t !== undefined ? t : h.township).relief.add(h, key);
    total.relief.add(h, key);
  }

  // Households counted at `at` (relocated or evacuated) and how many of them no hand-out reached yet (dashboard).
  const reach = new Map<string, { households: number; notReached: number }>();
  for (const u of units) {
    const t = String(u.township);
    if (!inScope(t)) continue;
    const r = reach.get(t) ?? { households: 0, notReached: 0 };
    r.households += 1;
    if (!reached.has(String(u.unit_key))) r.notReached += 1;
    reach.set(t, r);
  }

  const ordered = [...rows.keys()].sort((a, b) => {
    const ia = event.townships.indexOf(a);
    const ib = event.townships.indexOf(b);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? Infinity : ia) - (ib === -1 ? Infinity : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return {
    report: {
      eventId: event.id, eventName: event.name, at,
      townships: ordered.map((t) => ({ township: t, ...rows.get(t)!.f, relief: rows.get(t)!.relief.figures() })),
      total: { ...total.f, relief: total.relief.figures() },
    },
    skippedRecords,
    reach,
  };
}
