import { describe, expect, it } from 'vitest';
import { eligibilityPolicySchema } from '../../schema/policy';
import { assessmentSchema } from './assessment-schema';
import { assessHousehold } from './assess-household';
import { householdSchema } from './household-schema';
import { fixtureCases, household, member, POLICY, reasonsOf, spending, supporter } from '../../../../test/helpers/eligibility-builders';
import fixture from '../../../../test/fixtures/eligibility-cases.json';

const FIXTURE_CASES = fixtureCases(fixture);

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
}

describe('eligibility-cases.json: every case, every field of expect', () => {
  it('holds the cases, and the tests\' POLICY is the fixture\'s policy', () => {
    expect(FIXTURE_CASES.length).toBeGreaterThanOrEqual(6);
    expect(eligibilityPolicySchema.parse(fixture.policy)).toStrictEqual(POLICY);
  });

  for (const c of FIXTURE_CASES) {
    it(`${c.id}: ${c.title}`, () => {
      const a = assessHousehold(c.household, POLICY);
      const picked = Object.fromEntries(Object.keys(c.expect).map((k) => [k, a[k as keyof typeof a]]));
      expect(picked).toEqual(c.expect);
      // Persons exactly, absent optional keys included (toEqual would ignore an `undefined` key).
      expect(a.persons).toStrictEqual(c.expect.persons);
      for (const p of a.persons) for (const v of Object.values(p)) expect(v).not.toBeUndefined();
      expect(Object.keys(c.expect).sort()).toEqual(
        ['countedMembers', 'perCapitaIncome', 'assetsWithinLimit', 'household', 'householdBenefit', 'persons', 'temporaryAssistance'].sort(),
      );
    });
  }
});

describe('the contract', () => {
  it('every assessment of the fixture parses with assessmentSchema, reasons included', () => {
    for (const c of FIXTURE_CASES) {
      const a = assessHousehold(c.household, POLICY);
      expect(assessmentSchema.parse(a)).toStrictEqual(a);
    }
  });

  it('every outcome carries reasons for E1, E2 (per counted member), A1, D1 and K1', () => {
    const c = FIXTURE_CASES.find((x) => x.id === 'H10')!;
    const a = assessHousehold(c.household, POLICY);
    expect(reasonsOf(a, 'E1').map((r) => r.memberId)).toEqual(['m1', 'm2', 'm3']);
    expect(reasonsOf(a, 'E2').map((r) => r.memberId)).toEqual(['m1', 'm3']);
    expect(reasonsOf(a, 'A1')).toHaveLength(1);
    expect(reasonsOf(a, 'D1')).toEqual([
      { rule: 'D1', n: 2, totalIncome: 800, perCapitaIncome: 400, standard: 600, assetsWithinLimit: true, outcome: true, benefit: 400 },
    ]);
    expect(reasonsOf(a, 'K1')).toHaveLength(1);
  });

  it('is pure: the input is not modified and the same input gives the same output', () => {
    for (const c of FIXTURE_CASES) {
      const input = deepFreeze(structuredClone(c.household));
      const policy = deepFreeze(structuredClone(POLICY));
      const first = assessHousehold(input, policy);
      expect(assessHousehold(input, policy)).toStrictEqual(first);
      expect(input).toStrictEqual(c.household);
    }
  });

  it('persons follow the members input order', () => {
    const h = household([
      member('a', { age: 8, parents: { father: 'dead', mother: 'dead' } }),
      member('b', { age: 50, disability: { category: 'physical', grade: 1 }, income: [{ kind: 'wage', monthly: 900 }] }),
      member('c', { age: 12, parents: { father: 'imprisoned', mother: 'dead' } }),
      member('d', { age: 45, income: [{ kind: 'wage', monthly: 2000 }] }),
    ]);
    // n = 4, countable 700 + 1800 = 2500 → 625: low-income; b alone 700 ≥ 600: not single.
    const a = assessHousehold(h, POLICY);
    expect(a.persons.map((p) => p.memberId)).toEqual(['a', 'c']);
    const reversed = assessHousehold({ ...h, members: [...h.members].reverse() }, POLICY);
    expect(reversed.persons.map((p) => p.memberId)).toEqual(['c', 'a']);
  });

  it('the household schema refuses duplicate member ids (the engine keys figures by id)', () => {
    const r = householdSchema.safeParse(household([member('a'), member('a')]));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('members.duplicateId');
  });

  it('a household with supporters, spending and an emergency parses and assesses', () => {
    const h = householdSchema.parse(
      household([member('a', { age: 66 })], { supporters: [supporter('s1', { receives: 'dibao', age: 61 })], annualSpending: spending(100), emergency: { kind: 'accident' } }),
    );
    const a = assessHousehold(h, POLICY);
    expect(a.persons).toStrictEqual([{ memberId: 'a', programme: 'tekun' }]);
    expect(a.temporaryAssistance).toBe('emergency');
  });
});
