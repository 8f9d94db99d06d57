import { describe, expect, it } from 'vitest';
import { AT, EARLIER, HOUSEHOLDS, S1, S2, S3 } from '../../../../test/fixtures/relocation-event';
import { shelterOccupancy } from './shelter-occupancy';
import { stayAt } from './stay-at';

const households = HOUSEHOLDS.map((h) => h.household);
const byId = (id: string) => households.find((h) => h.id === id)!;

describe('stayAt: a household’s placement at a time, from check-in, transfers and check-out', () => {
  it('pending before check-in, current until check-out, past from the check-out on', () => {
    const h = byId('hh-qh-03'); // S1 from 06-20 12:00, out 06-22 18:00
    expect(stayAt(h, Date.parse('2026-06-20T11:59:59+08:00')).status).toBe('pending');
    expect(stayAt(h, Date.parse('2026-06-20T12:00:00+08:00')).status).toBe('current');
    expect(stayAt(h, Date.parse('2026-06-22T17:59:59+08:00')).status).toBe('current');
    expect(stayAt(h, Date.parse('2026-06-22T18:00:00+08:00'))).toEqual({ status: 'past', placement: 'centralised', siteId: S1.id });
  });

  it('a transfer between sites moves the household from its time on', () => {
    const h = byId('hh-qh-02'); // S2, then S1 on 06-23 09:00
    expect(stayAt(h, Date.parse(EARLIER))).toEqual({ status: 'current', placement: 'centralised', siteId: S2.id });
    expect(stayAt(h, Date.parse(AT))).toEqual({ status: 'current', placement: 'centralised', siteId: S1.id });
  });

  it('a transfer from a dispersed placement to a site makes the household centralised', () => {
    const h = byId('hh-ll-10');
    expect(stayAt(h, Date.parse(EARLIER))).toEqual({ status: 'current', placement: 'dispersed', siteId: null });
    expect(stayAt(h, Date.parse(AT))).toEqual({ status: 'current', placement: 'centralised', siteId: S3.id });
  });

  it('compares instants, not strings: offsets differ between tablet and server times', () => {
    const h = { ...byId('hh-qh-03'), checkInAt: '2026-06-20T04:00:00Z' }; // = 12:00 in China
    expect(stayAt(h, Date.parse('2026-06-20T11:30:00+08:00')).status).toBe('pending');
    expect(stayAt(h, Date.parse('2026-06-20T12:30:00+08:00')).status).toBe('current');
  });
});

describe('shelterOccupancy', () => {
  it('S1 at the reporting time: 15 people of 4 households, below the Sphere minimum', () => {
    // 张建国 4, 李秀英 3 (transferred in 06-23), 陈志强 5 (leaves 06-26), 刘桂兰 3 (registered twice, counted once).
    expect(shelterOccupancy(S1, households, AT)).toEqual({
      siteId: S1.id, name: '清河镇中心小学', township: '清河镇', at: AT, open: true,
      people: 15, households: 4, duplicatesRemoved: 3, capacity: 20, freeCapacity: 5, overCapacity: false,
      floorArea: 45, m2PerPerson: 3, sphereMinM2PerPerson: 3.5, meetsSphere: false, sphereMaxPeople: 12,
    });
  });

  it('S1 earlier: 赵德明 not yet checked out, 李秀英 still at S2', () => {
    expect(shelterOccupancy(S1, households, EARLIER)).toMatchObject({ people: 14, households: 4, m2PerPerson: 3.21, meetsSphere: false });
    expect(shelterOccupancy(S2, households, EARLIER)).toMatchObject({ people: 3, households: 1, open: true, m2PerPerson: 66.67, meetsSphere: true });
  });

  it('S2 after it closed and emptied: closed, nobody, no m² per person', () => {
    expect(shelterOccupancy(S2, households, AT)).toMatchObject({ open: false, people: 0, households: 0, m2PerPerson: null, meetsSphere: true, freeCapacity: 30 });
  });

  it('S3: 郑国华’s household counts 2 (郑明 counts in his own household), 冯建’s 3 after his transfer', () => {
    expect(shelterOccupancy(S3, households, AT)).toMatchObject({ people: 5, households: 2, m2PerPerson: 20, meetsSphere: true, sphereMaxPeople: 28 });
    expect(shelterOccupancy(S3, households, EARLIER)).toMatchObject({ people: 2, households: 1 });
  });

  it('over capacity is shown, never capped', () => {
    const small = { ...S1, capacity: 10 };
    expect(shelterOccupancy(small, households, AT)).toMatchObject({ people: 15, freeCapacity: 0, overCapacity: true });
  });

  it('a site with people in it counts as open even past its typed closing date', () => {
    expect(shelterOccupancy({ ...S1, closedOn: '2026-06-24' }, households, AT).open).toBe(true);
  });

  it('evacuation-only households never occupy a site', () => {
    const evac = { ...byId('hh-qh-07'), placement: 'centralised' as const, shelterSiteId: S1.id, checkOut: undefined };
    expect(shelterOccupancy(S1, [...households, evac], AT).people).toBe(15);
  });
});
