import { z } from 'zod';
import {
  DISABILITY_CATEGORIES,
  EMERGENCY_KINDS,
  HEALTH_STATES,
  LEGAL_STATUSES,
  NOT_COUNTED_REASONS,
  parentsSchema,
  RELATIONS,
  RESIDENCES,
  selfCareSchema,
  SUPPORTER_RECEIVES,
  SUPPORTER_RELATIONS,
} from '../rules/eligibility/household-schema';
import { gpsSchema } from './common';
import { incomeKindSchema } from './policy';

/**
 * The building blocks of the household eligibility survey (household-survey.md), shared by the draft
 * and the complete schema in survey.ts. Every message is a stable code the UI translates:
 * 'required' for a missing mandatory value, 'invalid' for a value of the wrong kind.
 */

/** Schema-level error: 'required' when the value is missing, 'invalid' otherwise. */
export const requiredOrInvalid = (iss: { input?: unknown }) => (iss.input === undefined ? 'required' : 'invalid');
const E = { error: requiredOrInvalid };

export const APPLICATION_TYPES = [
  'dibao',
  'tekun',
  'low-income',
  'rigid-spending',
  'temporary-emergency',
  'temporary-spending',
  'orphan',
  'child-without-care',
] as const;
export const VISIT_KINDS = ['new-application', 'annual-review', 'spot-check'] as const;
export const VISIT_METHODS = ['home-visit', 'neighbour-visits', 'letters', 'phone', 'video'] as const;
/** Phone or video only in a major emergency (household-survey.md). */
export const REMOTE_METHODS: readonly (typeof VISIT_METHODS)[number][] = ['phone', 'video'];
export const SEXES = ['male', 'female'] as const;
export const LABOUR_CAPACITIES = ['full', 'partial', 'none'] as const;
export const EMPLOYMENTS = [
  'employed',
  'flexible',
  'farming',
  'registered-unemployed',
  'unregistered-unemployed',
  'retired',
  'pre-school',
  'student',
] as const;
export const SCHOOL_LEVELS = [
  'preschool',
  'primary',
  'junior-secondary',
  'senior-secondary',
  'secondary-vocational',
  'higher-vocational',
  'bachelor',
  'postgraduate',
] as const;
export const INCOME_SOURCES = ['declared', 'matched'] as const;
export const ATTACHMENT_KINDS = [
  'home',
  'id-card',
  'disability-certificate',
  'hospital-bill',
  'receipt',
  'authorisation',
  'pledge',
  'signature',
  'other',
] as const;
export const ATTACHMENT_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const VEHICLE_TYPES = ['car', 'truck', 'motorcycle', 'tractor', 'disability-vehicle', 'other'] as const;

export const enumField = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, E);
export const textField = (max: number) => z.string(E).trim().min(1, 'required').max(max, 'tooLong');
export const optionalText = (max: number) => z.string(E).trim().max(max, 'tooLong');
export const boolField = () => z.boolean(E);
export const dateField = () => z.string(E).regex(/^\d{4}-\d{2}-\d{2}$/, 'date.invalid');
/** Yuan, at most two decimals. */
export const moneyField = () =>
  z
    .number(E)
    .min(0, 'money.negative')
    .max(1e9, 'money.tooLarge')
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'money.cents');

/** Ids of rows inside one survey (members, supporters): unique within the record only. */
export const rowIdField = () => z.string(E).regex(/^[A-Za-z0-9_-]{1,64}$/, 'id.invalid');
const sha256Field = () => z.string(E).regex(/^[0-9a-f]{64}$/, 'sha256.invalid');

export const addressSchema = z.object(
  {
    township: textField(64),
    village: textField(100),
    group: optionalText(50).optional(),
    address: textField(200),
    gps: gpsSchema.optional(),
  },
  E,
);
export const addressDraftSchema = addressSchema.partial();

/** A photo or document, content-addressed (SPEC T1): uploaded separately, after the record. */
export const attachmentRefSchema = z.object(
  {
    sha256: sha256Field(),
    kind: enumField(ATTACHMENT_KINDS),
    size: z.number(E).int('invalid').min(1, 'attachment.empty').max(MAX_ATTACHMENT_BYTES, 'attachment.tooLarge'),
    contentType: enumField(ATTACHMENT_CONTENT_TYPES),
  },
  E,
);
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

/** The signed authorisation to check finances, or the signed pledge: yes/no plus the photo or signature. */
export const signedDocumentSchema = z.object({ signed: boolField(), evidence: sha256Field().optional() }, E);

export const surveyDisabilitySchema = z.object(
  {
    certificate: optionalText(30).optional(),
    category: enumField(DISABILITY_CATEGORIES),
    grade: z.number(E).int('invalid').min(1, 'invalid').max(4, 'invalid'),
  },
  E,
);

export const surveyIncomeSchema = z.object(
  { kind: incomeKindSchema, monthly: moneyField(), source: enumField(INCOME_SOURCES).default('declared') },
  E,
);

export const schoolSchema = z.object({ name: optionalText(100).optional(), level: enumField(SCHOOL_LEVELS) }, E);

export const investigatorSchema = z.object({ name: textField(50), staffNo: optionalText(30).optional() }, E);

export const houseSchema = z.object({ area: z.number(E).min(0, 'invalid').max(100000, 'invalid'), onlyHome: boolField(), note: optionalText(200).optional() }, E);
export const vehicleSchema = z.object({ type: enumField(VEHICLE_TYPES), value: moneyField(), note: optionalText(200).optional() }, E);
export const businessAssetSchema = z.object({ description: textField(200), value: moneyField(), exempt: boolField() }, E);

export const spendingSchema = z.object(
  {
    medical: moneyField().default(0),
    education: moneyField().default(0),
    rehabilitation: moneyField().default(0),
    living: moneyField().default(0),
    other: moneyField().default(0),
  },
  E,
);

export const emergencyRecordSchema = z.object(
  { kind: enumField(EMERGENCY_KINDS), date: dateField().optional(), note: optionalText(500).optional() },
  E,
);

export const proxySchema = z.object(
  {
    name: textField(50),
    idNumber: optionalText(18).optional(),
    relation: optionalText(30).optional(),
    reason: textField(200),
  },
  E,
);

export {
  HEALTH_STATES,
  LEGAL_STATUSES,
  NOT_COUNTED_REASONS,
  parentsSchema,
  RELATIONS,
  RESIDENCES,
  selfCareSchema,
  SUPPORTER_RECEIVES,
  SUPPORTER_RELATIONS,
};
