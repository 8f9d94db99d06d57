import { z } from 'zod';
import { idSchema, isoDate, isoDateTime, money } from './common';
import { VISIT_KINDS } from './survey-fields';

/**
 * One step of a case (case-lifecycle.md), a record of its own: who recorded it, when, and what. A step
 * is never edited or deleted (the server refuses a change to a stored step); a correction is a new step
 * that cites the old one. Which steps may follow which is rules/case/transitions.ts.
 */
export const CASE_STEP_KINDS = [
  'survey',
  'financial-check',
  'township-opinion',
  'notice',
  're-investigation',
  'emergency-grant',
  'extension',
  'county-decision',
  'review-outcome',
  'correction',
] as const;
export type CaseStepKind = (typeof CASE_STEP_KINDS)[number];

/** [CV3] Steps only the county decides: a worker proposes, a supervisor decides, an administrator never does. */
export const COUNTY_STEP_KINDS: readonly CaseStepKind[] = ['financial-check', 'extension', 'county-decision', 'review-outcome'];

export const CASE_STEP_FORM_VERSION = 1;

const text = (max: number) => z.string().trim().min(1).max(max);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month.invalid');
/** How often the household is reviewed: every 12 months (stable) or 6 (working-age members, unstable income). */
export const REVIEW_CLASSES = ['stable', 'unstable'] as const;
const reviewEvery = z.enum(REVIEW_CLASSES);
const amount = money.refine((v) => v > 0, 'amount.positive');

export const objectionSchema = z
  .object({
    /** The objector as the notice board heard them (free text; never audited, never published). */
    who: text(60),
    when: isoDate,
    what: text(500),
  })
  .strict();

/** The payload of each kind of step but a correction. Each is strict: a key the form does not have is refused. */
const PLAIN_PAYLOADS = {
  survey: z.object({ surveyId: idSchema, visitKind: z.enum(VISIT_KINDS) }).strict(),
  'financial-check': z.union([
    z.object({ result: z.literal('matched') }).strict(),
    z.object({ result: z.literal('mismatch'), note: text(500) }).strict(),
  ]),
  'township-opinion': z.union([
    z.object({ proposal: z.literal('grant'), amount }).strict(),
    z.object({ proposal: z.literal('refuse'), reason: text(500) }).strict(),
  ]),
  notice: z.object({ start: isoDate, end: isoDate, objections: z.array(objectionSchema).max(50) }).strict(),
  're-investigation': z.object({ reason: text(500), surveyId: idSchema.optional() }).strict(),
  'emergency-grant': z.object({ amount, reason: text(500) }).strict(),
  extension: z.object({ reason: text(500) }).strict(),
  'county-decision': z.union([
    z.object({ outcome: z.literal('grant'), amount, firstMonth: month, reviewEvery }).strict(),
    z.object({ outcome: z.literal('refuse'), reason: text(500) }).strict(),
    z.object({ outcome: z.literal('return'), missing: text(500), comment: text(1000).optional() }).strict(),
  ]),
  'review-outcome': z.union([
    z.object({ outcome: z.literal('continue'), reviewEvery }).strict(),
    z.object({ outcome: z.literal('adjust'), amount, firstMonth: month, reviewEvery }).strict(),
    z.object({ outcome: z.literal('gradual-exit'), months: z.number().int().min(1).max(24) }).strict(),
    z.object({ outcome: z.literal('stop'), reason: text(500) }).strict(),
  ]),
} satisfies Record<Exclude<CaseStepKind, 'correction'>, z.ZodType>;

/** Any payload but a correction's: what a correction's replacement must be (its kind is checked by CL11). */
const plainPayload = z.union(Object.values(PLAIN_PAYLOADS) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);

export const STEP_PAYLOADS = {
  ...PLAIN_PAYLOADS,
  correction: z
    .object({
      corrects: idSchema,
      reason: text(500),
      /** The corrected payload, of the cited step's kind (checked against it by CL11). */
      replacement: plainPayload,
    })
    .strict(),
} satisfies Record<CaseStepKind, z.ZodType>;

/** Any payload: the record's `payload` field parses (and is stored) as this; its kind is checked in the refinement. */
const anyPayload = z.union([plainPayload, STEP_PAYLOADS.correction]);

export type StepPayloads = { [K in CaseStepKind]: z.infer<(typeof STEP_PAYLOADS)[K]> };

export const STEP_ROLES = ['worker', 'supervisor'] as const;

/**
 * The fields of a step record. `payload` parses as any kind's payload (so the stored value is the parsed,
 * trimmed one: SPEC P11) and is held to its own kind's schema in the refinement (CV1); the record's
 * shape stays one object, so SPEC P10 checks its top-level keys.
 */
export const caseStepSchema = z
  .object({
    id: idSchema,
    caseId: idSchema,
    kind: z.enum(CASE_STEP_KINDS),
    /** Who recorded it: the account, its name for display, and the role it acted in. */
    who: z.object({ userId: z.string().min(1).max(64), name: text(60), role: z.enum(STEP_ROLES) }).strict(),
    /** When it was recorded (the device's clock, with its offset). */
    when: isoDateTime,
    payload: anyPayload,
    note: text(1000).optional(),
  })
  .strict()
  .superRefine((step, ctx) => {
    const parsed = STEP_PAYLOADS[step.kind].safeParse(step.payload);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['payload', ...issue.path.map(String)], message: issue.message });
    }
  });

export type CaseStepRecord = z.infer<typeof caseStepSchema>;

/** A step whose payload has been checked against its kind (what the rules work on). */
export type CaseStep = { [K in CaseStepKind]: Omit<CaseStepRecord, 'kind' | 'payload'> & { kind: K; payload: StepPayloads[K] } }[CaseStepKind];
