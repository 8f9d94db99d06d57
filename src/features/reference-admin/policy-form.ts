import { INCOME_KINDS, policyRecordSchema, type EligibilityPolicy, type IncomeKind, type PolicyRecord } from '../../shared/schema/policy';
import { compact, numberValue, optionalText, preparedResolver } from './prepared-resolver';

/**
 * The example figures of eligibility.md ("Policy parameters"): a starting point the administrator
 * checks against the prefecture's document, never a rule in code.
 */
const EXCLUDED: IncomeKind[] = ['preferential-care', 'family-planning', 'scholarship', 'bravery-award', 'social-assistance', 'basic-pension', 'child-care-subsidy'];
export const EXAMPLE_POLICY: EligibilityPolicy = {
  standard: { urban: 800, rural: 600 },
  lowIncomeMultiplier: 1.5,
  perCapitaDisposableIncome: 2000,
  financialAssetMonths: 24,
  employmentCostDeduction: 200,
  rigidSpendingRatio: 1.0,
  excludedIncome: EXCLUDED,
  excludedIncomeTekun: [...EXCLUDED, 'old-age-allowance', 'medical-insurance'],
};

type Num = number | undefined;
/** What the policy form's controls hold: numbers may be empty boxes, exclusions are checked boxes. */
export interface PolicyFormValues {
  id: string;
  township: string;
  policyVersion: Num;
  effectiveFrom: string;
  source: string;
  parameters: {
    standard: { urban: Num; rural: Num };
    lowIncomeMultiplier: Num;
    perCapitaDisposableIncome: Num;
    financialAssetMonths: Num;
    employmentCostDeduction: Num;
    rigidSpendingRatio: Num;
    excludedIncome: string[];
    excludedIncomeTekun: string[];
  };
  /** The lists as stored (no control): an untouched list goes back in its own order. */
  stored?: { excludedIncome: readonly string[]; excludedIncomeTekun: readonly string[] };
}

/**
 * The checked kinds (react-hook-form gives a list; a lone value or false in odd cases): those already
 * in the stored list keep its order, newly checked ones follow in the order of INCOME_KINDS.
 */
export function checkedKinds(checked: unknown, stored: readonly string[] = []): IncomeKind[] {
  const given = new Set(Array.isArray(checked) ? checked.map(String) : typeof checked === 'string' ? [checked] : []);
  const kept = stored.filter((k): k is IncomeKind => given.has(k) && (INCOME_KINDS as readonly string[]).includes(k));
  return [...new Set([...kept, ...INCOME_KINDS.filter((k) => given.has(k))])];
}

export function policyValues(p: PolicyRecord): PolicyFormValues {
  const parameters = structuredClone(p.parameters);
  const stored = { excludedIncome: [...parameters.excludedIncome], excludedIncomeTekun: [...parameters.excludedIncomeTekun] };
  return { id: p.id, township: p.township, policyVersion: p.policyVersion, effectiveFrom: p.effectiveFrom ?? '', source: p.source ?? '', parameters, stored };
}

export function newPolicyValues(id: string, township = ''): PolicyFormValues {
  return policyValues({ id, township, policyVersion: 1, parameters: EXAMPLE_POLICY });
}

/**
 * The next version of a policy, as a new record: the old one stays, because an assessment names the
 * version it was made with and the county must still be able to read those figures.
 */
export function nextVersionValues(p: PolicyRecord, id: string): PolicyFormValues {
  return { ...policyValues(p), id, policyVersion: p.policyVersion + 1, effectiveFrom: '' };
}

export function preparePolicy(v: PolicyFormValues): Record<string, unknown> {
  const p = v.parameters;
  return compact({
    id: v.id,
    township: typeof v.township === 'string' ? v.township.trim() : v.township,
    policyVersion: numberValue(v.policyVersion),
    effectiveFrom: optionalText(v.effectiveFrom),
    source: optionalText(v.source),
    parameters: {
      standard: { urban: numberValue(p.standard.urban), rural: numberValue(p.standard.rural) },
      lowIncomeMultiplier: numberValue(p.lowIncomeMultiplier),
      perCapitaDisposableIncome: numberValue(p.perCapitaDisposableIncome),
      financialAssetMonths: numberValue(p.financialAssetMonths),
      employmentCostDeduction: numberValue(p.employmentCostDeduction),
      rigidSpendingRatio: numberValue(p.rigidSpendingRatio),
      excludedIncome: checkedKinds(p.excludedIncome, v.stored?.excludedIncome),
      excludedIncomeTekun: checkedKinds(p.excludedIncomeTekun, v.stored?.excludedIncomeTekun),
    },
  });
}

export const policyResolver = preparedResolver<PolicyFormValues, PolicyRecord>(policyRecordSchema, preparePolicy);
