import { maskIdNumber } from '../../../src/shared/rules/id-number';
import type { AssessmentView, MemberView, SurveyView } from '../../../src/shared/protocol/county-cases';
import { ASSESSMENT_FIELDS } from '../../../src/shared/protocol/county-cases';
import { deepEqual } from '../../../src/shared/rules/deep-equal';

const obj = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * A stored survey as the county's case page shows it: members by name with the ID number masked
 * (privacy.md §3), the visit, the surveyor's notes. Read leniently: a draft lacks fields, and an older
 * form version may name them otherwise — a missing value shows as missing, never as an error.
 */
export function surveyView(id: string, fields: Record<string, unknown>): SurveyView {
  const visit = obj(fields.homeVisit);
  const members: MemberView[] = (Array.isArray(fields.members) ? fields.members : []).flatMap((m) => {
    const o = obj(m);
    if (!o) return [];
    const idNumber = str(o.idNumber);
    return [{
      name: str(o.name) ?? '',
      relation: str(o.relation),
      idNumberMasked: idNumber ? maskIdNumber(idNumber) : null,
      counted: o.counted !== false,
      labourCapacity: str(o.labourCapacity),
    }];
  });
  return {
    id,
    visitKind: str(fields.visitKind),
    stage: str(fields.stage),
    visitDate: str(visit?.date),
    investigators: (Array.isArray(visit?.investigators) ? visit.investigators : []).flatMap((i) => (str(obj(i)?.name) ? [str(obj(i)?.name)!] : [])),
    livingConditions: str(fields.livingConditions),
    members,
  };
}

/** The applicant's name and the household size (counted members) of a survey, for lists and the queue. */
export function applicantOf(fields: Record<string, unknown>): { name: string | null; householdSize: number | null } {
  const members = (Array.isArray(fields.members) ? fields.members : []).map(obj).filter((m): m is Record<string, unknown> => m !== null);
  const applicant = members.find((m) => m.id === fields.applicantMemberId) ?? null;
  const assessed = assessmentView(fields.serverAssessment) ?? assessmentView(fields.assessment);
  return {
    name: str(applicant?.name),
    householdSize: assessed?.countedMembers ?? (members.length ? members.filter((m) => m.counted !== false).length : null),
  };
}

export function assessmentView(v: unknown): AssessmentView | null {
  const a = obj(v);
  if (!a || typeof a.household !== 'string') return null;
  const reasons = Array.isArray(a.reasons) ? a.reasons.map((r) => str(obj(r)?.rule)).filter((r): r is string => r !== null) : [];
  return {
    household: a.household,
    householdBenefit: num(a.householdBenefit),
    perCapitaIncome: num(a.perCapitaIncome),
    countedMembers: num(a.countedMembers) ?? 0,
    assetsWithinLimit: a.assetsWithinLimit === true,
    temporaryAssistance: str(a.temporaryAssistance),
    // The rules that gave reasons, each once, sorted: their order is the engine's, not a finding.
    reasonRules: [...new Set(reasons)].sort(),
    policyVersion: num(a.policyVersion),
  };
}

/** [K11] The fields in which the tablet's pre-assessment and the server's re-run differ. */
export function mismatchedFields(tablet: AssessmentView | null, server: AssessmentView | null): string[] {
  if (!tablet || !server) return [];
  return ASSESSMENT_FIELDS.filter((k) => !deepEqual(tablet[k], server[k]));
}
