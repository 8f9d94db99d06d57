import { describe, expect, it } from 'vitest';
import { surveyCompleteSchema } from '../schema/survey';
import { madeUpIdNumber, surveyFromHousehold } from '../../../test/helpers/survey-builders';
import { assessHousehold } from './eligibility/assess-household';
import { householdSchema, type Household } from './eligibility/household-schema';
import { fixtureCases, household, member, POLICY, supporter } from '../../../test/helpers/eligibility-builders';
import fixture from '../../../test/fixtures/eligibility-cases.json';
import { surveyToHousehold } from './survey-to-household';

const FIXTURE_CASES = fixtureCases(fixture);

const TODAY = '2026-05-01';
const withoutIdNumbers = (h: Household): Household => ({ ...h, members: h.members.map(({ idNumber: _id, labourCapacity: _l, ...m }) => m) });
/** The fixture household with the labour capacity the survey recorded (the engine reports it in T1, never uses it). */
const withLabour = (h: Household, mapped: Household): Household => ({
  ...h,
  members: h.members.map((m) => ({ ...m, labourCapacity: mapped.members.find((x) => x.id === m.id)!.labourCapacity })),
});
const roundTrip = (h: Household, today = TODAY) => surveyToHousehold(surveyCompleteSchema.parse(surveyFromHousehold(h, today)), today);

describe('surveyToHousehold: every fixture case round-trips', () => {
  for (const c of FIXTURE_CASES) {
    it(`${c.id}: survey → household gives the same household and the same assessment`, () => {
      const mapped = roundTrip(c.household);
      expect(householdSchema.parse(mapped)).toStrictEqual(mapped);
      // The survey gives every member an ID number (the fixture gives one to a few) and a labour capacity.
      for (const m of mapped.members) expect(['full', 'partial', 'none']).toContain(m.labourCapacity);
      expect(withoutIdNumbers(mapped)).toStrictEqual(withoutIdNumbers(c.household));
      for (const m of c.household.members) if (m.idNumber) expect(mapped.members.find((x) => x.id === m.id)!.idNumber).toBe(m.idNumber);
      const { reasons, ...outcome } = assessHousehold(mapped, POLICY);
      expect(outcome).toEqual(c.expect);
      expect(outcome.persons).toStrictEqual(c.expect.persons);
      expect(reasons).toStrictEqual(assessHousehold(withLabour(c.household, mapped), POLICY).reasons);
    });
  }
});

describe('surveyToHousehold: the mapping', () => {
  it('ages are whole years from the birth date on `today`', () => {
    const s = surveyCompleteSchema.parse(surveyFromHousehold(household([member('a', { age: 59, relation: 'self' })]), TODAY));
    expect(s.members[0]!.birthDate).toBe('1967-01-01');
    expect(surveyToHousehold(s, '2026-12-31').members[0]!.age).toBe(59);
    expect(surveyToHousehold(s, '2027-01-01').members[0]!.age).toBe(60);
  });

  it('counted → no reason; not counted → the reason', () => {
    const s = surveyCompleteSchema.parse(
      surveyFromHousehold(household([member('a', { relation: 'self' }), member('b', { notCountedReason: 'declared-missing' })]), TODAY),
    );
    const h = surveyToHousehold(s, TODAY);
    expect(h.members[0]).not.toHaveProperty('notCountedReason');
    expect(h.members[1]!.notCountedReason).toBe('declared-missing');
  });

  it('disability keeps category and grade (not the certificate); income keeps kind and amount (not the source)', () => {
    const s = surveyCompleteSchema.parse(
      surveyFromHousehold(
        household([
          member('a', {
            relation: 'self',
            disability: { category: 'mental', grade: 3 },
            income: [
              { kind: 'wage', monthly: 100 },
              { kind: 'business', monthly: 50.5 },
            ],
          }),
        ]),
        TODAY,
      ),
    );
    expect(s.members[0]!.disability?.certificate).toBe('DC-a');
    expect(s.members[0]!.incomes.map((i) => i.source)).toEqual(['declared', 'matched']);
    const m = surveyToHousehold(s, TODAY).members[0]!;
    expect(m.disability).toStrictEqual({ category: 'mental', grade: 3 });
    expect(m.income).toStrictEqual([
      { kind: 'wage', monthly: 100 },
      { kind: 'business', monthly: 50.5 },
    ]);
  });

  it('supporters lose name and ID number; their age comes from the ID number on `today`', () => {
    const h = household([member('a', { age: 72, relation: 'self' })], {
      supporters: [supporter('s1', { age: 61, receives: 'dibao', disability: { category: 'physical', grade: 2 }, legalStatus: 'imprisoned' })],
    });
    const s = surveyCompleteSchema.parse(surveyFromHousehold(h, TODAY));
    expect(s.supporters![0]!.name).toBe('义务人1');
    expect(surveyToHousehold(s, TODAY).supporters).toStrictEqual(h.supporters);
    // A year later the supporter is a year older, whatever age was typed.
    expect(surveyToHousehold(s, '2027-05-01').supporters[0]!.age).toBe(62);
    // An old 15-digit number: the birth date of 19YYMMDD.
    const old = { ...s, supporters: [{ ...s.supporters![0]!, idNumber: '110105650101124', idOldFormat: true }] };
    expect(surveyToHousehold(old, TODAY).supporters[0]!.age).toBe(61);
  });

  it('a survey without supporters maps to none; an emergency keeps its kind only', () => {
    const base = surveyCompleteSchema.parse(surveyFromHousehold(household([member('a', { relation: 'self' })], { emergency: { kind: 'disaster' } }), TODAY));
    const { supporters: _s, ...rest } = base;
    const h = surveyToHousehold({ ...rest, emergency: { kind: 'disaster', date: '2026-04-30', note: '山洪' } }, TODAY);
    expect(h.supporters).toEqual([]);
    expect(h.emergency).toStrictEqual({ kind: 'disaster' });
  });

  it('the ID-derived sex and birth date feed the age: a made-up number of 1985-03-12 is 41 on 2026-05-01', () => {
    const idNumber = madeUpIdNumber('1985-03-12', 'male', 7);
    const s = surveyCompleteSchema.parse(surveyFromHousehold(household([member('a', { age: 41, relation: 'self', idNumber })]), TODAY));
    expect(s.members[0]).toMatchObject({ idNumber, sex: 'male', birthDate: '1985-03-12' });
    expect(surveyToHousehold(s, TODAY).members[0]!.age).toBe(41);
  });
});
