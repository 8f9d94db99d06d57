import { describe, expect, it } from 'vitest';
import { assessHousehold } from './assess-household';
import { exact } from './exact';
import { EMERGENCY_KINDS, type Household, type Member } from './household-schema';
import { spendingRatio } from './spending-ratio';
import { household, member, POLICY, reasonsOf, spending } from '../../../../test/helpers/eligibility-builders';

const business = (monthly: number): Member['income'] => [{ kind: 'business', monthly }];
const single = (income: Member['income'], over: Partial<Household> = {}) => assessHousehold(household([member('a', { income })], over), POLICY);

describe('R1 刚性支出困难', () => {
  it('R1 12-month spending above 12 × gross income, neither 低保 nor 低保边缘: rigid-spending', () => {
    const a = single(business(1000), { annualSpending: spending(10000, { education: 2000.01 }) });
    expect(a.household).toBe('rigid-spending');
    expect(reasonsOf(a, 'R1')).toStrictEqual([
      {
        rule: 'R1',
        annualSpending: 12000.01,
        annualGrossIncome: 12000,
        ratio: 1,
        threshold: 1,
        ratioExceeded: true,
        perCapitaIncome: 1000,
        perCapitaDisposableIncome: 2000,
        assetsWithinLimit: true,
        outcome: true,
      },
    ]);
  });

  it('R1 spending exactly equal to the income does not exceed a ratio of 1.0', () => {
    const a = single(business(1000), { annualSpending: spending(6000, { living: 6000 }) });
    expect(reasonsOf(a, 'R1')[0]).toMatchObject({ ratio: 1, ratioExceeded: false, outcome: false });
    expect(a.household).toBe('none');
  });

  it('R1 every spending category counts', () => {
    const a = single(business(1000), { annualSpending: { medical: 2400, education: 2400, rehabilitation: 2400, living: 2400, other: 2400.01 } });
    expect(a.household).toBe('rigid-spending');
  });

  it('R1 compares with the gross income, before the employment-cost deduction', () => {
    // wage 1100: countable 900 (not 低保边缘), gross 1100 → 13200 a year.
    expect(single([{ kind: 'wage', monthly: 1100 }], { annualSpending: spending(13000) }).household).toBe('none');
    expect(single([{ kind: 'wage', monthly: 1100 }], { annualSpending: spending(13200.01) }).household).toBe('rigid-spending');
  });

  it('R1 excluded income kinds are not in the gross income', () => {
    const a = single([{ kind: 'business', monthly: 1000 }, { kind: 'basic-pension', monthly: 500 }], { annualSpending: spending(12000.01) });
    expect(reasonsOf(a, 'R1')[0]).toMatchObject({ annualGrossIncome: 12000, outcome: true });
  });

  it('R1 needs per-capita income below the per-capita disposable income (exactly equal is not below)', () => {
    expect(single(business(2000), { annualSpending: spending(100000) }).household).toBe('none');
    expect(single(business(1999.99), { annualSpending: spending(100000) }).household).toBe('rigid-spending');
  });

  it('R1 needs A1', () => {
    const a = single(business(1000), { annualSpending: spending(50000), financialAssets: 14400.01 });
    expect(reasonsOf(a, 'R1')[0]).toMatchObject({ ratioExceeded: true, assetsWithinLimit: false, outcome: false });
    expect(a.household).toBe('none');
  });

  it('R1 the threshold is the policy\'s', () => {
    const p = { ...POLICY, rigidSpendingRatio: 0.5 };
    expect(assessHousehold(household([member('a', { income: business(1000) })], { annualSpending: spending(6000.01) }), p).household).toBe('rigid-spending');
    expect(assessHousehold(household([member('a', { income: business(1000) })], { annualSpending: spending(6000) }), p).household).toBe('none');
  });

  it('R1 is not evaluated for a 低保 or 低保边缘 household', () => {
    expect(reasonsOf(single(business(300), { annualSpending: spending(50000) }), 'R1')).toEqual([]);
    expect(reasonsOf(single(business(700), { annualSpending: spending(50000) }), 'R1')).toEqual([]);
  });

  it('R1 with zero income any spending over zero exceeds the ratio (ratio reported as null)', () => {
    const zero = spendingRatio(spending(0.01), exact(0), 1);
    expect(zero.exceeded).toBe(true);
    expect(zero.figures).toStrictEqual({ annualSpending: 0.01, annualGrossIncome: 0, ratio: null, threshold: 1, ratioExceeded: true });
    expect(spendingRatio(spending(0), exact(0), 1).exceeded).toBe(false);
    // Zero income with assets over the rule: the ratio is exceeded but A1 decides.
    const a = single([], { annualSpending: spending(500), otherAssetsWithinLimit: false });
    expect(reasonsOf(a, 'R1')[0]).toMatchObject({ annualGrossIncome: 0, ratio: null, ratioExceeded: true, outcome: false });
  });

  it('R1 the ratio figure is rounded to 4 places', () => {
    expect(spendingRatio(spending(10000), exact(300), 1).figures.ratio).toBe(2.7778);
  });
});

