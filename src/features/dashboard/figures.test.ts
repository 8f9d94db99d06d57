import { describe, expect, it } from 'vitest';
import type { DashboardOverviewResponse } from '../../shared/protocol/dashboard';
import { dayTotals, townshipRows } from './figures';
import { formatDay, formatNumber } from './formats';

const point = (day: string, township: string, cur: number, cum: number, c: number, d: number) => ({
  day, township, relocatedCumulative: cum, relocatedCurrent: cur, centralisedCumulative: c, centralisedCurrent: c, dispersedCumulative: d, dispersedCurrent: d,
});

/** A made-up overview: two townships, two days with people out of three. */
function overview(series = [point('2026-06-21', 'T1', 5, 5, 3, 2), point('2026-06-22', 'T1', 4, 6, 4, 0), point('2026-06-22', 'T2', 2, 2, 0, 2)]): DashboardOverviewResponse {
  const figures = (cur: number, cum: number, c: number, d: number) => ({ relocated: { current: cur, cumulative: cum, centralised: { current: c, cumulative: c }, dispersed: { current: d, cumulative: d } } });
  return {
    report: { eventId: 'e', eventName: 'E', at: '2026-06-22T04:00:00.000Z', townships: [{ township: 'T1', ...figures(4, 6, 4, 0) }, { township: 'T2', ...figures(2, 2, 0, 2) }], total: figures(6, 8, 4, 2) },
    reach: [{ township: 'T1', households: 2, notReached: 1 }, { township: 'T2', households: 1, notReached: 0 }],
    series, sites: [],
    flags: [{ township: 'T1', kind: 'double-handout', open: 2 }, { township: 'T3', kind: 'duplicate-person', open: 1 }],
    skippedRecords: [], townshipNames: { T1: '清河镇', T2: '柳林乡' }, generatedAt: '2026-06-22T04:00:00.000Z',
  } as unknown as DashboardOverviewResponse;
}

describe('dashboard figures', () => {
  it('sums the series over townships, one point for every day from the event’s start (days without people are 0)', () => {
    expect(dayTotals(overview(), '2026-06-20')).toEqual([
      { day: '2026-06-20', cumulative: 0, current: 0, centralised: 0, dispersed: 0 },
      { day: '2026-06-21', cumulative: 5, current: 5, centralised: 3, dispersed: 2 },
      { day: '2026-06-22', cumulative: 8, current: 6, centralised: 4, dispersed: 2 },
    ]);
  });

  it('keeps the latest 92 days, as the server does', () => {
    const days = dayTotals(overview(), '2026-01-01');
    expect(days).toHaveLength(92);
    expect(days[0]!.day).toBe('2026-03-23');
    expect(days.at(-1)!.day).toBe('2026-06-22');
  });

  it('one row per township, with its reach and open flags by kind (a township with only flags too)', () => {
    expect(townshipRows(overview())).toEqual([
      { township: 'T1', name: '清河镇', cumulative: 6, current: 4, centralised: 4, dispersed: 0, households: 2, notReached: 1, duplicateFlags: 0, doubleHandoutFlags: 2 },
      { township: 'T2', name: '柳林乡', cumulative: 2, current: 2, centralised: 0, dispersed: 2, households: 1, notReached: 0, duplicateFlags: 0, doubleHandoutFlags: 0 },
      { township: 'T3', name: 'T3', cumulative: 0, current: 0, centralised: 0, dispersed: 0, households: 0, notReached: 0, duplicateFlags: 1, doubleHandoutFlags: 0 },
    ]);
  });

  it('Chinese number and date formats by default, English when chosen', () => {
    expect(formatNumber(123456, 'zh-CN')).toBe('123,456');
    expect(formatDay('2026-12-05', 'zh-CN')).toBe('12月5日');
    expect(formatDay('2026-12-05', 'en')).toBe('Dec 5');
  });
});
