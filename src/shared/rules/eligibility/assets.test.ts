import { describe, expect, it } from 'vitest';
import { assessHousehold } from './assess-household';
import { household, member, POLICY, reasonsOf, spending } from '../../../../test/helpers/eligibility-builders';

describe('A1 assets', () => {
  const two = (financialAssets: number, over = {}) =>
    assessHousehold(household([member('a'), member('b')], { financialAssets, ...over }), POLICY);

  it('A1 per-capita financial assets exactly at the limit (24 × 600 per person) are within it', () => {
    const a = two(28800);
    expect(a.assetsWithinLimit).toBe(true);
    expect(reasonsOf(a, 'A1')).toStrictEqual([
      { rule: 'A1', financialAssets: 28800, countedMembers: 2, perCapitaFinancialAssets: 14400, limit: 14400, financialAssetMonths: 24, otherAssetsWithinLimit: true, outcome: true },
    ]);
    expect(a.household).toBe('dibao');
  });

  it('A1 one cent over the limit per household is over it: no 低保, no 低保边缘, no 刚性支出', () => {
    const a = two(28800.01, { annualSpending: spending(50000) });
    expect(a.assetsWithinLimit).toBe(false);
    expect(a.household).toBe('none');
    expect(a.householdBenefit).toBeNull();
    expect(reasonsOf(a, 'D1')[0]).toMatchObject({ assetsWithinLimit: false, outcome: false });
    expect(reasonsOf(a, 'D2')[0]).toMatchObject({ outcome: false });
    expect(a.temporaryAssistance).toBeNull();
  });

  it('A1 the other assets judged over the local rule fail A1 whatever the financial assets', () => {
    const a = two(0, { otherAssetsWithinLimit: false });
    expect(a.assetsWithinLimit).toBe(false);
    expect(a.household).toBe('none');
  });

  it('A1 divides by the counted members (E1), 特困 members included', () => {
    // One 特困 member (72, no income, no supporter) and one not: the divisor is still 2.
    const a = assessHousehold(
      household([member('old', { age: 72 }), member('b', { age: 72, income: [{ kind: 'business', monthly: 700 }] })], { financialAssets: 28800 }),
      POLICY,
    );
    expect(reasonsOf(a, 'A1')[0]).toMatchObject({ countedMembers: 2, perCapitaFinancialAssets: 14400, outcome: true });
  });

  it('A1 uses the urban standard for an urban household', () => {
    expect(reasonsOf(assessHousehold(household([member('a')], { residence: 'urban', financialAssets: 19200 }), POLICY), 'A1')[0]).toMatchObject({
      limit: 19200,
      outcome: true,
    });
    expect(assessHousehold(household([member('a')], { residence: 'urban', financialAssets: 19200.01 }), POLICY).assetsWithinLimit).toBe(false);
  });

  it('A1 with no counted member compares the whole amount with one person\'s limit', () => {
    const h = (fa: number) => household([member('a', { notCountedReason: 'prison' })], { financialAssets: fa });
    expect(assessHousehold(h(14400), POLICY).assetsWithinLimit).toBe(true);
    expect(assessHousehold(h(14400.01), POLICY).assetsWithinLimit).toBe(false);
  });

  it('A1 failing makes T3 fail: no 特困', () => {
    const a = assessHousehold(household([member('old', { age: 80 })], { otherAssetsWithinLimit: false }), POLICY);
    expect(reasonsOf(a, 'T3')).toStrictEqual([{ rule: 'T3', memberId: 'old', outcome: false }]);
    expect(reasonsOf(a, 'T4')).toEqual([]);
    expect(a.persons).toEqual([]);
  });
});