describe('K1 临时救助', () => {
  it.each(EMERGENCY_KINDS)('K1 a recorded emergency (%s) is emergency assistance, whatever income and assets', (kind) => {
    const a = single(business(5000), { emergency: { kind }, otherAssetsWithinLimit: false });
    expect(a.temporaryAssistance).toBe('emergency');
    expect(reasonsOf(a, 'K1')[0]).toMatchObject({ emergency: kind, outcome: 'emergency' });
  });

  it('K1 an emergency wins over a spending-driven need', () => {
    expect(single(business(1000), { emergency: { kind: 'sudden-illness' }, annualSpending: spending(50000) }).temporaryAssistance).toBe('emergency');
  });

  it('K1 spending-driven: A1, per-capita income below the disposable income, ratio exceeded', () => {
    const a = single(business(1000), { annualSpending: spending(12000.01) });
    expect(a.temporaryAssistance).toBe('spending');
    expect(reasonsOf(a, 'K1')[0]).toMatchObject({ emergency: null, ratioExceeded: true, outcome: 'spending' });
  });

  it('K1 spending-driven also for a 低保 household (the rule sets no household condition)', () => {
    const a = single(business(500), { annualSpending: spending(6000.01) });
    expect(a.household).toBe('dibao');
    expect(a.temporaryAssistance).toBe('spending');
  });

  it('K1 spending-driven with zero income and spending over zero', () => {
    const a = single([], { annualSpending: spending(0, { other: 1 }) });
    expect(a.temporaryAssistance).toBe('spending');
    expect(reasonsOf(a, 'K1')[0]).toMatchObject({ annualGrossIncome: 0, ratio: null, ratioExceeded: true });
  });

  it('K1 none without spending, with the ratio not exceeded, with income at the disposable income, or with A1 failing', () => {
    expect(single([]).temporaryAssistance).toBeNull();
    expect(single(business(1000), { annualSpending: spending(12000) }).temporaryAssistance).toBeNull();
    expect(single(business(2000), { annualSpending: spending(100000) }).temporaryAssistance).toBeNull();
    expect(single(business(1000), { annualSpending: spending(50000), otherAssetsWithinLimit: false }).temporaryAssistance).toBeNull();
  });

  it('K1 with n = 0 (all 特困) there is no per-capita income, so no spending-driven assistance', () => {
    const a = assessHousehold(household([member('a', { age: 80 })], { annualSpending: spending(9000) }), POLICY);
    expect(a.temporaryAssistance).toBeNull();
    expect(reasonsOf(a, 'K1')[0]).toMatchObject({ perCapitaIncome: null, ratioExceeded: true, outcome: null });
  });
});
