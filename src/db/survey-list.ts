import type { SurveyListItem } from './contracts';
import type { CachedRecord } from './record-cache';

interface SurveyShape {
  caseId?: string;
  stage?: string;
  applicationType?: string;
  applicantMemberId?: string;
  members?: { id?: string; name?: string }[];
  usualResidence?: { village?: string };
  registeredResidence?: { village?: string };
  assessment?: { household?: string };
}

/** The list row of a decrypted survey: names only, never an ID number (privacy.md §3). */
export function toSurveyListItem(c: CachedRecord): SurveyListItem {
  const f = c.fields as SurveyShape;
  const members = Array.isArray(f.members) ? f.members : [];
  const applicant = members.find((m) => m.id === f.applicantMemberId) ?? members[0];
  return {
    id: c.row.id,
    caseId: f.caseId ?? '',
    applicantName: applicant?.name ?? '',
    membersCount: members.length,
    village: f.usualResidence?.village ?? f.registeredResidence?.village ?? '',
    applicationType: f.applicationType ?? null,
    stage: f.stage === 'submitted' ? 'submitted' : 'draft',
    outcome: f.stage === 'submitted' ? (f.assessment?.household ?? null) : null,
    formVersion: c.row.formVersion,
    syncState: c.row.syncState,
    rejection: c.row.rejection,
    updatedAt: c.row.updatedAt,
  };
}

export function byUpdatedDesc(a: SurveyListItem, b: SurveyListItem): number {
  return a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? -1 : 1;
}
