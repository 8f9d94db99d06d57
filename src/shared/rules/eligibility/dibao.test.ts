import { describe, expect, it } from 'vitest';
import { assessHousehold } from './assess-household';
import type { Member } from './household-schema';
import { household, member, POLICY, reasonsOf } from '../../../../test/helpers/eligibility-builders';

const business = (monthly: number): Member['income'] => [{ kind: 'business', monthly }];
const single = (monthly: number, over: Partial<Member> = {}) => assessHousehold(household([member('a', { income: business(monthly), ...over })]), POLICY);

describe('D1 低保', () => {
  it('D1 per-capita income strictly below the standard: 低保 with benefit (standard − per-capita) × n', () => {
    const a = assessHousehold(household([member('a', { income: business(1000) }), member('b'), member('c'), member('d', { income: business(600) })]), POLICY);
    expect(reasonsOf(a, 'D1')).toStrictEqual([
      { rule: 'D1', n: 4, totalIncome: 1600, perCapitaIncome: 400, standard: 600, assetsWithinLimit: true, outcome: true, benefit: 800 },
    ]);
    expect(a.household).toBe('dibao');
    expect(a.householdBenefit).toBe(800);
    expect(reasonsOf(a, 'D2')).toEqual([]);
    expect(reasonsOf(a, 'R1')).toEqual([]);
  });

  it('D1 per-capita income exactly equal to the standard is not 低保 (it is 低保边缘)', () => {
    const a = single(600);
    expect(reasonsOf(a, 'D1')[0]).toMatchObject({ perCapitaIncome: 600, outcome: false, benefit: null });
    expect(a.household).toBe('low-income');
    expect(a.householdBenefit).toBeNull();
  });

  it('D1 one cent below the standard is 低保 with a benefit of 0.01', () => {
    const a = single(599.99);
    expect(a.household).toBe('dibao');
    expect(a.householdBenefit).toBe(0.01);
  });

  it('D1 zero income: the benefit is the standard for each member', () => {
    const a = assessHousehold(household([member('a'), member('b'), member('c')]), POLICY);
    expect(a.perCapitaIncome).toBe(0);
    expect(a.householdBenefit).toBe(1800);
  });

  it('D1 the urban standard applies to an urban household', () => {
    const a = assessHousehold(household([member('a', { income: business(700) })], { residence: 'urban' }), POLICY);
    expect(a.household).toBe('dibao');
    expect(a.householdBenefit).toBe(100);
  });

  it('D1 2300 over 3 gives 766.67, and the benefit is computed exactly, not from the rounded figure', () => {
    const a = assessHousehold(
      household([member('a', { income: business(1000) }), member('b', { income: business(1000) }), member('c', { income: business(300) })], { residence: 'urban' }),
      POLICY,
    );
    expect(a.perCapitaIncome).toBe(766.67);
    // (800 − 2300/3) × 3 = 100 exactly; (800 − 766.67) × 3 would be 99.99.
    expect(a.householdBenefit).toBe(100);
  });

  it('D1 money is exact: items of 599.3 + 0.3 + 0.4 are 600, not the 599.9999999999999 of float addition', () => {
    const a = assessHousehold(
      household([member('a', { income: [{ kind: 'business', monthly: 599.3 }, { kind: 'property', monthly: 0.3 }, { kind: 'other', monthly: 0.4 }] })]),
      POLICY,
    );
    expect(a.perCapitaIncome).toBe(600);
    expect(a.household).toBe('low-income');
  });

  it('D1 per-capita income rounds half away from zero on the cent', () => {
    // 1000.01 / 2 = 500.005 → 500.01; benefit 1200 − 1000.01 = 199.99.
    const a = assessHousehold(household([member('a', { income: business(1000.01) }), member('b')]), POLICY);
    expect(a.perCapitaIncome).toBe(500.01);
    expect(a.householdBenefit).toBe(199.99);
    // 200 / 3 = 66.666… → 66.67; 100 / 3 → 33.33.
    expect(assessHousehold(household([member('a', { income: business(200) }), member('b'), member('c')]), POLICY).perCapitaIncome).toBe(66.67);
    expect(assessHousehold(household([member('a', { income: business(100) }), member('b'), member('c')]), POLICY).perCapitaIncome).toBe(33.33);
  });

  it('D1 assets over the limit: no 低保 even with no income', () => {
    const a = assessHousehold(household([member('a')], { otherAssetsWithinLimit: false }), POLICY);
    expect(reasonsOf(a, 'D1')[0]).toMatchObject({ perCapitaIncome: 0, assetsWithinLimit: false, outcome: false });
    expect(a.household).toBe('none');
  });

  it('D1 with n = 0 (every counted member 特困) the household outcome is none and per-capita income null', () => {
    const a = assessHousehold(household([member('a', { age: 80, income: business(100) })]), POLICY);
    expect(a.household).toBe('none');
    expect(a.perCapitaIncome).toBeNull();
    expect(a.householdBenefit).toBeNull();
    expect(reasonsOf(a, 'D1')).toStrictEqual([
      { rule: 'D1', n: 0, totalIncome: 0, perCapitaIncome: null, standard: 600, assetsWithinLimit: true, outcome: false, benefit: null },
    ]);
    expect(reasonsOf(a, 'D2')).toEqual([]);
  });
});

