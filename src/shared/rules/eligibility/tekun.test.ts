import { describe, expect, it } from 'vitest';
import { assessHousehold } from './assess-household';
import type { Disability, Supporter } from './household-schema';
import { noLabourCapacityBasis, selfCareLevel } from './tekun';
import { household, member, POLICY, reasonsOf, supporter } from '../../../../test/helpers/eligibility-builders';

/** A member alone, with no supporter: 特困 iff T1–T3 hold. */
const alone = (over: Parameters<typeof member>[1]) => assessHousehold(household([member('a', over)]), POLICY);
const isTekun = (a: ReturnType<typeof assessHousehold>, id = 'a') => a.persons.some((p) => p.memberId === id && p.programme === 'tekun');

describe('T1 no labour capacity', () => {
  it.each([
    [59, null],
    [60, 'age-60-plus'],
    [61, 'age-60-plus'],
    [16, null],
    [15, 'age-under-16'],
    [0, 'age-under-16'],
    [17, null],
  ] as const)('T1 age %i → %s', (age, basis) => {
    expect(noLabourCapacityBasis(age, undefined)).toBe(basis);
    expect(isTekun(alone({ age }))).toBe(basis !== null);
  });

  it.each([
    ['intellectual', 1, true],
    ['intellectual', 3, true],
    ['intellectual', 4, false],
    ['mental', 3, true],
    ['mental', 4, false],
    ['physical', 1, true],
    ['physical', 2, true],
    ['physical', 3, false],
    ['multiple', 2, true],
    ['multiple', 3, false],
    ['visual', 1, true],
    ['visual', 2, false],
    ['hearing', 1, false],
    ['speech', 1, false],
  ] as const)('T1 %s disability grade %i at age 40 → no labour capacity: %s', (category, grade, expected) => {
    const disability: Disability = { category, grade };
    expect(noLabourCapacityBasis(40, disability)).toBe(expected ? 'disability' : null);
    const a = alone({ age: 40, disability });
    expect(isTekun(a)).toBe(expected);
    expect(reasonsOf(a, 'T1')[0]).toStrictEqual({
      rule: 'T1',
      memberId: 'a',
      age: 40,
      disabilityCategory: category,
      disabilityGrade: grade,
      basis: expected ? 'disability' : null,
      outcome: expected,
    });
  });

  it('T1 failing stops the 特困 rules for that member (no T2–T4 entries)', () => {
    const a = alone({ age: 40 });
    expect(reasonsOf(a, 'T1')).toStrictEqual([{ rule: 'T1', memberId: 'a', age: 40, basis: null, outcome: false }]);
    expect([...reasonsOf(a, 'T2'), ...reasonsOf(a, 'T3'), ...reasonsOf(a, 'T4')]).toEqual([]);
  });
});

describe('T2 own income below the standard (特困 exclusions)', () => {
  it('T2 own income exactly at the standard is not below it', () => {
    const a = alone({ age: 65, income: [{ kind: 'property', monthly: 600 }] });
    expect(reasonsOf(a, 'T2')).toStrictEqual([{ rule: 'T2', memberId: 'a', income: 600, standard: 600, outcome: false }]);
    expect(isTekun(a)).toBe(false);
    expect(a.household).toBe('low-income');
  });

  it('T2 one cent below the standard is below it', () => {
    expect(isTekun(alone({ age: 65, income: [{ kind: 'property', monthly: 599.99 }] }))).toBe(true);
  });

  it.each(POLICY.excludedIncomeTekun)('T2 %s is not counted for 特困', (kind) => {
    expect(isTekun(alone({ age: 65, income: [{ kind, monthly: 5000 }] }))).toBe(true);
  });

  it('T2 the employment-cost deduction applies to the 特困 income too (E2 with the 特困 exclusions)', () => {
    const a = alone({ age: 62, income: [{ kind: 'wage', monthly: 750 }] });
    expect(reasonsOf(a, 'T2')[0]).toMatchObject({ income: 550, outcome: true });
    expect(isTekun(a)).toBe(true);
  });

  it('T2 uses the urban standard in an urban household', () => {
    expect(isTekun(assessHousehold(household([member('a', { age: 65, income: [{ kind: 'property', monthly: 700 }] })], { residence: 'urban' }), POLICY))).toBe(true);
  });
});

