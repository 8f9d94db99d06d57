/**
 * Builders for the rule engine's tests (not used by the app). Households are made up. POLICY is the
 * policy of eligibility-cases.json (rural standard 600, urban 800, ×1.5, disposable income 2000,
 * 24 months, deduction 200, ratio 1.0); assess-household.test.ts checks that the two stay equal.
 * Test code only: it lives under test/ so that the app ships none of it (the import-boundary check
 * forbids builders in src/); the fixture file is read by the tests and handed to fixtureCases.
 */
import type { EligibilityPolicy } from '../../src/shared/schema/policy';
import type { Assessment, Reason, RuleId } from '../../src/shared/rules/eligibility/assessment-schema';
import { householdSchema, type Household, type Member, type Supporter } from '../../src/shared/rules/eligibility/household-schema';

export const POLICY: EligibilityPolicy = {
  standard: { urban: 800, rural: 600 },
  lowIncomeMultiplier: 1.5,
  perCapitaDisposableIncome: 2000,
  financialAssetMonths: 24,
  employmentCostDeduction: 200,
  rigidSpendingRatio: 1.0,
  excludedIncome: ['preferential-care', 'family-planning', 'scholarship', 'bravery-award', 'social-assistance', 'basic-pension', 'child-care-subsidy'],
  excludedIncomeTekun: [
    'preferential-care',
    'family-planning',
    'scholarship',
    'bravery-award',
    'social-assistance',
    'basic-pension',
    'child-care-subsidy',
    'old-age-allowance',
    'medical-insurance',
  ],
};

export interface FixtureCase {
  id: string;
  title: string;
  household: Household;
  expect: Omit<Assessment, 'reasons'>;
}

/** The cases of eligibility-cases.json, each household parsed with the contract's schema. */
export function fixtureCases(fixture: { cases: unknown[] }): FixtureCase[] {
  return fixture.cases.map((c) => {
    const raw = c as { id: string; title: string; household: unknown; expect: Omit<Assessment, 'reasons'> };
    return { id: raw.id, title: raw.title, household: householdSchema.parse(raw.household), expect: raw.expect };
  });
}

export function member(id: string, over: Partial<Member> = {}): Member {
  return { id, name: `成员${id}`, relation: 'other', age: 40, health: 'healthy', income: [], ...over };
}

export function supporter(id: string, over: Partial<Supporter> = {}): Supporter {
  return { id, relation: 'child', age: 45, monthlyIncome: 3000, propertyWithinLimit: true, ...over };
}

export function household(members: Member[], over: Partial<Household> = {}): Household {
  return {
    residence: 'rural',
    members,
    supporters: [],
    financialAssets: 0,
    otherAssetsWithinLimit: true,
    annualSpending: { medical: 0, education: 0, rehabilitation: 0, living: 0, other: 0 },
    ...over,
  };
}

export function spending(medical: number, over: Partial<Household['annualSpending']> = {}): Household['annualSpending'] {
  return { medical, education: 0, rehabilitation: 0, living: 0, other: 0, ...over };
}

/** The reasons of one rule, optionally for one member. */
export function reasonsOf<R extends RuleId>(a: Assessment, rule: R, memberId?: string): Extract<Reason, { rule: R }>[] {
  return a.reasons.filter(
    (r): r is Extract<Reason, { rule: R }> => r.rule === rule && (memberId === undefined || ('memberId' in r && r.memberId === memberId)),
  );
}