describe('D2 低保边缘', () => {
  it('D2 per-capita income exactly 1.5 × the standard is not 低保边缘', () => {
    const a = single(900);
    expect(reasonsOf(a, 'D2')).toStrictEqual([{ rule: 'D2', perCapitaIncome: 900, multiplier: 1.5, ceiling: 900, assetsWithinLimit: true, outcome: false }]);
    expect(a.household).toBe('none');
  });

  it('D2 one cent below 1.5 × the standard is 低保边缘', () => {
    expect(single(899.99).household).toBe('low-income');
  });

  it('D2 the multiplier is exact (1.3 × 600 = 780)', () => {
    const p = { ...POLICY, lowIncomeMultiplier: 1.3 };
    expect(assessHousehold(household([member('a', { income: business(779.99) })]), p).household).toBe('low-income');
    expect(assessHousehold(household([member('a', { income: business(780) })]), p).household).toBe('none');
  });

  it('D2 needs A1', () => {
    const a = assessHousehold(household([member('a', { income: business(700) })], { financialAssets: 20000 }), POLICY);
    expect(reasonsOf(a, 'D2')[0]).toMatchObject({ assetsWithinLimit: false, outcome: false });
    expect(a.household).toBe('none');
  });
});

describe('D3 单人户', () => {
  const family = (disabled: Partial<Member>, earner = 1800) =>
    assessHousehold(household([member('d', { age: 50, ...disabled }), member('e', { age: 45, income: [{ kind: 'wage', monthly: earner }] })]), POLICY);

  it('D3 a member with a major illness in a 低保边缘 household is 低保 alone: benefit = standard − own income', () => {
    const a = family({ health: 'major-illness', income: business(250.5) }, 1200);
    // n = 2: (250.5 + 1000) / 2 = 625.25 → 低保边缘.
    expect(a.household).toBe('low-income');
    expect(reasonsOf(a, 'D3')).toStrictEqual([{ rule: 'D3', memberId: 'd', basis: 'major-illness', income: 250.5, standard: 600, outcome: true, benefit: 349.5 }]);
    expect(a.persons).toStrictEqual([{ memberId: 'd', programme: 'dibao-single', benefit: 349.5 }]);
  });

  it('D3 a grade 1–2 disability of any category, or grade 3 intellectual/mental, qualifies; grade 3 physical does not', () => {
    // Ages 50 with hearing 2 is not T1, so not 特困: goes straight to D3.
    expect(family({ disability: { category: 'hearing', grade: 2 } }).persons).toStrictEqual([{ memberId: 'd', programme: 'dibao-single', benefit: 600 }]);
    const mental = family({ disability: { category: 'mental', grade: 3 } });
    expect(mental.household).toBe('low-income');
    expect(reasonsOf(mental, 'D3')[0]).toMatchObject({ basis: 'disability', outcome: true, benefit: 600 });
    expect(reasonsOf(family({ disability: { category: 'physical', grade: 3 } }), 'D3')).toEqual([]);
    expect(reasonsOf(family({ disability: { category: 'intellectual', grade: 4 } }), 'D3')).toEqual([]);
  });

  it('D3 own income exactly at the standard is not below it', () => {
    const a = family({ health: 'major-illness', income: [{ kind: 'wage', monthly: 800 }] }, 1000);
    // d countable 600, e 800: 700 per head → 低保边缘.
    expect(reasonsOf(a, 'D3')).toStrictEqual([{ rule: 'D3', memberId: 'd', basis: 'major-illness', income: 600, standard: 600, outcome: false, benefit: null }]);
    expect(a.persons).toEqual([]);
  });

  it('D3 only when the household is 低保边缘: not in a 低保 household, not in a household above the ceiling', () => {
    const dibao = family({ health: 'major-illness' }, 1000);
    expect(dibao.household).toBe('dibao');
    expect(reasonsOf(dibao, 'D3')).toEqual([]);
    expect(dibao.persons).toEqual([]);
    const above = family({ health: 'major-illness' }, 2200);
    expect(above.household).toBe('none');
    expect(reasonsOf(above, 'D3')).toEqual([]);
  });

  it('D3 a chronic illness does not qualify', () => {
    expect(reasonsOf(family({ health: 'chronic' }), 'D3')).toEqual([]);
  });
});
