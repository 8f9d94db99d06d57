import type { z } from 'zod';
import type { FieldEntity } from '../protocol/entities';
import { householdDatedIssues, surveyDatedIssues, type DatedIssue } from './dated-checks';
import { displacedHouseholdSchema, HOUSEHOLD_FORM_VERSION } from './displaced-household';
import { RELIEF_FORM_VERSION, reliefDistributionSchema } from './relief';
import { RELIEF_CORRECTION_FORM_VERSION, reliefCorrectionSchema } from './relief-correction';
import { CASE_FORM_VERSION, caseRecordSchema } from './case';
import { CASE_STEP_FORM_VERSION, caseStepSchema } from './case-step';
import { parseSurveyRecord, SURVEY_FORM_VERSION, surveyApplicantIdNumber, surveyRecordSchema, upgradeSurvey } from './survey';

/**
 * The schema of each entity a tablet may write, and the form versions the server accepts (SPEC V4:
 * the current and the previous one). `upgrade` turns an older form version's fields into the current shape.
 */
export interface EntityDefinition {
  schema: z.ZodType;
  formVersion: number;
  acceptedFormVersions: readonly number[];
  upgrade?: (fields: Record<string, unknown>, fromVersion: number) => Record<string, unknown>;
  /**
   * The ID number that identifies the record's person (e.g. the head of household), if any. The server
   * stores only a keyed HMAC of it (privacy.md §4) in an indexed column, for duplicate checks and reports.
   */
  indexedIdNumber?: (fields: Record<string, unknown>) => unknown;
  /**
   * Fields that name another record, checked against the writer's area when a change sets them (SPEC A6).
   * `path` is a dotted path; `[]` walks every element of an array (`transfers[].toSiteId`).
   */
  references?: readonly EntityReference[];
  /**
   * The checks that need today's date (China time, YYYY-MM-DD), run on the parsed record beside the
   * schema by whoever has the clock: the server's injected one, the tablet's `now` (dated-checks.ts).
   */
  datedIssues?: (fields: Record<string, unknown>, today: string) => DatedIssue[];
  /**
   * `schema.safeParse` with the same answer, cheaper (issue 14: the survey's one reading, survey.ts
   * parseSurveyRecord). The server validates each merged record with it when there is one.
   */
  parseRecord?: (fields: unknown) => ReturnType<z.ZodType['safeParse']>;
}

export interface EntityReference {
  path: string;
  entity: 'household' | 'site' | 'event' | 'relief' | 'case';
}

export const ENTITY_DEFINITIONS: Partial<Record<FieldEntity, EntityDefinition>> = {
  household: {
    schema: displacedHouseholdSchema,
    formVersion: HOUSEHOLD_FORM_VERSION,
    acceptedFormVersions: [HOUSEHOLD_FORM_VERSION],
    indexedIdNumber: (fields) => (fields.head as { idNumber?: unknown } | undefined)?.idNumber,
    datedIssues: householdDatedIssues,
    references: [
      { path: 'eventId', entity: 'event' },
      { path: 'shelterSiteId', entity: 'site' },
      { path: 'transfers[].toSiteId', entity: 'site' },
      { path: 'transfers[].fromSiteId', entity: 'site' },
    ],
  },
  survey: {
    // Drafts sync too: the record schema asks for the mandatory fields only once `stage` is 'submitted'.
    schema: surveyRecordSchema,
    parseRecord: parseSurveyRecord,
    formVersion: SURVEY_FORM_VERSION,
    acceptedFormVersions: [1, SURVEY_FORM_VERSION],
    upgrade: upgradeSurvey,
    indexedIdNumber: surveyApplicantIdNumber,
    datedIssues: surveyDatedIssues,
  },
  relief: {
    // A hand-out names its household by record id and carries no ID number of its own: the server finds
    // double hand-outs through the household's id_hmac (sync-server/src/sync/after-push-flags.ts).
    schema: reliefDistributionSchema,
    formVersion: RELIEF_FORM_VERSION,
    acceptedFormVersions: [RELIEF_FORM_VERSION],
    references: [
      { path: 'eventId', entity: 'event' },
      { path: 'householdId', entity: 'household' },
    ],
  },
  'relief-correction': {
    // A void or correction of a hand-out (SPEC R1–R6): its original must be in the writer's area (A6);
    // who may correct it and whether it is already void is checked in sync-server/src/sync/check-correction.ts.
    schema: reliefCorrectionSchema,
    formVersion: RELIEF_CORRECTION_FORM_VERSION,
    acceptedFormVersions: [RELIEF_CORRECTION_FORM_VERSION],
    references: [{ path: 'originalId', entity: 'relief' }],
  },
  // Issue 15: a case, written once by the township that accepts it (SPEC K1, K2).
  case: {
    schema: caseRecordSchema,
    formVersion: CASE_FORM_VERSION,
    acceptedFormVersions: [CASE_FORM_VERSION],
  },
  // One step of a case, written once (SPEC K2); its case must be of the writer's area (A6).
  caseStep: {
    schema: caseStepSchema,
    formVersion: CASE_STEP_FORM_VERSION,
    acceptedFormVersions: [CASE_STEP_FORM_VERSION],
    references: [{ path: 'caseId', entity: 'case' }],
  },
};
