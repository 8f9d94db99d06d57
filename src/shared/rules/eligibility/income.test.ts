import { describe, expect, it } from 'vitest';
import { INCOME_KINDS, type IncomeKind } from '../../schema/policy';
import { assessHousehold } from './assess-household';
import { NOT_COUNTED_REASONS } from './household-schema';
import { household, member, POLICY, reasonsOf } from '../../../../test/helpers/eligibility-builders';

describe('E1 counted members', () => {
  it.each(NOT_COUNTED_REASONS)('E1 a member not counted (%s) is left out of the count, the income and n', (reason) => {
    const a = assessHousehold(
      household([
        member('a', { income: [{ kind: 'business', monthly: 400 }] }),
        member('b', { notCountedReason: reason, income: [{ kind: 'business', monthly: 5000 }] }),
      ]),
      POLICY,
    );
    expect(a.countedMembers).toBe(1);
    expect(a.perCapitaIncome).toBe(400);
    expect(a.household).toBe('dibao');
    expect(a.householdBenefit).toBe(200);
    expect(reasonsOf(a, 'E1')).toStrictEqual([
      { rule: 'E1', memberId: 'a', counted: true },
      { rule: 'E1', memberId: 'b', counted: false, notCountedReason: reason },
    ]);
    expect(reasonsOf(a, 'E2').map((r) => r.memberId)).toEqual(['a']);
  });

  it('E1 a member not counted is neither assessed nor a candidate supporter (T4)', () => {
    const a = assessHousehold(
      household([member('old', { age: 66 }), member('son', { age: 40, notCountedReason: 'prison', income: [{ kind: 'wage', monthly: 5000 }] })]),
      POLICY,
    );
    expect(reasonsOf(a, 'T1').map((r) => r.memberId)).toEqual(['old']);
    expect(a.persons).toStrictEqual([{ memberId: 'old', programme: 'tekun' }]);
  });

  it('E1 all members not counted: count 0, n = 0, household none, per-capita income null', () => {
    const a = assessHousehold(
      household([member('a', { notCountedReason: 'prison' }), member('b', { notCountedReason: 'religious-3y' })], { emergency: { kind: 'fire' } }),
      POLICY,
    );
    expect({ ...a, reasons: undefined }).toStrictEqual({
      countedMembers: 0,
      perCapitaIncome: null,
      assetsWithinLimit: true,
      household: 'none',
      householdBenefit: null,
      persons: [],
      temporaryAssistance: 'emergency',
      reasons: undefined,
    });
    expect(reasonsOf(a, 'D1')[0]).toMatchObject({ n: 0, perCapitaIncome: null, outcome: false });
    expect(reasonsOf(a, 'R1')).toEqual([]);
  });

  it('E1 an empty member list is household none', () => {
    const a = assessHousehold(household([]), POLICY);
    expect(a.countedMembers).toBe(0);
    expect(a.household).toBe('none');
    expect(a.perCapitaIncome).toBeNull();
  });
});

describe('E2 countable income', () => {
  const one = (income: { kind: IncomeKind; monthly: number }[]) => assessHousehold(household([member('a', { income })]), POLICY);

  it('E2 the employment-cost deduction is taken from the wage total', () => {
    const a = one([{ kind: 'wage', monthly: 700 }]);
    expect(reasonsOf(a, 'E2')).toStrictEqual([{ rule: 'E2', memberId: 'a', total: 700, excluded: 0, gross: 700, deduction: 200, countable: 500 }]);
    expect(a.perCapitaIncome).toBe(500);
  });

  it('E2 the employment-cost deduction never takes the wage below 0', () => {
    const a = one([{ kind: 'wage', monthly: 150 }, { kind: 'business', monthly: 300 }]);
    expect(reasonsOf(a, 'E2')[0]).toMatchObject({ gross: 450, deduction: 150, countable: 300 });
    expect(a.perCapitaIncome).toBe(300);
  });

  it('E2 the deduction is taken once from several wage items, never from other kinds', () => {
    expect(one([{ kind: 'wage', monthly: 300 }, { kind: 'wage', monthly: 300 }]).perCapitaIncome).toBe(400);
    expect(one([{ kind: 'business', monthly: 500 }]).perCapitaIncome).toBe(500);
    expect(one([{ kind: 'wage', monthly: 0 }, { kind: 'business', monthly: 100 }]).perCapitaIncome).toBe(100);
  });

  it('E2 the deduction is the policy figure', () => {
    const a = assessHousehold(household([member('a', { income: [{ kind: 'wage', monthly: 700 }] })]), { ...POLICY, employmentCostDeduction: 350.5 });
    expect(a.perCapitaIncome).toBe(349.5);
  });

  it.each(POLICY.excludedIncome)('E2 excluded kind %s is not counted for 低保', (kind) => {
    const a = one([{ kind, monthly: 1000 }]);
    expect(reasonsOf(a, 'E2')[0]).toMatchObject({ total: 1000, excluded: 1000, gross: 0, countable: 0 });
    expect(a.perCapitaIncome).toBe(0);
    expect(a.household).toBe('dibao');
    expect(a.householdBenefit).toBe(600);
  });

  it.each(INCOME_KINDS.filter((k) => !POLICY.excludedIncome.includes(k)))('E2 kind %s is counted', (kind) => {
    const a = one([{ kind, monthly: 1000 }]);
    expect(a.perCapitaIncome).toBe(kind === 'wage' ? 800 : 1000);
    expect(a.household).toBe(kind === 'wage' ? 'low-income' : 'none');
  });

  it('E2 the exclusions are the policy\'s, not constants', () => {
    const a = assessHousehold(household([member('a', { income: [{ kind: 'other', monthly: 1000 }] })]), { ...POLICY, excludedIncome: ['other'] });
    expect(a.perCapitaIncome).toBe(0);
  });

  it('E2 old-age allowance and medical insurance count for 低保 but not for 特困 (T2)', () => {
    const a = assessHousehold(
      household([member('a', { age: 65, income: [{ kind: 'old-age-allowance', monthly: 500 }, { kind: 'medical-insurance', monthly: 500 }] })]),
      POLICY,
    );
    expect(reasonsOf(a, 'E2')[0]).toMatchObject({ countable: 1000 });
    expect(reasonsOf(a, 'T2')[0]).toMatchObject({ income: 0, outcome: true });
    expect(a.persons).toStrictEqual([{ memberId: 'a', programme: 'tekun' }]);
  });
});
