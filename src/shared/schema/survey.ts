import { z } from 'zod';
import { assessmentSchema } from '../rules/eligibility/assessment-schema';
import { isoDateTime } from './common';
import { incomeKindSchema } from './policy';
import {
  addressDraftSchema,
  addressSchema,
  APPLICATION_TYPES,
  attachmentRefSchema,
  boolField,
  businessAssetSchema,
  dateField,
  emergencyRecordSchema,
  enumField,
  houseSchema,
  investigatorSchema,
  moneyField,
  optionalText,
  proxySchema,
  REMOTE_METHODS,
  requiredOrInvalid,
  RESIDENCES,
  signedDocumentSchema,
  spendingSchema,
  vehicleSchema,
  VISIT_KINDS,
  VISIT_METHODS,
} from './survey-fields';
import { surveyMemberDraftSchema, surveyMemberSchema, surveySupporterDraftSchema, surveySupporterSchema } from './survey-member';

/**
 * The household eligibility survey (household-survey.md), one record per visit.
 *
 * Form versions (SPEC V4): 2 is current; 1 held the members' income items as one flat list at survey
 * level (`incomes: [{ memberId, kind, monthly }]`); upgradeSurvey (survey-upgrade.ts) folds them into
 * each member. Three schemas:
 * - surveyDraftSchema: what any save must satisfy: id and caseId, and the right kinds of values;
 * - surveyCompleteSchema: the mandatory fields of household-survey.md, for submitting;
 * - surveyRecordSchema: the draft rules always, the complete ones once `stage` is 'submitted'.
 *   The server validates every merged record with it (entity 'survey' in registry.ts).
 */
export const SURVEY_FORM_VERSION = 2;
const SURVEY_STAGES = ['draft', 'submitted'] as const;

const E = { error: requiredOrInvalid };
const recordId = () => z.string(E).regex(/^[A-Za-z0-9_-]{8,64}$/, 'id.invalid');

/** The last assessment made on the device, with the policy version it used. */
export const storedAssessmentSchema = assessmentSchema.extend({
  policyVersion: z.number().int().min(1),
  assessedAt: isoDateTime,
});
export type StoredAssessment = z.infer<typeof storedAssessmentSchema>;

const assetsSchema = z.object(
  {
    houses: z.array(houseSchema).max(20, 'tooMany').default([]),
    vehicles: z.array(vehicleSchema).max(20, 'tooMany').default([]),
    /** Deposits and other financial assets, total yuan (A1). */
    financialAssets: moneyField(),
    businessAssets: z.array(businessAssetSchema).max(50, 'tooMany').default([]),
    /** The surveyor's judgment that the other assets are within the local rule (A1). */
    otherAssetsWithinLimit: boolField(),
  },
  E,
);

const homeVisitSchema = z.object(
  {
    date: dateField(),
    investigators: z.array(investigatorSchema, E).min(2, 'investigators.min2').max(10, 'tooMany'),
    method: enumField(VISIT_METHODS),
    /** Phone or video visits are allowed only in a major emergency. */
    majorEmergency: boolField().optional(),
  },
  E,
);

/** Fields that are the same object at both levels. */
const commonFields = {
  id: recordId(),
  /** The case (application) this visit belongs to. */
  caseId: recordId(),
  stage: enumField(SURVEY_STAGES).default('draft'),
  livingConditions: optionalText(2000).optional(),
  attachments: z.array(attachmentRefSchema).max(200, 'tooMany').default([]),
  assessment: storedAssessmentSchema.optional(),
};

