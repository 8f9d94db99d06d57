import { drainCounting } from './counter';
import { chinaDate } from '../../../src/shared/rules/china-time';
import { SPHERE_MIN_M2_PER_PERSON } from '../../../src/shared/schema/shelter-site';
import type { DashboardDayPoint, DashboardEntitlement, DashboardOverviewBody, DashboardSiteLoad } from '../../../src/shared/protocol/dashboard';
import { countedReport } from '../reports/counted-report';
import type { Store } from '../store/store';
import { entitlementSchema } from '../../../src/shared/schema/entitlement';
import { roundKey } from '../../../src/shared/schema/relief';
import type { CountyReport } from '../../../src/shared/rules/relocation/report-types';
import { countedDb, liveRecord, num, selectDayChanges, selectLiveRecords } from './counted-queries';
import { utc } from './counted-spans';
import { openFlags } from './open-flags';

// The wire shape is declared once, in shared (the page reads the same types).
export type DayPoint = DashboardDayPoint;
export type SiteLoad = DashboardSiteLoad;
export type DashboardOverview = DashboardOverviewBody;

const DAY_MS = 86_400_000;

/** The China dates from `from` to `to`, at most `max` (the latest kept). */
export function daysBetween(fromIso: string, toIso: string, max = 92): string[] {
  const out: string[] = [];
  for (let d = chinaDate(Date.parse(fromIso)); d <= chinaDate(Date.parse(toIso)); d = chinaDate(Date.parse(`${d}T12:00:00+08:00`) + DAY_MS)) out.push(d);
  return out.slice(-max);
}

/**
 * People relocated by day and township (SPEC D5, D7): every China day from `fromIso` to `at` (at most 92,
 * the latest kept), each as the report counts at its last instant, the day of `at` at `at` itself. The
 * days before are the running sums of what the spans add on the day they start and take away on the
 * day they end (one statement over the day indexes); the day of `at` is the report's own sum.
 */
async function daySeries(store: Store, eventId: string, fromIso: string, at: string, townships: string[] | null, report: CountyReport): Promise<DayPoint[]> {
  const days = daysBetween(fromIso, at);
  if (days.length === 0) return [];
  const lastDay = chinaDate(Date.parse(at));
  const keys = ['cum', 'cur', 'cum_c', 'cur_c', 'cum_d', 'cur_d'] as const;
  type Sums = Record<(typeof keys)[number], number>;
  const changes = await store.queryCompiled(selectDayChanges(countedDb(store), eventId, addDay(lastDay, -1), townships));
  changes.sort((a, b) => (String(a.day) < String(b.day) ? -1 : String(a.day) > String(b.day) ? 1 : 0));
  const running = new Map<string, Sums>();
  const out: DayPoint[] = [];
  const point = (day: string, township: string, s: Sums): DayPoint => ({
    day, township, relocatedCumulative: s.cum, relocatedCurrent: s.cur, centralisedCumulative: s.cum_c, centralisedCurrent: s.cur_c, dispersedCumulative: s.cum_d, dispersedCurrent: s.cur_d,
  });
  let i = 0;
  for (const day of days.filter((d) => d < lastDay)) {
    for (; i < changes.length && String(changes[i]!.day) <= day; i++) {
      const c = changes[i]!;
      const t = String(c.township);
      const s = running.get(t) ?? { cum: 0, cur: 0, cum_c: 0, cur_c: 0, cum_d: 0, cur_d: 0 };
      for (const k of keys) s[k] += Number(c.sign) * num(c[k]);
      running.set(t, s);
    }
    for (const [t, s] of running) if (keys.some((k) => s[k] !== 0)) out.push(point(day, t, s));
  }
  if (days.includes(lastDay)) {
    for (const { township: t, ...f } of report.townships) {
      const s = { cum: f.relocated.cumulative, cur: f.relocated.current, cum_c: f.relocated.centralised.cumulative, cur_c: f.relocated.centralised.current, cum_d: f.relocated.dispersed.cumulative, cur_d: f.relocated.dispersed.current };
      if (keys.some((k) => s[k] !== 0)) out.push(point(lastDay, t, s));
    }
  }
  return out.sort((a, b) => (a.day + a.township < b.day + b.township ? -1 : 1));
}

