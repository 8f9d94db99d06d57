import { chinaDate } from '../../../src/shared/rules/china-time';
import { FLAG_ENTITY } from '../sync/after-push-flag-write';
import { SPHERE_MIN_M2_PER_PERSON } from '../../../src/shared/schema/shelter-site';
import { shelterSiteSchema } from '../../../src/shared/schema/shelter-site';
import type { DashboardDayPoint, DashboardOverviewBody, DashboardSiteLoad } from '../../../src/shared/protocol/dashboard';
import { countedReport } from '../reports/counted-report';
import type { Store } from '../store/store';
import { countedDb, liveRecord, num, selectDailyPeople, selectLiveRecords, selectSitePeopleAt } from './counted-queries';
import { utc } from './counted-spans';

// The wire shape is declared once, in shared (the page reads the same types).
export type DayPoint = DashboardDayPoint;
export type SiteLoad = DashboardSiteLoad;
export type DashboardOverview = DashboardOverviewBody;

const DAY_MS = 86_400_000;
/** The last instant of a China date (UTC text), for the day's figures. */
const endOfDay = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`) + DAY_MS - 1).toISOString();

/** The China dates from `from` to `to`, at most `max` (the latest kept). */
export function daysBetween(fromIso: string, toIso: string, max = 92): string[] {
  const out: string[] = [];
  for (let d = chinaDate(Date.parse(fromIso)); d <= chinaDate(Date.parse(toIso)); d = chinaDate(Date.parse(`${d}T12:00:00+08:00`) + DAY_MS)) out.push(d);
  return out.slice(-max);
}

/**
 * The event dashboard (issue 16): the county report at `at`, people by day and township from `from`
 * (default: the event's start) to `at`, sites' load, households not reached and open flags. Every
 * people figure is a sum of the spans counted at ingest (counted-spans.ts): the same as the report.
 */
export async function dashboardOverview(store: Store, eventId: string, at: string, from: string | null, townships: string[] | null): Promise<DashboardOverview> {
  const db = countedDb(store);
  const { report, skippedRecords, reach } = await countedReport(store, eventId, at, townships);
  const event = await store.getRecord('event', eventId);
  const start = from ?? String((event?.fields as { startDate?: string }).startDate ?? at.slice(0, 10));
  const days = daysBetween(start.length === 10 ? `${start}T00:00:00+08:00` : start, at).map((day) => {
    const end = endOfDay(day);
    return { day, at: end < utc(at) ? end : utc(at) };
  });
  const daily = days.length ? await store.queryCompiled(selectDailyPeople(db, eventId, days, townships)) : [];
  const series: DayPoint[] = daily
    .map((r) => ({
      day: String(r.day), township: String(r.township),
      relocatedCumulative: num(r.cum), relocatedCurrent: num(r.cur),
      centralisedCumulative: num(r.cum_c), centralisedCurrent: num(r.cur_c),
      dispersedCumulative: num(r.cum_d), dispersedCurrent: num(r.cur_d),
    }))
    .sort((a, b) => (a.day + a.township < b.day + b.township ? -1 : 1));

  const people = new Map((await store.queryCompiled(selectSitePeopleAt(db, eventId, utc(at)))).map((r) => [String(r.site_id), { people: num(r.people), households: num(r.households) }]));
  const sites: SiteLoad[] = [];
  for (const r of (await store.queryCompiled(selectLiveRecords(db, 'site', townships))).map(liveRecord)) {
    const p = shelterSiteSchema.safeParse(r.fields);
    if (!p.success) continue;
    const s = p.data;
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
  for (const r of (await store.queryCompiled(selectLiveRecords(db, FLAG_ENTITY, townships))).map(liveRecord)) {
    const f = r.fields as { eventId?: string; status?: string; kind?: string };
    if (f.eventId !== eventId || f.status !== 'open') continue;
    const k = `${r.township ?? ''}\u0000${f.kind}`;
    flagCounts.set(k, (flagCounts.get(k) ?? 0) + 1);
  }
  const flags = [...flagCounts].map(([k, open]) => {
    const [township, kind] = k.split('\u0000') as [string, string];
    return { township, kind, open };
  });

  return {
    report,
    reach: report.townships.map((t) => ({ township: t.township, households: reach.get(t.township)?.households ?? 0, notReached: reach.get(t.township)?.notReached ?? 0 })),
    series, sites, flags, skippedRecords,
  };
}
