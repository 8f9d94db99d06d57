import { z } from 'zod';
import {
  DISABILITY_CATEGORIES,
  EMERGENCY_KINDS,
  NOT_COUNTED_REASONS,
  PARENT_SITUATIONS,
} from './household-schema';

/**
 * The rule engine's output (eligibility.md "The contract"). Every outcome carries `reasons`: one or
 * more entries per rule that was evaluated, with the figures that decided it, so a worker can read
 * the reasoning (explain.ts) and the server can store it beside the survey.
 * Money figures are yuan rounded to 0.01.
 */

const RULE_IDS = ['E1', 'E2', 'A1', 'T1', 'T2', 'T3', 'T4', 'C1', 'D1', 'D2', 'D3', 'R1', 'K1'] as const;
export type RuleId = (typeof RULE_IDS)[number];

const HOUSEHOLD_OUTCOMES = ['dibao', 'low-income', 'rigid-spending', 'none'] as const;
const PERSON_PROGRAMMES = ['tekun', 'dibao-single', 'orphan', 'child-without-care'] as const;
const SELF_CARE_LEVELS = ['self-sufficient', 'partly-lost', 'fully-lost'] as const;
const TEMPORARY_ASSISTANCE = ['emergency', 'spending'] as const;
export type SelfCareLevel = (typeof SELF_CARE_LEVELS)[number];

const amount = z.number();
// Bounded as the survey's row ids are (survey-fields.ts rowIdField): a stored value has a size (SPEC P10).
const memberId = z.string().max(64);

/** E1: one entry per member, counted or not. */
const e1ReasonSchema = z.object({
  rule: z.literal('E1'),
  memberId,
  counted: z.boolean(),
  notCountedReason: z.enum(NOT_COUNTED_REASONS).optional(),
});

/** E2: one entry per counted member; gross = countable before the employment-cost deduction. */
const e2ReasonSchema = z.object({
  rule: z.literal('E2'),
  memberId,
  /** Sum of every item, excluded kinds included. */
  total: amount,
  excluded: amount,
  gross: amount,
  /** The part of the employment-cost deduction actually taken (never more than the wage). */
  deduction: amount,
  countable: amount,
});

const a1ReasonSchema = z.object({
  rule: z.literal('A1'),
  financialAssets: amount,
  /** E1 count; the divisor is at least 1 (see assets.ts). */
  countedMembers: z.number().int(),
  perCapitaFinancialAssets: amount,
  /** financialAssetMonths × standard. */
  limit: amount,
  financialAssetMonths: z.number(),
  otherAssetsWithinLimit: z.boolean(),
  outcome: z.boolean(),
});

const T1_BASES = ['age-60-plus', 'age-under-16', 'disability'] as const;
const t1ReasonSchema = z.object({
  rule: z.literal('T1'),
  memberId,
  age: z.number().int(),
  disabilityCategory: z.enum(DISABILITY_CATEGORIES).optional(),
  disabilityGrade: z.number().int().optional(),
  /** Why the member has no labour capacity; null when they have it. */
  basis: z.enum(T1_BASES).nullable(),
  /**
   * Facts the survey recorded that T1 does NOT use (only age and disability decide): the labour capacity
   * the worker entered, and the health when not 'healthy'. Carried so the explanation can say they were
   * ignored (issue 13 item 7); absent from assessments made before.
   */
  recordedLabourCapacity: z.enum(['full', 'partial', 'none']).optional(),
  health: z.enum(['chronic', 'major-illness']).optional(),
  outcome: z.boolean(),
});

const t2ReasonSchema = z.object({
  rule: z.literal('T2'),
  memberId,
  /** Own income counted with excludedIncomeTekun (after the employment-cost deduction). */
  income: amount,
  standard: amount,
  outcome: z.boolean(),
});

const t3ReasonSchema = z.object({
  rule: z.literal('T3'),
  memberId,
  outcome: z.boolean(),
});

const UNABLE_BECAUSE = ['tekun', 'dibao-60-plus', 'age-70-plus', 'disability', 'legal-status'] as const;
export type UnableBecause = (typeof UNABLE_BECAUSE)[number];

/** T4, one entry per candidate supporter of the member. */
const t4CandidateReasonSchema = z.object({
  rule: z.literal('T4'),
  memberId,
  candidateId: z.string().max(64),
  candidateSource: z.enum(['supporter', 'member']),
  age: z.number().int(),
  /** Supporter: their monthly income; co-resident member: their countable income (E2). */
  income: amount,
  /** Supporter: their flag; co-resident member: A1. */
  propertyWithinLimit: z.boolean(),
  able: z.boolean(),
  unableBecause: z.enum(UNABLE_BECAUSE).optional(),
});

