import { z } from 'zod';
import { idSchema, isoDate, money, townshipCode } from './common';

/**
 * The eligibility policy parameters (eligibility.md "Policy parameters"). Each prefecture sets them;
 * the server syncs them to tablets as `policy` reference records. They are never constants in code:
 * the rule engine takes them as its second argument.
 */

/** Income kinds (eligibility.md): the policy lists which of them are not counted. */
export const INCOME_KINDS = [
  'wage',
  'business',
  'property',
  'support-received',
  'employee-pension',
  'basic-pension',
  'old-age-allowance',
  'unemployment-insurance',
  'medical-insurance',
  'preferential-care',
  'family-planning',
  'scholarship',
  'bravery-award',
  'social-assistance',
  'child-care-subsidy',
  'other',
] as const;
export type IncomeKind = (typeof INCOME_KINDS)[number];
export const incomeKindSchema = z.enum(INCOME_KINDS);

const positiveMoney = money.refine((v) => v > 0, 'policy.positive');

/** The bare parameters, as `assessHousehold(household, policy)` takes them. */
export const eligibilityPolicySchema = z.object({
  /** 低保标准, yuan per person per month. */
  standard: z.object({ urban: positiveMoney, rural: positiveMoney }),
  /** 低保边缘 ceiling = multiplier × standard. */
  lowIncomeMultiplier: z.number().min(1).max(10),
  /** Last year's local per-capita disposable income, yuan per month. */
  perCapitaDisposableIncome: positiveMoney,
  /** Per-capita financial assets must be ≤ this × standard. */
  financialAssetMonths: z.number().min(0).max(1200),
  /** Deducted once from each member's monthly wage income, never below 0. */
  employmentCostDeduction: money,
  /** 12-month essential spending ÷ 12-month income must exceed this. */
  rigidSpendingRatio: z.number().min(0).max(100),
  /** Not counted for 低保 / 低保边缘 / 刚性支出. */
  excludedIncome: z.array(incomeKindSchema),
  /** Not counted for 特困. */
  excludedIncomeTekun: z.array(incomeKindSchema),
});
export type EligibilityPolicy = z.infer<typeof eligibilityPolicySchema>;

/**
 * The synced policy record. A tablet uses the record of its township with the highest
 * `policyVersion` whose `effectiveFrom` has come; an assessment stores the version it was made with,
 * so the county office can tell which figures produced it.
 */
export const policyRecordSchema = z.object({
  id: idSchema,
  township: townshipCode,
  policyVersion: z.number().int().min(1),
  effectiveFrom: isoDate.optional(),
  /** Who set the figures (e.g. the prefecture's document number); shown beside an assessment. */
  source: z.string().max(200).optional(),
  parameters: eligibilityPolicySchema,
});
export type PolicyRecord = z.infer<typeof policyRecordSchema>;