describe('T3 assets', () => {
  it('T3 holds with A1 and fails without it', () => {
    expect(reasonsOf(alone({ age: 65 }), 'T3')).toStrictEqual([{ rule: 'T3', memberId: 'a', outcome: true }]);
    const a = assessHousehold(household([member('a', { age: 65 })], { financialAssets: 20000 }), POLICY);
    expect(reasonsOf(a, 'T3')).toStrictEqual([{ rule: 'T3', memberId: 'a', outcome: false }]);
    expect(isTekun(a)).toBe(false);
  });
});

describe('T4 no able supporter', () => {
  const withSupporter = (s: Partial<Supporter>) => assessHousehold(household([member('a', { age: 66 })], { supporters: [supporter('s', s)] }), POLICY);
  const candidate = (a: ReturnType<typeof assessHousehold>, id = 's') => reasonsOf(a, 'T4').find((r) => 'candidateId' in r && r.candidateId === id);

  it('T4 no candidate at all: 特困', () => {
    const a = alone({ age: 66 });
    expect(reasonsOf(a, 'T4')).toStrictEqual([{ rule: 'T4', memberId: 'a', candidates: 0, ableCandidates: 0, outcome: true }]);
  });

  it('T4 an ordinary supporter elsewhere is able: not 特困, and the household is assessed for 低保', () => {
    const a = withSupporter({ age: 45, monthlyIncome: 3000 });
    expect(candidate(a)).toStrictEqual({ rule: 'T4', memberId: 'a', candidateId: 's', candidateSource: 'supporter', age: 45, income: 3000, propertyWithinLimit: true, able: true });
    expect(a.persons).toEqual([]);
    expect(a.household).toBe('dibao');
  });

  it('T4 a supporter who receives 特困 is unable', () => {
    const a = withSupporter({ receives: 'tekun', monthlyIncome: 5000, propertyWithinLimit: false });
    expect(candidate(a)).toMatchObject({ able: false, unableBecause: 'tekun' });
    expect(isTekun(a)).toBe(true);
  });

  it('T4 a supporter who receives 低保 at 60 is unable; at 59 able', () => {
    expect(candidate(withSupporter({ receives: 'dibao', age: 60 }))).toMatchObject({ able: false, unableBecause: 'dibao-60-plus' });
    expect(isTekun(withSupporter({ receives: 'dibao', age: 60 }))).toBe(true);
    expect(candidate(withSupporter({ receives: 'dibao', age: 59 }))).toMatchObject({ able: true });
    expect(isTekun(withSupporter({ receives: 'dibao', age: 59 }))).toBe(false);
  });

  it('T4 a supporter of 70+ with income below the per-capita disposable income and property within the rule is unable', () => {
    expect(candidate(withSupporter({ age: 70, monthlyIncome: 1999.99 }))).toMatchObject({ able: false, unableBecause: 'age-70-plus' });
    expect(isTekun(withSupporter({ age: 70, monthlyIncome: 1999.99 }))).toBe(true);
  });

  it('T4 70+ is able with income exactly at the per-capita disposable income, with property over the rule, or at 69', () => {
    expect(candidate(withSupporter({ age: 70, monthlyIncome: 2000 }))).toMatchObject({ able: true });
    expect(candidate(withSupporter({ age: 75, monthlyIncome: 0, propertyWithinLimit: false }))).toMatchObject({ able: true });
    expect(candidate(withSupporter({ age: 69, monthlyIncome: 0 }))).toMatchObject({ able: true });
  });

  it.each([
    [{ category: 'hearing', grade: 2 }, true],
    [{ category: 'physical', grade: 1 }, true],
    [{ category: 'intellectual', grade: 3 }, true],
    [{ category: 'mental', grade: 3 }, true],
    [{ category: 'physical', grade: 3 }, false],
    [{ category: 'visual', grade: 3 }, false],
    [{ category: 'intellectual', grade: 4 }, false],
  ] as const)('T4 a supporter with disability %o, poor, is unable: %s', (disability, unable) => {
    const a = withSupporter({ age: 40, monthlyIncome: 1000, disability });
    expect(candidate(a)).toMatchObject(unable ? { able: false, unableBecause: 'disability' } : { able: true });
    expect(isTekun(a)).toBe(unable);
  });

  it('T4 a severely disabled supporter with income at the per-capita disposable income or property over the rule is able', () => {
    expect(candidate(withSupporter({ disability: { category: 'physical', grade: 1 }, monthlyIncome: 2000 }))).toMatchObject({ able: true });
    expect(candidate(withSupporter({ disability: { category: 'physical', grade: 1 }, monthlyIncome: 0, propertyWithinLimit: false }))).toMatchObject({ able: true });
  });

  it.each(['no-civil-capacity', 'declared-missing', 'imprisoned'] as const)('T4 a supporter with legal status %s and property within the rule is unable, whatever the income', (legalStatus) => {
    expect(candidate(withSupporter({ legalStatus, monthlyIncome: 9000 }))).toMatchObject({ able: false, unableBecause: 'legal-status' });
    expect(candidate(withSupporter({ legalStatus, monthlyIncome: 0, propertyWithinLimit: false }))).toMatchObject({ able: true });
  });

  it('T4 one able candidate among unable ones is enough to deny 特困', () => {
    const a = assessHousehold(
      household([member('a', { age: 66 })], { supporters: [supporter('s1', { receives: 'tekun' }), supporter('s2', { age: 40, monthlyIncome: 2500 })] }),
      POLICY,
    );
    expect(reasonsOf(a, 'T4').at(-1)).toStrictEqual({ rule: 'T4', memberId: 'a', candidates: 2, ableCandidates: 1, outcome: false });
    expect(isTekun(a)).toBe(false);
  });

  it('T4 co-resident candidates are the other counted members aged 18+, with their countable income and A1', () => {
    const a = assessHousehold(
      household([
        member('a', { age: 66 }),
        member('kid', { age: 17, income: [{ kind: 'wage', monthly: 3000 }] }),
        member('old', { age: 75, income: [{ kind: 'wage', monthly: 2199.99 }] }),
      ]),
      POLICY,
    );
    // old: countable 1999.99 < 2000 → unable; kid is under 18: not a candidate.
    expect(reasonsOf(a, 'T4', 'a').filter((r) => 'candidateId' in r)).toStrictEqual([
      { rule: 'T4', memberId: 'a', candidateId: 'old', candidateSource: 'member', age: 75, income: 1999.99, propertyWithinLimit: true, able: false, unableBecause: 'age-70-plus' },
    ]);
    expect(isTekun(a)).toBe(true);
    // With 2200 the countable income (after the 200 deduction) is exactly 2000: able.
    const b = assessHousehold(household([member('a', { age: 66 }), member('old', { age: 75, income: [{ kind: 'wage', monthly: 2200 }] })]), POLICY);
    expect(isTekun(b)).toBe(false);
  });

  it('T4 a co-resident member of 18 is a candidate', () => {
    const a = assessHousehold(household([member('a', { age: 66 }), member('b', { age: 18 })]), POLICY);
    expect(reasonsOf(a, 'T4', 'a').filter((r) => 'candidateId' in r).map((r) => 'candidateId' in r && r.candidateId)).toEqual(['b']);
    expect(isTekun(a)).toBe(false);
  });

  it('T4 a co-resident severely disabled member with income below the disposable income is unable when A1 holds', () => {
    const h = (over = {}) =>
      household([member('a', { age: 66 }), member('b', { age: 40, disability: { category: 'physical', grade: 1 }, income: [{ kind: 'business', monthly: 1500 }] })], over);
    expect(isTekun(assessHousehold(h(), POLICY))).toBe(true);
    // Property over the rule: A1 fails, and with it T3 for a anyway.
    expect(isTekun(assessHousehold(h({ otherAssetsWithinLimit: false }), POLICY))).toBe(false);
  });

  it('T4 a co-resident member assessed 特困 is unable (a couple of 75 and 65 with no income: both 特困)', () => {
    const a = assessHousehold(household([member('h', { age: 75 }), member('w', { age: 65, relation: 'spouse' })]), POLICY);
    expect(a.persons).toStrictEqual([
      { memberId: 'h', programme: 'tekun' },
      { memberId: 'w', programme: 'tekun' },
    ]);
    expect(reasonsOf(a, 'T4', 'h').find((r) => 'candidateId' in r)).toMatchObject({ candidateId: 'w', able: false, unableBecause: 'tekun' });
    // h is itself 特困 in the end, which is the first reason listed for him.
    expect(reasonsOf(a, 'T4', 'w').find((r) => 'candidateId' in r)).toMatchObject({ candidateId: 'h', able: false, unableBecause: 'tekun' });
    expect(a.household).toBe('none');
    expect(a.perCapitaIncome).toBeNull();
    // The member order does not change the outcome.
    const b = assessHousehold(household([member('w', { age: 65, relation: 'spouse' }), member('h', { age: 75 })]), POLICY);
    expect(b.persons.map((p) => p.memberId).sort()).toEqual(['h', 'w']);
  });

  it('T4 never presumes a circular 特困: a couple of 65 and 66 with no income are able for each other, and get 低保', () => {
    const a = assessHousehold(household([member('h', { age: 66 }), member('w', { age: 65 })]), POLICY);
    expect(a.persons).toEqual([]);
    expect(a.household).toBe('dibao');
    expect(a.householdBenefit).toBe(1200);
  });

  it('T4 members assessed 特困 are left out of n for D1', () => {
    // son: grade 1, no income, his mother of 75 (countable 700 < 2000) is unable → 特困.
    // mother: her own income 700 ≥ 600 → not 特困. n = 1.
    const a = assessHousehold(
      household([member('mother', { age: 75, income: [{ kind: 'property', monthly: 700 }] }), member('son', { age: 45, disability: { category: 'physical', grade: 1 } })]),
      POLICY,
    );
    expect(a.countedMembers).toBe(2);
    expect(a.persons).toStrictEqual([{ memberId: 'son', programme: 'tekun' }]);
    expect(reasonsOf(a, 'D1')[0]).toMatchObject({ n: 1, totalIncome: 700, perCapitaIncome: 700 });
    expect(a.perCapitaIncome).toBe(700);
    expect(a.household).toBe('low-income');
  });
});