/** T4, the conclusion for the member; when 特困, with the self-care level if recorded. */
const t4ReasonSchema = z.object({
  rule: z.literal('T4'),
  memberId,
  candidates: z.number().int(),
  ableCandidates: z.number().int(),
  outcome: z.boolean(),
  selfCare: z.enum(SELF_CARE_LEVELS).optional(),
  selfCareFailedItems: z.number().int().optional(),
});

const C1_OUTCOMES = ['orphan', 'child-without-care'] as const;
const c1ReasonSchema = z.object({
  rule: z.literal('C1'),
  memberId,
  age: z.number().int(),
  father: z.enum(PARENT_SITUATIONS),
  mother: z.enum(PARENT_SITUATIONS),
  outcome: z.enum(C1_OUTCOMES).nullable(),
});

const d1ReasonSchema = z.object({
  rule: z.literal('D1'),
  /** Counted members not assessed 特困. */
  n: z.number().int(),
  totalIncome: amount,
  perCapitaIncome: amount.nullable(),
  standard: amount,
  assetsWithinLimit: z.boolean(),
  outcome: z.boolean(),
  benefit: amount.nullable(),
});

const d2ReasonSchema = z.object({
  rule: z.literal('D2'),
  perCapitaIncome: amount,
  multiplier: z.number(),
  ceiling: amount,
  assetsWithinLimit: z.boolean(),
  outcome: z.boolean(),
});

const d3ReasonSchema = z.object({
  rule: z.literal('D3'),
  memberId,
  basis: z.enum(['disability', 'major-illness']),
  income: amount,
  standard: amount,
  outcome: z.boolean(),
  benefit: amount.nullable(),
});

/** The R1 ratio figures, shared by R1 and the spending-driven branch of K1. */
const ratioFigures = {
  annualSpending: amount,
  /** 12 × Σ gross countable income of the n members. */
  annualGrossIncome: amount,
  /** null when the income is zero (then any spending over zero exceeds it). */
  ratio: z.number().nullable(),
  threshold: z.number(),
  ratioExceeded: z.boolean(),
  perCapitaIncome: amount.nullable(),
  perCapitaDisposableIncome: amount,
  assetsWithinLimit: z.boolean(),
};

const r1ReasonSchema = z.object({ rule: z.literal('R1'), ...ratioFigures, outcome: z.boolean() });

const k1ReasonSchema = z.object({
  rule: z.literal('K1'),
  emergency: z.enum(EMERGENCY_KINDS).nullable(),
  ...ratioFigures,
  outcome: z.enum(['emergency', 'spending']).nullable(),
});

const reasonSchema = z.union([
  e1ReasonSchema,
  e2ReasonSchema,
  a1ReasonSchema,
  t1ReasonSchema,
  t2ReasonSchema,
  t3ReasonSchema,
  t4CandidateReasonSchema,
  t4ReasonSchema,
  c1ReasonSchema,
  d1ReasonSchema,
  d2ReasonSchema,
  d3ReasonSchema,
  r1ReasonSchema,
  k1ReasonSchema,
]);
export type Reason = z.infer<typeof reasonSchema>;
export type ReasonOf<R extends RuleId> = Extract<Reason, { rule: R }>;

const personOutcomeSchema = z.object({
  memberId,
  programme: z.enum(PERSON_PROGRAMMES),
  /** dibao-single only: monthly yuan. */
  benefit: amount.optional(),
  /** tekun only, when the six items are recorded. */
  selfCare: z.enum(SELF_CARE_LEVELS).optional(),
});
export type PersonOutcome = z.infer<typeof personOutcomeSchema>;

export const assessmentSchema = z.object({
  countedMembers: z.number().int(),
  perCapitaIncome: amount.nullable(),
  assetsWithinLimit: z.boolean(),
  household: z.enum(HOUSEHOLD_OUTCOMES),
  householdBenefit: amount.nullable(),
  /** In the members' input order, at most one entry per member. */
  persons: z.array(personOutcomeSchema).max(100),
  temporaryAssistance: z.enum(TEMPORARY_ASSISTANCE).nullable(),
  reasons: z.array(reasonSchema).max(2000),
});
export type Assessment = z.infer<typeof assessmentSchema>;
