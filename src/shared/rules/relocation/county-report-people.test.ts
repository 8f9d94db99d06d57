/**
 * Issue 13, items 3 and 4: people are counted once in every figure, casualties included; registrations
 * of one person that disagree are shown, not silently chosen; 应急统表10 and the summary agree; the shelter
 * list says how many duplicates it removed. On the fixture event, with the changes named in each test.
 */
import { describe, expect, it } from 'vitest';
import { AT, EVENT, EXPECTED_TOTAL, LL, S1, S3, SITES, handoutsInTownship, householdsInTownship, madeUpId, P } from '../../../../test/fixtures/relocation-event';
import type { DisplacedHousehold } from '../../schema/displaced-household';
import { countyReport, type InTownship } from './county-report';
import { householdForm10Rows } from './form10-rows';
import { personDisagreements } from './person-disagreements';
import { shelterOccupancy } from './shelter-occupancy';

/** 郑奶奶, grandmother of both 郑国华's household (hh-ll-09) and 郑明's (hh-ll-13). */
const GRANDMOTHER = madeUpId(401, '19480101');
const grandma = (casualty?: 'injured') => ({ id: 'member-g', name: '郑奶奶', idNumber: GRANDMOTHER, sex: 'female' as const, ageBand: '60+' as const, ...(casualty ? { casualty } : {}) });

function withGrandmother(in09: 'injured' | undefined, in13: 'injured' | undefined): InTownship<DisplacedHousehold>[] {
  return householdsInTownship().map((h) => {
    if (h.id === 'hh-ll-09') return { ...h, members: [...(h.members ?? []), { ...grandma(in09), id: 'member-09-g' }] };
    if (h.id === 'hh-ll-13') return { ...h, members: [{ id: 'member-13-1', name: '郑明', idNumber: P.P11, sex: 'male' as const, ageBand: '18-59' as const }, { ...grandma(in13), id: 'member-13-g' }] };
    return h;
  });
}
const report = (households: InTownship<DisplacedHousehold>[]) => countyReport(EVENT, households, handoutsInTownship(), SITES, AT);

describe('casualties count each person once (item 3)', () => {
  it('the same person marked injured in two households counts once in 受伤人口, in one township', () => {
    const r = report(withGrandmother('injured', 'injured'));
    expect(r.total.casualties).toEqual({ ...EXPECTED_TOTAL.casualties, injured: EXPECTED_TOTAL.casualties.injured + 1 });
    expect(r.townships.find((t) => t.township === LL)!.casualties.injured).toBe(1);
    expect(r.townships.reduce((s, t) => s + t.casualties.injured, 0)).toBe(r.total.casualties.injured);
  });

  it('a typed count that covers the marked person is not added on top of her', () => {
    const hh = withGrandmother('injured', 'injured').map((h) => (h.id === 'hh-ll-09' ? { ...h, casualties: { dead: 0, missing: 1, injured: 1 } } : h));
    expect(report(hh).total.casualties.injured).toBe(EXPECTED_TOTAL.casualties.injured + 1);
  });

  it('registrations that disagree: the registration whose figures count decides (郑明’s, checked in later), once', () => {
    expect(report(withGrandmother('injured', undefined)).total.casualties.injured).toBe(EXPECTED_TOTAL.casualties.injured);
    expect(report(withGrandmother(undefined, 'injured')).total.casualties.injured).toBe(EXPECTED_TOTAL.casualties.injured + 1);
  });
});

describe('personDisagreements: what the county sees in the flag (item 3)', () => {
  it('injured in one registration, not in the other; emergency support yes in one, no in the other', () => {
    expect(personDisagreements(withGrandmother('injured', undefined), GRANDMOTHER)).toEqual([
      { field: 'casualty', counted: 'hh-ll-13', values: [{ householdId: 'hh-ll-09', value: 'injured' }, { householdId: 'hh-ll-13', value: 'none' }] },
      { field: 'needsEmergencySupport', counted: 'hh-ll-13', values: [{ householdId: 'hh-ll-09', value: 'yes' }, { householdId: 'hh-ll-13', value: 'no' }] },
      { field: 'needsTransitionalSupport', counted: 'hh-ll-13', values: [{ householdId: 'hh-ll-09', value: 'yes' }, { householdId: 'hh-ll-13', value: 'no' }] },
    ]);
  });

  it('agreeing registrations have nothing to show; a head has no casualty of their own to compare', () => {
    const same = withGrandmother('injured', 'injured').map((h) => (h.id === 'hh-ll-13' ? { ...h, needsEmergencySupport: true, needsTransitionalSupport: true } : h));
    expect(personDisagreements(same, GRANDMOTHER)).toEqual([]);
    // 郑明: a member of his father's household (both supports) and head of his own (neither).
    expect(personDisagreements(householdsInTownship(), P.P11).map((d) => d.field)).toEqual(['needsEmergencySupport', 'needsTransitionalSupport']);
  });

  it('the household registered twice (same head) that disagrees on support', () => {
    const hh = householdsInTownship().map((h) => (h.id === 'hh-qh-05a' ? { ...h, needsEmergencySupport: false } : h));
    expect(personDisagreements(hh, P.P6)).toEqual([
      { field: 'needsEmergencySupport', counted: 'hh-qh-05b', values: [{ householdId: 'hh-qh-05a', value: 'no' }, { householdId: 'hh-qh-05b', value: 'yes' }] },
    ]);
  });
});

describe('应急统表10 and the summary table agree (item 4)', () => {
  it('需救助人口 of a household is the people the summary counts for it: 郑国华’s 2, not 3', () => {
    const rows = householdForm10Rows(householdsInTownship(), handoutsInTownship(), undefined, { at: AT, townshipOrder: EVENT.townships });
    expect(rows.find((r) => r.headName === '郑国华')).toMatchObject({ householdSize: 3, peopleNeedingHelp: 2 });
    const needEmergency = new Set(householdsInTownship().filter((h) => h.needsEmergencySupport).map((h) => h.id));
    const sum = rows.filter((r) => r.householdIds.some((id) => needEmergency.has(id))).reduce((s, r) => s + r.peopleNeedingHelp, 0);
    expect(sum).toBe(report(householdsInTownship()).total.needEmergencySupport);
  });
});

describe('the shelter list says how many duplicates it removed (item 4)', () => {
  it('S1: 刘桂兰’s household registered twice (3 removed); S3: 郑明 counted in his own household (1 removed)', () => {
    const hh = householdsInTownship();
    expect(shelterOccupancy(S1, hh, AT)).toMatchObject({ people: 15, duplicatesRemoved: 3 });
    expect(shelterOccupancy(S3, hh, AT)).toMatchObject({ people: 5, duplicatesRemoved: 1 });
  });
});
