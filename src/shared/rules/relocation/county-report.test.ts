import { describe, expect, it } from 'vitest';
import {
  AT, EVENT, EXPECTED_LL, EXPECTED_QH, EXPECTED_TOTAL, HANDOUTS, HOUSEHOLDS, LL, QH, SITES, handoutsInTownship, householdsInTownship,
} from '../../../../test/fixtures/relocation-event';
import { countyReport } from './county-report';
import type { ReportFigures } from './report-types';
import { shelterOccupancy } from './shelter-occupancy';

const report = (at = AT, keyOf?: (id: string) => string) => countyReport(EVENT, householdsInTownship(), handoutsInTownship(), SITES, at, keyOf);

describe('countyReport on the fixture event (known answers worked out by hand)', () => {
  const r = report();

  it('has one row per township of the event, in the event order, and a total', () => {
    expect(r.eventId).toBe(EVENT.id);
    expect(r.eventName).toBe('6·20 洪灾');
    expect(r.at).toBe(AT);
    expect(r.townships.map((t) => t.township)).toEqual([QH, LL]);
  });

  it.each([
    ['清河镇', 0, EXPECTED_QH],
    ['柳林乡', 1, EXPECTED_LL],
  ] as const)('%s: every indicator', (_name, i, expected) => {
    const row = r.townships[i]!;
    expect(row.relocated).toEqual(expected.relocated);
    expect(row.centralisedSitesOpen).toBe(expected.centralisedSitesOpen);
    expect(row.evacuated).toBe(expected.evacuated);
    expect(row.needEmergencySupport).toBe(expected.needEmergencySupport);
    expect(row.needTransitionalSupport).toBe(expected.needTransitionalSupport);
    expect(row.houses).toEqual(expected.houses);
    expect(row.casualties).toEqual(expected.casualties);
    expect(row.relief).toEqual(expected.relief);
    expect(row).toEqual(expected);
  });

  it('total: every indicator', () => {
    expect(r.total).toEqual(EXPECTED_TOTAL);
  });

  it('紧急转移安置 = 集中 + 分散, cumulative and current, in every row', () => {
    for (const f of [...r.townships, r.total] as ReportFigures[]) {
      expect(f.relocated.cumulative).toBe(f.relocated.centralised.cumulative + f.relocated.dispersed.cumulative);
      expect(f.relocated.current).toBe(f.relocated.centralised.current + f.relocated.dispersed.current);
    }
  });

  it('the townships add up to the total: each person counts in one township only', () => {
    const sum = (pick: (f: ReportFigures) => number) => r.townships.reduce((s, t) => s + pick(t), 0);
    expect(sum((f) => f.relocated.cumulative)).toBe(r.total.relocated.cumulative);
    expect(sum((f) => f.relocated.current)).toBe(r.total.relocated.current);
    expect(sum((f) => f.evacuated)).toBe(r.total.evacuated);
    expect(sum((f) => f.relief.cashYuan)).toBe(r.total.relief.cashYuan);
    expect(sum((f) => f.relief.householdsReached)).toBe(r.total.relief.householdsReached);
  });

  it('current 集中安置 equals the sum of the sites’ occupancy at the same time', () => {
    const hh = HOUSEHOLDS.map((h) => h.household);
    const occupied = SITES.filter((s) => s.eventId === EVENT.id).reduce((s, site) => s + shelterOccupancy(site, hh, AT).people, 0);
    expect(occupied).toBe(r.total.relocated.centralised.current);
  });

  it('gives the same answer whatever the order records arrived in', () => {
    const shuffled = countyReport(EVENT, householdsInTownship().reverse(), handoutsInTownship().reverse(), [...SITES].reverse(), AT);
    expect(shuffled).toEqual(r);
  });

  it('gives the same answer with a keyed hash as key (the server’s HMAC) as with the ID number', () => {
    const hmacLike = (id: string) => `k:${[...id].reverse().join('')}`;
    expect(report(AT, hmacLike)).toEqual(r);
  });

  it('without de-duplication the registered-twice household would count 6, not 3', () => {
    const once = householdsInTownship().filter((h) => h.id !== 'hh-qh-05b');
    const single = countyReport(EVENT, once, handoutsInTownship(), SITES, AT);
    expect(single.total.relocated.cumulative).toBe(r.total.relocated.cumulative);
  });

  it('before the first check-in nothing is counted but the sites open by date', () => {
    const early = report('2026-06-20T05:00:00+08:00');
    expect(early.total.relocated).toEqual({ cumulative: 0, current: 0, centralised: { cumulative: 0, current: 0 }, dispersed: { cumulative: 0, current: 0 } });
    expect(early.total.relief.householdsReached).toBe(0);
    expect(early.total.centralisedSitesOpen).toBe(2); // S1, S2 opened 06-20; S3 on 06-21
  });

  it('a hand-out whose household has not synced yet still counts, in its own township', () => {
    const orphan = { ...HANDOUTS[0]!.handout, id: 'rl-orphan', householdId: 'hh-not-here', township: LL };
    const x = countyReport(EVENT, householdsInTownship(), [...handoutsInTownship(), orphan], SITES, AT);
    expect(x.townships[1]!.relief.cashYuan).toBe(800 + 1000);
    expect(x.townships[1]!.relief.householdsReached).toBe(3);
  });

  it('ignores records of other events and rows can be limited to a supervisor’s townships', () => {
    const other = { ...householdsInTownship()[0]!, id: 'hh-other-event', eventId: 'event-0701-landslide' };
    const x = countyReport(EVENT, [...householdsInTownship(), other], handoutsInTownship(), SITES, AT);
    expect(x.total).toEqual(EXPECTED_TOTAL);
    const qhOnly = countyReport(EVENT, householdsInTownship().filter((h) => h.township === QH), [], SITES.filter((s) => s.township === QH), AT, undefined, { townships: [QH] });
    expect(qhOnly.townships.map((t) => t.township)).toEqual([QH]);
  });
});
