import { z } from 'zod';
import { validateIdNumber } from '../rules/id-number';
import { idNumberString, refineOldFormat } from './id-number-field';
import {
  boolField,
  dateField,
  EMPLOYMENTS,
  enumField,
  HEALTH_STATES,
  LABOUR_CAPACITIES,
  LEGAL_STATUSES,
  moneyField,
  NOT_COUNTED_REASONS,
  optionalText,
  parentsSchema,
  RELATIONS,
  requiredOrInvalid,
  rowIdField,
  schoolSchema,
  selfCareSchema,
  SEXES,
  SUPPORTER_RECEIVES,
  SUPPORTER_RELATIONS,
  surveyDisabilitySchema,
  surveyIncomeSchema,
  textField,
} from './survey-fields';

/**
 * A member row and a supporter row of the survey, each at two levels of strictness: the draft (only the
 * row id required, so a half-filled row saves) and the complete one (household-survey.md's M fields).
 */

/** An ID number that must be there and valid (id-number.md; 15 digits only with idOldFormat). */
const requiredIdNumber = () => z.string({ error: requiredOrInvalid }).pipe(idNumberString);
/** While drafting, any text up to 18 characters: a number half typed still saves. */
const draftIdNumber = () => z.string().trim().max(18, 'id.length').transform((s) => s.toUpperCase());

export const surveyMemberSchema = z
  .object({
    id: rowIdField(),
    name: textField(50),
    idNumber: requiredIdNumber(),
    idOldFormat: boolField().optional(),
    sex: enumField(SEXES),
    birthDate: dateField(),
    relation: enumField(RELATIONS),
    /** E1: a co-resident family member counted in the household; if not, notCountedReason says why. */
    counted: boolField(),
    notCountedReason: enumField(NOT_COUNTED_REASONS).optional(),
    health: enumField(HEALTH_STATES),
    disability: surveyDisabilitySchema.optional(),
    labourCapacity: enumField(LABOUR_CAPACITIES),
    employment: enumField(EMPLOYMENTS),
    school: schoolSchema.optional(),
    /** The six items, true = can do alone. */
    selfCare: selfCareSchema.optional(),
    /** For a child under 18 whose parents are not both present. */
    parents: parentsSchema.optional(),
    incomes: z.array(surveyIncomeSchema).max(50, 'tooMany').default([]),
  })
  .superRefine(
    (m, ctx) => {
    // Runs even when other fields of the row failed (`when` below), so every missing item of a member
    // is listed at once (issue 13 item 5); the row may then be partial, hence the guards — or no object
    // at all (null), which the row's own type check has already refused.
    if (typeof m !== 'object' || m === null) return;
    if (m.counted === false && !m.notCountedReason) ctx.addIssue({ code: 'custom', message: 'required', path: ['notCountedReason'] });
    if (m.counted === true && m.notCountedReason) ctx.addIssue({ code: 'custom', message: 'notCountedReason.unexpected', path: ['notCountedReason'] });
    if (m.employment === 'student' && !m.school) ctx.addIssue({ code: 'custom', message: 'required', path: ['school'] });
    // The number's own checks already spoke when it failed: never a second message on it.
    if (typeof m.idNumber !== 'string' || ctx.issues.some((i) => i.path?.[0] === 'idNumber')) return;
    refineOldFormat(m, ctx, ['idNumber']);
    // Sex and birth date are derived from the number and must agree with what the worker typed.
    const id = validateIdNumber(m.idNumber, { oldFormat: !!m.idOldFormat });
    if (!id.ok) return;
    if (id.sex !== m.sex) ctx.addIssue({ code: 'custom', message: 'id.sexMismatch', path: ['sex'] });
    if (id.birthDate !== m.birthDate) ctx.addIssue({ code: 'custom', message: 'id.birthDateMismatch', path: ['birthDate'] });
    },
    { when: () => true },
  );

export const surveyMemberDraftSchema = z.object({
  id: rowIdField(),
  name: optionalText(50).optional(),
  idNumber: draftIdNumber().optional(),
  idOldFormat: boolField().optional(),
  sex: enumField(SEXES).optional(),
  birthDate: dateField().optional(),
  relation: enumField(RELATIONS).optional(),
  counted: boolField().optional(),
  notCountedReason: enumField(NOT_COUNTED_REASONS).optional(),
  health: enumField(HEALTH_STATES).optional(),
  disability: surveyDisabilitySchema.partial().optional(),
  labourCapacity: enumField(LABOUR_CAPACITIES).optional(),
  employment: enumField(EMPLOYMENTS).optional(),
  school: schoolSchema.partial().optional(),
  selfCare: selfCareSchema.partial().optional(),
  parents: parentsSchema.partial().optional(),
  incomes: z.array(surveyIncomeSchema.partial()).max(50, 'tooMany').optional(),
});

/** A legal supporter living elsewhere: the engine's Supporter plus name and ID number. */
export const surveySupporterSchema = z
  .object({
    id: rowIdField(),
    name: textField(50),
    idNumber: requiredIdNumber(),
    idOldFormat: boolField().optional(),
    relation: enumField(SUPPORTER_RELATIONS),
    age: z.number({ error: requiredOrInvalid }).int('invalid').min(0, 'invalid').max(150, 'invalid'),
    monthlyIncome: moneyField(),
    propertyWithinLimit: boolField(),
    receives: enumField(SUPPORTER_RECEIVES).optional(),
    disability: surveyDisabilitySchema.optional(),
    legalStatus: enumField(LEGAL_STATUSES).optional(),
  })
  .superRefine((s, ctx) => refineOldFormat(s, ctx, ['idNumber']));

export const surveySupporterDraftSchema = z.object({
  id: rowIdField(),
  name: optionalText(50).optional(),
  idNumber: draftIdNumber().optional(),
  idOldFormat: boolField().optional(),
  relation: enumField(SUPPORTER_RELATIONS).optional(),
  age: z.number({ error: requiredOrInvalid }).int('invalid').min(0, 'invalid').max(150, 'invalid').optional(),
  monthlyIncome: moneyField().optional(),
  propertyWithinLimit: boolField().optional(),
  receives: enumField(SUPPORTER_RECEIVES).optional(),
  disability: surveyDisabilitySchema.partial().optional(),
  legalStatus: enumField(LEGAL_STATUSES).optional(),
});