export const surveyCompleteSchema = z
  .object({
    ...commonFields,
    applicationType: enumField(APPLICATION_TYPES),
    visitKind: enumField(VISIT_KINDS),
    /** Annual reviews: 12 months for stable households, 6 with working-age members or unstable income. */
    reviewIntervalMonths: z.union([z.literal(6), z.literal(12)], E).optional(),
    residence: enumField(RESIDENCES),
    registeredResidence: addressSchema,
    usualResidence: addressSchema,
    applicantMemberId: z.string(E).min(1, 'required').max(64, 'tooLong'),
    proxy: proxySchema.optional(),
    authorisation: signedDocumentSchema,
    pledge: signedDocumentSchema,
    /** A member is a close relative of a civil-affairs worker or village-committee member (近亲属备案). */
    closeRelativeOfStaff: boolField(),
    closeRelativeNote: optionalText(200).optional(),
    homeVisit: homeVisitSchema,
    members: z.array(surveyMemberSchema, E).min(1, 'members.min1').max(50, 'tooMany'),
    /** Mandatory (possibly empty: "none") when the application is for 特困. */
    supporters: z.array(surveySupporterSchema).max(50, 'tooMany').optional(),
    assets: assetsSchema,
    annualSpending: spendingSchema,
    emergency: emergencyRecordSchema.optional(),
  })
  .superRefine(
    (s, ctx) => {
      // Runs even when other fields failed (`when` below), so that completing lists every missing item
      // at once (issue 13 item 5): the value may then be partial or of the wrong kind, hence the guards.
      // Checks that would repeat a field's own message (a missing object) stay silent.
      const issue = (message: string, path: (string | number)[]) => ctx.addIssue({ code: 'custom', message, path });
      const obj = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
      // No object at all (null, a number): the type check has refused it; there is nothing to cross-check.
      if (!obj(s)) return;
      for (const doc of ['authorisation', 'pledge'] as const) {
        const d = obj(s[doc]);
        if (!d) continue;
        if (d.signed === false) issue(`${doc}.notSigned`, [doc, 'signed']);
        if (!d.evidence) issue(`${doc}.evidenceRequired`, [doc, 'evidence']);
      }
      const visit = obj(s.homeVisit);
      if (visit && REMOTE_METHODS.includes(visit.method as never) && !visit.majorEmergency) issue('homeVisit.remoteOnlyInEmergency', ['homeVisit', 'method']);

      const members = Array.isArray(s.members) ? s.members.map(obj) : [];
      const ids = new Set<unknown>();
      const idNumbers = new Set<unknown>();
      members.forEach((m, i) => {
        if (!m) return;
        if (m.id !== undefined && ids.has(m.id)) issue('members.duplicateId', ['members', i, 'id']);
        if (typeof m.idNumber === 'string' && m.idNumber && idNumbers.has(m.idNumber)) issue('members.duplicateIdNumber', ['members', i, 'idNumber']);
        ids.add(m.id);
        if (typeof m.idNumber === 'string' && m.idNumber) idNumbers.add(m.idNumber);
      });
      const applicantAt = typeof s.applicantMemberId === 'string' && s.applicantMemberId ? members.findIndex((m) => m?.id === s.applicantMemberId) : -2;
      const applicant = applicantAt >= 0 ? members[applicantAt] : null;
      if (applicantAt === -1) issue('applicant.notMember', ['applicantMemberId']);
      else if (applicant) {
        if (applicant.counted === false) issue('applicant.notCoResident', ['applicantMemberId']);
        if (applicant.relation !== undefined && applicant.relation !== 'self') issue('applicant.relationNotSelf', ['members', applicantAt, 'relation']);
      }
      if (s.applicationType === 'tekun' && s.supporters === undefined) issue('supporters.required', ['supporters']);
      if (s.applicationType === 'temporary-emergency' && !s.emergency) issue('emergency.required', ['emergency']);
    },
    { when: () => true },
  );
export type SurveyComplete = z.output<typeof surveyCompleteSchema>;
export type SurveyCompleteInput = z.input<typeof surveyCompleteSchema>;