describe('特困 self-care level', () => {
  const care = (failed: number) => {
    const items = ['eating', 'dressing', 'transfer', 'toilet', 'indoorWalking', 'bathing'] as const;
    return Object.fromEntries(items.map((k, i) => [k, i >= failed])) as Record<(typeof items)[number], boolean>;
  };

  it.each([
    [0, 'self-sufficient'],
    [1, 'partly-lost'],
    [3, 'partly-lost'],
    [4, 'fully-lost'],
    [6, 'fully-lost'],
  ] as const)('T4 %i items failed → %s', (failed, level) => {
    expect(selfCareLevel(care(failed))).toEqual({ level, failed });
    const a = alone({ age: 80, selfCare: care(failed) });
    expect(a.persons).toStrictEqual([{ memberId: 'a', programme: 'tekun', selfCare: level }]);
    expect(reasonsOf(a, 'T4').at(-1)).toMatchObject({ outcome: true, selfCare: level, selfCareFailedItems: failed });
  });

  it('T4 without the six items recorded there is no self-care key', () => {
    const a = alone({ age: 80 });
    expect(a.persons).toStrictEqual([{ memberId: 'a', programme: 'tekun' }]);
    expect(Object.keys(a.persons[0]!)).toEqual(['memberId', 'programme']);
  });

  it('T4 the self-care level is only given to a 特困 member', () => {
    const a = assessHousehold(household([member('a', { age: 80, selfCare: care(5) })], { supporters: [supporter('s')] }), POLICY);
    expect(a.persons).toEqual([]);
    expect(reasonsOf(a, 'T4').at(-1)).not.toHaveProperty('selfCare');
  });
});
