import { describe, expect, it } from 'vitest';
import { HOUSEHOLDS, madeUpId } from '../../../../test/fixtures/relocation-event';
import { specialNeedsOfHousehold } from './special-needs';

const byId = (id: string) => HOUSEHOLDS.find((h) => h.household.id === id)!.household;
const none = { aged60plus: 0, under5: 0, pregnantOrBreastfeeding: 0, disability: 0, regularMedicine: 0, unaccompaniedChild: 0, needsCare: 0 };

describe('specialNeedsOfHousehold: the counts include the household head (issue 13 item 4)', () => {
  // 张建国, born 1965-03-01: 61 at the check-in of 2026-06-20.
  const oldHead = madeUpId(301, '19650301');
  const zhang = { ...byId('hh-qh-01'), head: { name: '张建国', idNumber: oldHead } };

  it('a head left out of the member list is counted, aged from the ID number at check-in', () => {
    const members = [
      { id: 'm-1', name: '张小红', sex: 'female' as const, ageBand: '18-59' as const },
      { id: 'm-2', name: '张小明', sex: 'male' as const, ageBand: '0-4' as const },
    ];
    expect(specialNeedsOfHousehold({ ...zhang, members })).toEqual({ ...none, aged60plus: 1, under5: 1 });
  });

  it('a head already in the member list (by ID number) is counted once, from the list', () => {
    const members = [{ id: 'm-0', name: '张建国', idNumber: oldHead.toLowerCase(), sex: 'male' as const, ageBand: '60+' as const, disability: true }];
    expect(specialNeedsOfHousehold({ ...zhang, members })).toEqual({ ...none, aged60plus: 1, disability: 1 });
  });

  it('60 on the day before the check-in counts; one day short does not', () => {
    const born = (d: string) => ({ ...zhang, members: [], head: { name: 'x', idNumber: madeUpId(303, d) } });
    expect(specialNeedsOfHousehold(born('19660620')).aged60plus).toBe(1);
    expect(specialNeedsOfHousehold(born('19660621')).aged60plus).toBe(0);
  });

  it('counted by sex and age band: the age counts come from the bands (the head among them), the rest as typed', () => {
    const counted = {
      ...zhang, members: undefined,
      memberCounts: { male: { '60+': 1, '18-59': 1 }, female: { '0-4': 2, '60+': 1 } },
      specialNeeds: { ...none, disability: 1, aged60plus: 0 },
    };
    expect(specialNeedsOfHousehold(counted)).toEqual({ ...none, aged60plus: 2, under5: 2, disability: 1 });
  });

  it('neither list nor counts: the typed counts, but never fewer 60+ than the head alone', () => {
    expect(specialNeedsOfHousehold({ ...zhang, members: undefined, specialNeeds: { ...none, needsCare: 2 } })).toEqual({ ...none, needsCare: 2, aged60plus: 1 });
    const young = byId('hh-qh-03'); // born 1970
    expect(specialNeedsOfHousehold({ ...young, specialNeeds: undefined })).toEqual(none);
  });
});