export const surveyDraftSchema = z.object({
  ...commonFields,
  applicationType: enumField(APPLICATION_TYPES).optional(),
  visitKind: enumField(VISIT_KINDS).optional(),
  reviewIntervalMonths: z.union([z.literal(6), z.literal(12)], E).optional(),
  residence: enumField(RESIDENCES).optional(),
  registeredResidence: addressDraftSchema.optional(),
  usualResidence: addressDraftSchema.optional(),
  applicantMemberId: z.string().max(64, 'tooLong').optional(),
  proxy: proxySchema.partial().optional(),
  authorisation: signedDocumentSchema.partial().optional(),
  pledge: signedDocumentSchema.partial().optional(),
  closeRelativeOfStaff: boolField().optional(),
  closeRelativeNote: optionalText(200).optional(),
  homeVisit: z
    .object({
      date: dateField().optional(),
      investigators: z.array(investigatorSchema.partial()).max(10, 'tooMany').optional(),
      method: enumField(VISIT_METHODS).optional(),
      majorEmergency: boolField().optional(),
    })
    .optional(),
  members: z.array(surveyMemberDraftSchema).max(50, 'tooMany').optional(),
  supporters: z.array(surveySupporterDraftSchema).max(50, 'tooMany').optional(),
  assets: assetsSchema.partial().optional(),
  annualSpending: spendingSchema.partial().optional(),
  emergency: emergencyRecordSchema.partial().optional(),
  /**
   * Form version 1's flat income list, left here by upgradeSurvey only when its items could not be
   * placed on a member (a v1 change without the members, or an unknown member id): refused by name
   * rather than stored where nothing reads it.
   */
  incomes: z.never({ error: 'incomes.unassigned' }).optional(),
});
export type SurveyDraft = z.output<typeof surveyDraftSchema>;

/**
 * The complete-survey parse the record schema's check made, keyed by the object it checked (the draft's
 * parse of the record): the server re-assesses a submitted survey right after validating it
 * (sync/after-push-survey.ts) and takes this parse instead of parsing the same values again (issue 14,
 * SPEC I2 "validate once"). A WeakMap, as sync-server's parsed-values.ts: nothing is held past the object,
 * and pushes merging at the same time each find their own parse.
 */
const completeParses = new WeakMap<object, ReturnType<typeof surveyCompleteSchema.safeParse>>();

/** The complete-survey parse the record schema made of exactly this object (by identity), if it made one. */
export function takeCompleteParse(of: object): ReturnType<typeof surveyCompleteSchema.safeParse> | undefined {
  return completeParses.get(of);
}

/** What the server stores: always a valid draft; once submitted, also a complete survey. */
export const surveyRecordSchema = surveyDraftSchema.superRefine((s, ctx) => {
  if (s.stage !== 'submitted') return;
  const complete = surveyCompleteSchema.safeParse(s);
  completeParses.set(s, complete);
  if (complete.success) return;
  for (const i of complete.error.issues) ctx.addIssue({ code: 'custom', message: i.message, path: i.path });
});

/**
 * The record schema's answer for `input` (surveyRecordSchema.safeParse), reading a submitted survey once
 * (issue 14, SPEC I2). The record schema reads a submitted survey twice: the draft schema, then the
 * complete schema over the draft's value. When the complete schema accepts the input as it came, the
 * draft schema accepts it too, with the same values, except one default: the complete member row adds
 * `incomes: []` where the draft row leaves the key out. So the draft's value is the complete value with
 * that default taken back out, and the complete parse is kept for the re-assessment (takeCompleteParse),
 * as the record schema keeps its own. Anything else — a draft, a survey the complete schema refuses,
 * form version 1's unplaced `incomes` (which only the draft schema refuses) — goes through the record
 * schema itself, so every rejection is its own. The proof: sync-server/test/survey-one-reading.test.ts
 * compares both on seeded random valid, incomplete and invalid surveys (accept/reject, issues, values).
 */
