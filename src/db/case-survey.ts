import type { CaseRecord } from '../shared/schema/case';

/**
 * [K24] A new survey of a case, filled from its last survey: the household as it was found (members,
 * incomes, assets, supporters, residence) carries over; what belongs to one visit does not — the visit
 * (date, investigators), the signed authorisation and pledge (signed again at each visit), the photos,
 * the pre-assessment (made again when the survey is completed) and the submitted stage.
 */
const PER_VISIT = ['id', 'stage', 'assessment', 'homeVisit', 'authorisation', 'pledge', 'attachments', 'incomes'] as const;

export function surveyFromLast(
  last: Record<string, unknown> | null,
  kase: Pick<CaseRecord, 'id' | 'programme' | 'closeRelative'>,
  visitKind: 'new-application' | 'annual-review',
  id: string,
): Record<string, unknown> {
  const fields: Record<string, unknown> = structuredClone(last ?? {});
  for (const k of PER_VISIT) delete fields[k];
  return {
    ...fields,
    id,
    caseId: kase.id,
    stage: 'draft',
    applicationType: kase.programme,
    visitKind,
    ...(kase.closeRelative ? { closeRelativeOfStaff: true } : {}),
  };
}
