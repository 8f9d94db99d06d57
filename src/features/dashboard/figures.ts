import { paths, type FigureLink } from '../../app/useHashRoute';
import type { DashboardOverviewResponse } from '../../shared/protocol/dashboard';
import { addDays, chinaDate } from '../../shared/rules/case/calendar-dates';

export interface DayTotals {
  day: string;
  cumulative: number;
  current: number;
  centralised: number;
  dispersed: number;
}

/**
 * The series summed over the townships, one point per day (the line chart and its table), every day from
 * `from` (the event's start) to the reporting time's China date: the server lists only days with people.
 */
export function dayTotals(o: DashboardOverviewResponse, from?: string): DayTotals[] {
  const byDay = new Map<string, DayTotals>();
  const last = chinaDate(o.report.at);
  const first = [from, ...o.series.map((p) => p.day)].filter((d): d is string => !!d).sort()[0];
  // At most the latest 92 days, as the server keeps (sync-server/src/dashboard/overview.ts daysBetween).
  const start = first && first < addDays(last, -91) ? addDays(last, -91) : first;
  for (let d = start; d && d <= last; d = addDays(d, 1)) byDay.set(d, { day: d, cumulative: 0, current: 0, centralised: 0, dispersed: 0 });
  for (const p of o.series) {
    const d = byDay.get(p.day) ?? { day: p.day, cumulative: 0, current: 0, centralised: 0, dispersed: 0 };
    d.cumulative += p.relocatedCumulative;
    d.current += p.relocatedCurrent;
    d.centralised += p.centralisedCurrent;
    d.dispersed += p.dispersedCurrent;
    byDay.set(p.day, d);
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}

export interface TownshipRow {
  township: string;
  name: string;
  cumulative: number;
  current: number;
  centralised: number;
  dispersed: number;
  households: number;
  notReached: number;
  duplicateFlags: number;
  doubleHandoutFlags: number;
}

/** One row per township of the report (at the chosen time), with its reach and open flags. */
export function townshipRows(o: DashboardOverviewResponse): TownshipRow[] {
  const flags = (township: string, kind: string) => o.flags.filter((f) => f.township === township && f.kind === kind).reduce((s, f) => s + f.open, 0);
  const codes = [...o.report.townships.map((t) => t.township), ...o.flags.map((f) => f.township)];
  return [...new Set(codes)].map((code) => {
    const t = o.report.townships.find((x) => x.township === code);
    const reach = o.reach.find((r) => r.township === code);
    return {
      township: code,
      name: o.townshipNames[code] ?? code,
      cumulative: t?.relocated.cumulative ?? 0,
      current: t?.relocated.current ?? 0,
      centralised: t?.relocated.centralised.current ?? 0,
      dispersed: t?.relocated.dispersed.current ?? 0,
      households: reach?.households ?? 0,
      notReached: reach?.notReached ?? 0,
      duplicateFlags: flags(code, 'duplicate-person'),
      doubleHandoutFlags: flags(code, 'double-handout'),
    };
  });
}

/** The link to the records behind a township figure at the report's time (SPEC D10). */
export const figureHref = (eventId: string, reportAt: string, figure: FigureLink): string =>
  paths.dashboardRecords(eventId, { at: new Date(Date.parse(reportAt)).toISOString(), figure });