export function parseSurveyRecord(input: unknown): ReturnType<typeof surveyRecordSchema.safeParse> {
  if (isObject(input) && input.stage === 'submitted' && !('incomes' in input) && membersIncomesPlain(input.members)) {
    const complete = surveyCompleteSchema.safeParse(input);
    if (complete.success) {
      const data = draftValueOf(complete.data, input.members as unknown[] | undefined);
      completeParses.set(data, complete);
      return { success: true, data } as ReturnType<typeof surveyRecordSchema.safeParse>;
    }
  }
  return surveyRecordSchema.safeParse(input);
}

/**
 * Each member row is an object (the complete row's check runs even on a row that failed, and reads a
 * null row's fields: only the record schema, whose draft reading refuses such a row first, may see it),
 * and it either leaves `incomes` out or gives it a value: the default then decides alone.
 */
function membersIncomesPlain(members: unknown): boolean {
  if (!Array.isArray(members)) return true;
  for (const m of members) if (!isObject(m) || ('incomes' in m && m.incomes === undefined)) return false;
  return true;
}

/** The draft schema's value from the complete one: a member row that sent no `incomes` has none. */
function draftValueOf(complete: SurveyComplete, sentMembers: unknown[] | undefined): SurveyDraft {
  const members = complete.members.map((m, i) => {
    const sent = sentMembers?.[i];
    if (isObject(sent) && 'incomes' in sent) return m;
    const { incomes: _default, ...row } = m;
    return row;
  });
  return { ...complete, members } as SurveyDraft;
}

/** Form version 1's income item: flat, at survey level, naming its member. */
const surveyV1IncomeSchema = z.object({ memberId: z.string().max(64), kind: incomeKindSchema, monthly: z.number() });
export type SurveyV1Income = z.infer<typeof surveyV1IncomeSchema>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Turns the fields of an older form version into the current shape (SPEC V4: the server accepts the
 * previous version; a tablet opens an old draft). `fields` may be a whole record or the changed
 * top-level fields of one change; the input is not modified.
 *
 * 1 → 2: the flat `incomes` list moves into `members[].incomes` (source 'declared', the only one v1
 * knew), in the list's order. The v1 form kept the income table on the members page and saved both
 * together, so a v1 change carries both or neither. Should `incomes` come without `members`, or name a
 * member that is not there, those items stay in `incomes`, which surveyDraftSchema refuses as
 * 'incomes.unassigned': a named rejection the worker sees, never a silent loss.
 */
export function upgradeSurvey(fields: Record<string, unknown>, fromVersion: number): Record<string, unknown> {
  if (fromVersion === SURVEY_FORM_VERSION) return fields;
  if (fromVersion !== 1) throw new RangeError(`survey form version ${fromVersion} cannot be upgraded`);
  if (!('incomes' in fields)) return { ...fields };
  const { incomes, ...rest } = fields;
  const items = z.array(surveyV1IncomeSchema).safeParse(incomes ?? []);
  if (!items.success || !Array.isArray(rest.members)) return { ...fields };

  const memberIds = new Set(rest.members.filter(isObject).map((m) => m.id));
  const members = rest.members.map((m) =>
    isObject(m)
      ? {
          ...m,
          incomes: items.data.filter((i) => i.memberId === m.id).map((i) => ({ kind: i.kind, monthly: i.monthly, source: 'declared' as const })),
        }
      : m,
  );
  const unassigned = items.data.filter((i) => !memberIds.has(i.memberId));
  return { ...rest, members, ...(unassigned.length ? { incomes: unassigned } : {}) };
}

/**
 * The applicant's ID number, for the server's keyed-hash index (privacy.md §4); undefined while the
 * applicant or a whole number (15 or 18 characters) is not there yet, so a half-typed draft indexes nothing.
 */
export function surveyApplicantIdNumber(fields: Record<string, unknown>): string | undefined {
  const members = Array.isArray(fields.members) ? fields.members.filter(isObject) : [];
  const idNumber = members.find((m) => m.id === fields.applicantMemberId)?.idNumber;
  return typeof idNumber === 'string' && /^(\d{15}|\d{17}[\dX])$/i.test(idNumber.trim()) ? idNumber.trim().toUpperCase() : undefined;
}