const addDay = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * The event dashboard (issue 16): the county report at `at`, people by day and township from `from`
 * (default: the event's start) to `at`, sites' load, households not reached and open flags. Every
 * people figure is a sum of the spans counted at ingest (counted-spans.ts): the same as the report.
 */
export async function dashboardOverview(store: Store, eventId: string, at: string, from: string | null, townships: string[] | null): Promise<DashboardOverview> {
  await drainCounting(store); // SPEC D9
  const db = countedDb(store);
  const { report, skippedRecords, reach, reliefLines, reachByRound, sitePeople: people, sites: siteRecords } = await countedReport(store, eventId, at, townships);
  const event = await store.getRecord('event', eventId);
  const start = from ?? String((event?.fields as { startDate?: string }).startDate ?? at.slice(0, 10));
  const series = await daySeries(store, eventId, start.length === 10 ? `${start}T00:00:00+08:00` : start, at, townships, report);
  const sites: SiteLoad[] = [];
  // The sites the report read (in scope, parsed by the shared schema).
  for (const s of siteRecords) {
    const here = people.get(s.id) ?? { people: 0, households: 0 };
    const day = chinaDate(Date.parse(at));
    const open = (s.openedOn <= day && (s.closedOn === undefined || day < s.closedOn)) || here.people > 0;
    if (!open || (s.eventId !== undefined && s.eventId !== eventId)) continue;
    sites.push({
      siteId: s.id, name: s.name, township: s.township, people: here.people, households: here.households, capacity: s.capacity, floorArea: s.floorArea,
      m2PerPerson: here.people ? Math.round((s.floorArea / here.people) * 100) / 100 : null,
      overCapacity: here.people > s.capacity, belowSphere: here.people > 0 && s.floorArea / here.people < SPHERE_MIN_M2_PER_PERSON,
    });
  }
  const load = (s: SiteLoad) => Math.max(s.people / Math.max(1, s.capacity), s.people * SPHERE_MIN_M2_PER_PERSON / Math.max(1, s.floorArea));
  sites.sort((a, b) => Number(b.overCapacity || b.belowSphere) - Number(a.overCapacity || a.belowSphere) || load(b) - load(a) || (a.name < b.name ? -1 : 1));

  const flagCounts = new Map<string, number>();
  for (const f of await openFlags(store, eventId, townships)) {
    const k = `${f.township}\u0000${f.kind}`;
    flagCounts.set(k, (flagCounts.get(k) ?? 0) + 1);
  }
  const flags = [...flagCounts].map(([k, open]) => {
    const [township, kind] = k.split('\u0000') as [string, string];
    return { township, kind, open };
  });

  const entitlements: DashboardEntitlement[] = [];
  for (const r of (await store.queryCompiled(selectLiveRecords(db, 'entitlement', null))).map(liveRecord)) {
    const p = entitlementSchema.safeParse(r.fields);
    if (!p.success || p.data.eventId !== eventId) continue;
    const e = p.data;
    if (townships && e.township !== null && !townships.includes(e.township)) continue;
    entitlements.push({ round: roundKey(e.round), itemKind: e.itemKind, township: e.township, maxQuantity: e.maxQuantity ?? null, unit: e.unit ?? null, maxValueYuan: e.maxValue ?? null });
  }

  return {
    report,
    relief: reliefLines.map((l) => ({ ...l, quantity: Math.round(l.quantity * 1000) / 1000 })),
    entitlements,
    reachByRound,
    reach: report.townships.map((t) => ({ township: t.township, households: reach.get(t.township)?.households ?? 0, notReached: reach.get(t.township)?.notReached ?? 0 })),
    series, sites, flags, skippedRecords,
  };
}
