import { z } from 'zod';
import { CASE_PROGRAMMES, type CaseProgramme } from './case';

/**
 * Policy parameters of the case lifecycle (case-lifecycle.md, marked P), set per county and per
 * programme; what a county leaves unset is the dibao rule (最低生活保障审核确认办法, MCA 2021).
 */
const caseParamsObject = z
  .object({
    /** The household survey starts within this many working days of acceptance. */
    surveyStartWorkingDays: z.number().int().min(1).max(30),
    /** The public notice lasts this many calendar days. */
    noticeDays: z.number().int().min(1).max(30),
    /** The whole path from acceptance to the county's decision, in working days. */
    decisionWorkingDays: z.number().int().min(1).max(90),
    /** The same in special cases, with a recorded reason. */
    extendedDecisionWorkingDays: z.number().int().min(1).max(120),
    /** Review interval for households whose situation changes little. */
    reviewMonthsStable: z.number().int().min(1).max(36),
    /** Review interval for households with working-age members or an unstable income. */
    reviewMonthsUnstable: z.number().int().min(1).max(36),
    /** 渐退期: payment may continue for up to this many months after the household rises above the standard. */
    gradualExitMaxMonths: z.number().int().min(0).max(24),
    /** Share of cases the county re-visits itself, 0–1. */
    countyRevisitShare: z.number().min(0).max(1),
  })
  .strict();

export const caseParamsSchema = caseParamsObject.refine((p) => p.extendedDecisionWorkingDays >= p.decisionWorkingDays, {
  message: 'policy.extendedShorter',
  path: ['extendedDecisionWorkingDays'],
});

export type CaseParams = z.infer<typeof caseParamsSchema>;

/** The dibao rule's figures: the defaults of every programme until a county sets its own. */
export const DIBAO_CASE_PARAMS: CaseParams = {
  surveyStartWorkingDays: 3,
  noticeDays: 7,
  decisionWorkingDays: 30,
  extendedDecisionWorkingDays: 45,
  reviewMonthsStable: 12,
  reviewMonthsUnstable: 6,
  gradualExitMaxMonths: 6,
  countyRevisitShare: 0.3,
};

/** One county's case policy: overrides per programme (reference data, record id `case-policy-<county>`). */
export const casePolicySchema = z
  .object({
    id: z.string().regex(/^case-policy-\d{12}$/, 'casePolicy.id'),
    county: z.string().regex(/^\d{6}000000$/, 'division.countyCode'),
    programmes: z.partialRecord(z.enum(CASE_PROGRAMMES), caseParamsObject.partial()),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.id !== `case-policy-${v.county}`) ctx.addIssue({ code: 'custom', path: ['id'], message: 'casePolicy.idCounty' });
    for (const [programme, p] of Object.entries(v.programmes)) {
      const merged = { ...DIBAO_CASE_PARAMS, ...p };
      if (merged.extendedDecisionWorkingDays < merged.decisionWorkingDays) {
        ctx.addIssue({ code: 'custom', path: ['programmes', programme, 'extendedDecisionWorkingDays'], message: 'policy.extendedShorter' });
      }
    }
  });

export type CasePolicy = z.infer<typeof casePolicySchema>;

export function casePolicyId(county: string): string {
  return `case-policy-${county}`;
}

/** The parameters that apply to a programme in a county: its overrides over the dibao defaults. */
export function caseParamsFor(policy: CasePolicy | null | undefined, programme: CaseProgramme): CaseParams {
  return { ...DIBAO_CASE_PARAMS, ...(policy?.programmes[programme] ?? {}) };
}
