import { z } from 'zod';
import { idSchema, isoDate } from './common';
import { APPLICATION_TYPES } from './survey-fields';

/** A case's programme: the application types of the survey (household-survey.md). */
export const CASE_PROGRAMMES = APPLICATION_TYPES;
export type CaseProgramme = (typeof CASE_PROGRAMMES)[number];

/** [CL4] Cases of these programmes are never published: they skip the public notice (privacy.md §7). */
export const UNPUBLISHED_PROGRAMMES: readonly CaseProgramme[] = ['orphan', 'child-without-care'];
/** [CL6] An emergency temporary-assistance case may be granted first (先行救助) and completed afterwards. */
export const GRANT_FIRST_PROGRAMMES: readonly CaseProgramme[] = ['temporary-emergency'];

export const CASE_FORM_VERSION = 1;

/**
 * A social-assistance case (case-lifecycle.md §1 受理): written once by the township that accepts it.
 * Its steps are records of their own (case-step.ts); the case itself never says where it stands — that
 * is computed from its steps (rules/case/transitions.ts). The township is the record's, set by the
 * server from the account (SPEC A2), never a field the tablet sends.
 */
export const caseRecordSchema = z
  .object({
    id: idSchema,
    programme: z.enum(CASE_PROGRAMMES),
    /** The applicant household's record id on the tablet (the survey's household). */
    householdId: idSchema,
    /** The China date (UTC+8) the township accepted the application: deadlines count from it. */
    acceptedOn: isoDate,
    /** 近亲属备案: a close relative of civil-affairs or village-committee staff; the county handles it itself. */
    closeRelative: z.boolean(),
    /** The village or community (division code) whose notice board shows the case's public notice. */
    village: z.string().regex(/^\d{12}$/, 'division.code').optional(),
  })
  .strict();

export type CaseRecord = z.infer<typeof caseRecordSchema>;
