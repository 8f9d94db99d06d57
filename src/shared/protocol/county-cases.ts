import type { CaseSummary } from '../rules/case/case-summary';
import type { CasePhase } from '../rules/case/transitions';
import type { CaseProgramme } from '../schema/case';
import type { CaseParams } from '../schema/case-policy';
import type { CaseStepKind } from '../schema/case-step';

/**
 * The county's case pages (issue 15, SPEC K10–K20): what the server answers, shared by the server's
 * routes (sync-server/src/routes/county-cases*.ts) and the web pages (src/features/county-cases).
 */

/** Where a case stands, for the queue and the dashboard (one word per case; the phase says less). */
export const CASE_STAGES = ['accepted', 'investigating', 'returned', 'notice', 'awaiting-decision', 'in-payment', 'closed'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export interface CountyCaseRow {
  caseId: string;
  programme: CaseProgramme;
  township: string;
  townshipName: string | null;
  village: string | null;
  villageName: string | null;
  acceptedOn: string;
  /** From the case's latest application survey: null while there is none. */
  applicantName: string | null;
  householdSize: number | null;
  closeRelative: boolean;
  stage: CaseStage;
  phase: CasePhase;
  lastStep: { kind: CaseStepKind; when: string; by: string } | null;
  deadline: CaseSummary['deadline'];
  /** The township's latest opinion (the proposed amount of a grant). */
  proposal: { proposal: 'grant'; amount: number } | { proposal: 'refuse' } | null;
  /** In payment: the monthly amount granted (or adjusted). */
  amount: number | null;
  /** Steps that arrived stale (SPEC K5): the county sees them on the case page. */
  staleSteps: number;
}

export interface CountyQueueResponse {
  /** Today's China date on the server. */
  today: string;
  cases: CountyCaseRow[];
  /** The townships the caller may filter by (its county's). */
  townships: { code: string; name: string }[];
}

export interface CountyDashboardResponse {
  today: string;
  month: string;
  byStage: { stage: CaseStage; programme: CaseProgramme; count: number }[];
  overdueByTownship: { township: string; townshipName: string | null; overdue: number; open: number }[];
  reviewsDue: CountyCaseRow[];
}

export interface MemberView {
  name: string;
  relation: string | null;
  /** Masked (privacy.md §3): 3301**********1231. */
  idNumberMasked: string | null;
  counted: boolean;
  labourCapacity: string | null;
}

/** The household survey as the county reads it: no full ID number, no health or income detail. */
export interface SurveyView {
  id: string;
  visitKind: string | null;
  stage: string | null;
  visitDate: string | null;
  investigators: string[];
  livingConditions: string | null;
  members: MemberView[];
}

/** The parts of a pre-assessment the county compares (SPEC V5's deciding part, summarised). */
export interface AssessmentView {
  household: string;
  householdBenefit: number | null;
  perCapitaIncome: number | null;
  countedMembers: number;
  assetsWithinLimit: boolean;
  temporaryAssistance: string | null;
  reasonRules: string[];
  policyVersion: number | null;
}

export const ASSESSMENT_FIELDS = [
  'household', 'householdBenefit', 'perCapitaIncome', 'countedMembers', 'assetsWithinLimit', 'temporaryAssistance', 'reasonRules', 'policyVersion',
] as const satisfies readonly (keyof AssessmentView)[];

export interface StepView {
  id: string;
  kind: CaseStepKind;
  who: { userId: string; name: string; role: string };
  when: string;
  payload: Record<string, unknown>;
  note?: string;
  serverSeq: number;
  /** Set when the step arrived stale (SPEC K5): the rule and reason code. */
  stale: { rule: string; reason: string } | null;
}

export interface CountyCaseFileResponse {
  today: string;
  row: CountyCaseRow;
  steps: StepView[];
  flag: { id: string; status: string } | null;
  survey: SurveyView | null;
  assessment: {
    tablet: AssessmentView | null;
    server: AssessmentView | null;
    /** The fields of ASSESSMENT_FIELDS whose values differ (policyVersion aside when both agree otherwise). */
    mismatched: string[];
  };
  /** What the county may record now (SPEC K12): a grant only after a notice without objections (CL8). */
  mayDecide: { grant: boolean; refuse: boolean; return: boolean };
  /** The first month paid if granted today: the month after today in China (CV2). */
  firstMonthIfGranted: string;
  params: CaseParams;
}

/** The county's decision, as the case page sends it (POST /api/county/cases/:id/decision, SPEC K12). */
export type CountyDecisionBody =
  | { stepId: string; outcome: 'grant'; amount: number; reviewEvery: 'stable' | 'unstable'; note?: string }
  | { stepId: string; outcome: 'refuse'; reason: string; note?: string }
  | { stepId: string; outcome: 'return'; missing: string; comment?: string; note?: string };

export interface RevisitSampleResponse {
  seed: string;
  population: number;
  picked: CountyCaseRow[];
  shares: Partial<Record<CaseProgramme, number>>;
}

export const CASE_LIST_KINDS = ['approval', 'notice', 'recipients'] as const;
export type CaseListKind = (typeof CASE_LIST_KINDS)[number];

/** A printable list (审批表, 公示, 公布): the columns are what the list may show (privacy.md §7). */
export interface CaseListResponse {
  kind: CaseListKind;
  today: string;
  title: string;
  headers: string[];
  rows: (string | number)[][];
}
