import { z } from 'zod';
import { money } from '../../schema/common';
import { incomeKindSchema } from '../../schema/policy';

/**
 * The rule engine's input (eligibility.md "The contract"), in the shape of eligibility-cases.json.
 * The survey form maps onto it (survey-to-household.ts); the server parses it again before assessing.
 */

export const RESIDENCES = ['urban', 'rural'] as const;
export const RELATIONS = ['self', 'spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'other'] as const;
export const SUPPORTER_RELATIONS = ['spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'other'] as const;
/** E1: the only reasons a co-resident member is not counted. */
export const NOT_COUNTED_REASONS = ['prison', 'drug-rehab', 'declared-missing', 'religious-3y'] as const;
export const HEALTH_STATES = ['healthy', 'chronic', 'major-illness'] as const;
export const DISABILITY_CATEGORIES = ['visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple'] as const;
export const PARENT_SITUATIONS = [
  'present',
  'dead',
  'declared-missing',
  'severe-disability',
  'major-illness',
  'imprisoned',
  'lost-contact',
] as const;
export const SELF_CARE_ITEMS = ['eating', 'dressing', 'transfer', 'toilet', 'indoorWalking', 'bathing'] as const;
export const EMERGENCY_KINDS = ['fire', 'accident', 'sudden-illness', 'disaster'] as const;
export const SUPPORTER_RECEIVES = ['dibao', 'tekun'] as const;
export const LEGAL_STATUSES = ['no-civil-capacity', 'declared-missing', 'imprisoned'] as const;
export const SPENDING_CATEGORIES = ['medical', 'education', 'rehabilitation', 'living', 'other'] as const;

const disabilitySchema = z.object({
  category: z.enum(DISABILITY_CATEGORIES),
  grade: z.number().int().min(1).max(4),
});
export type Disability = z.infer<typeof disabilitySchema>;

/** true = can do it alone. */
export const selfCareSchema = z.object({
  eating: z.boolean(),
  dressing: z.boolean(),
  transfer: z.boolean(),
  toilet: z.boolean(),
  indoorWalking: z.boolean(),
  bathing: z.boolean(),
});
export type SelfCare = z.infer<typeof selfCareSchema>;

const parentSituationSchema = z.enum(PARENT_SITUATIONS);
export const parentsSchema = z.object({ father: parentSituationSchema, mother: parentSituationSchema });
export type Parents = z.infer<typeof parentsSchema>;

const incomeItemSchema = z.object({ kind: incomeKindSchema, monthly: money });

const memberSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  idNumber: z.string().optional(),
  relation: z.enum(RELATIONS),
  age: z.number().int().min(0).max(150),
  notCountedReason: z.enum(NOT_COUNTED_REASONS).optional(),
  health: z.enum(HEALTH_STATES),
  /** The labour capacity the surveyor recorded: never used by T1 (age and disability decide), only named in its explanation. */
  labourCapacity: z.enum(['full', 'partial', 'none']).optional(),
  disability: disabilitySchema.optional(),
  selfCare: selfCareSchema.optional(),
  parents: parentsSchema.optional(),
  income: z.array(incomeItemSchema),
});
export type Member = z.infer<typeof memberSchema>;

const supporterSchema = z.object({
  id: z.string().min(1),
  relation: z.enum(SUPPORTER_RELATIONS),
  age: z.number().int().min(0).max(150),
  monthlyIncome: money,
  propertyWithinLimit: z.boolean(),
  receives: z.enum(SUPPORTER_RECEIVES).optional(),
  disability: disabilitySchema.optional(),
  legalStatus: z.enum(LEGAL_STATUSES).optional(),
});
export type Supporter = z.infer<typeof supporterSchema>;

const annualSpendingSchema = z.object({
  medical: money,
  education: money,
  rehabilitation: money,
  living: money,
  other: money,
});
export type AnnualSpending = z.infer<typeof annualSpendingSchema>;

const emergencySchema = z.object({ kind: z.enum(EMERGENCY_KINDS) });

export const householdSchema = z
  .object({
    residence: z.enum(RESIDENCES),
    members: z.array(memberSchema).max(50),
    supporters: z.array(supporterSchema).max(50),
    financialAssets: money,
    otherAssetsWithinLimit: z.boolean(),
    annualSpending: annualSpendingSchema,
    emergency: emergencySchema.optional(),
  })
  .superRefine((h, ctx) => {
    // The engine keys its figures by member id, so ids must be unique within the household.
    const seen = new Set<string>();
    h.members.forEach((m, i) => {
      if (seen.has(m.id)) ctx.addIssue({ code: 'custom', message: 'members.duplicateId', path: ['members', i, 'id'] });
      seen.add(m.id);
    });
  });
export type Household = z.infer<typeof householdSchema>;
