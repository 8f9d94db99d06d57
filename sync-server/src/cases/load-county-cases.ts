import type { CountyCaseRow } from '../../../src/shared/protocol/county-cases';
import { byDeadline, summariseCase, type CaseSummary } from '../../../src/shared/rules/case/case-summary';
import { chinaDate } from '../../../src/shared/rules/case/calendar-dates';
import { foldSteps, type CaseState } from '../../../src/shared/rules/case/transitions';
import { buildWorkCalendar, type WorkCalendar } from '../../../src/shared/rules/case/working-days';
import { caseRecordSchema, type CaseProgramme, type CaseRecord } from '../../../src/shared/schema/case';
import { caseParamsFor, casePolicySchema, type CaseParams, type CasePolicy } from '../../../src/shared/schema/case-policy';
import { caseStepSchema, type CaseStep } from '../../../src/shared/schema/case-step';
import { workCalendarYearSchema } from '../../../src/shared/schema/work-calendar';
import type { AppContext } from '../context';
import { appError } from '../errors';
import { listAllRecords } from '../reports/list-all-records';
import type { StoredRecord, UserRow } from '../store/store';
import { readableTownships } from '../sync/scope';
import { stageOf } from './case-stage';
import { applicantOf } from './survey-view';

/** One case as the county's pages work on it: the record, its folded steps and its row for the lists. */
export interface CaseEntry {
  kase: CaseRecord;
  township: string;
  /** Every step record that parses, in arrival order (stale ones too). */
  steps: CaseStep[];
  /** Step records the current schema no longer takes: shown as stored, never dropped. */
  unparsed: StoredRecord[];
  state: CaseState;
  stale: { step: CaseStep; rule: string; reason: string }[];
  summary: CaseSummary;
  params: CaseParams;
  survey: StoredRecord | null;
  row: CountyCaseRow;
}

export interface CountyCases {
  today: string;
  entries: CaseEntry[];
  /** The townships the caller reads, by name (the filter's choices). */
  townships: { code: string; name: string }[];
  names: Map<string, string>;
  calendar: WorkCalendar;
}

export interface CaseFilter {
  township?: string | undefined;
  programme?: CaseProgramme | undefined;
}

/** The county code of a township code (the first six digits of a statistical division code). */
export const countyOf = (township: string) => `${township.slice(0, 6)}000000`;

/** The survey the case stands on: the latest application survey (or re-investigation's) of its path. */
function latestSurveyId(path: readonly CaseStep[]): string | null {
  for (let i = path.length - 1; i >= 0; i -= 1) {
    const s = path[i]!;
    if (s.kind === 'survey' && s.payload.visitKind === 'new-application') return s.payload.surveyId;
    if (s.kind === 're-investigation' && s.payload.surveyId) return s.payload.surveyId;
  }
  return null;
}

function latestAmount(path: readonly CaseStep[]): number | null {
  for (let i = path.length - 1; i >= 0; i -= 1) {
    const s = path[i]!;
    if (s.kind === 'county-decision' && s.payload.outcome === 'grant') return s.payload.amount;
    if (s.kind === 'review-outcome' && s.payload.outcome === 'adjust') return s.payload.amount;
  }
  return null;
}

function latestProposal(state: CaseState): CountyCaseRow['proposal'] {
  if (state.opinion === null) return null;
  const op = state.path.findLast((s) => s.kind === 'township-opinion');
  if (op?.kind !== 'township-opinion') return null;
  return op.payload.proposal === 'grant' ? { proposal: 'grant', amount: op.payload.amount } : { proposal: 'refuse' };
}

/**
 * [K10] Every case the caller may read (SPEC L1: a supervisor its county, an administrator all), folded
 * with the transition rule in arrival order (K5) under its county's parameters (K8), with its deadline on
 * the official calendar (WD5: a missing year is reported, never guessed). A township filter outside the
 * caller's area is OUT_OF_AREA.
 */
export async function loadCountyCases(ctx: AppContext, user: UserRow, filter: CaseFilter = {}): Promise<CountyCases> {
  const readable = await readableTownships(ctx.store, user);
  if (filter.township !== undefined && readable !== null && !readable.includes(filter.township)) throw appError('OUT_OF_AREA');
  const townships = filter.township !== undefined ? [filter.township] : readable;
  const [divisions, files, calendarRecords, policyRecords] = await Promise.all([
    ctx.store.listDivisions(),
    ctx.store.listCaseFiles(townships),
    listAllRecords(ctx.store, { entity: 'calendar', townships: null }),
    listAllRecords(ctx.store, { entity: 'casePolicy', townships: null }),
  ]);
  const names = new Map(divisions.map((d) => [d.code, d.name]));
  const calendar = buildWorkCalendar(calendarRecords.flatMap((r) => {
    const y = workCalendarYearSchema.safeParse(r.fields);
    return y.success ? [y.data] : [];
  }));
  const policies = new Map<string, CasePolicy>();
  for (const r of policyRecords) {
    const p = casePolicySchema.safeParse(r.fields);
    if (p.success) policies.set(p.data.county, p.data);
  }
  const today = chinaDate(ctx.clock());

  const folded = files.flatMap((f) => {
    const kase = caseRecordSchema.safeParse(f.case.fields);
    if (!kase.success || f.case.township === null) return [];
    if (filter.programme !== undefined && kase.data.programme !== filter.programme) return [];
    const steps: CaseStep[] = [];
    const unparsed: StoredRecord[] = [];
    for (const r of f.steps) {
      const s = caseStepSchema.safeParse(r.fields);
      if (s.success) steps.push(s.data as CaseStep);
      else unparsed.push(r);
    }
    const params = caseParamsFor(policies.get(countyOf(f.case.township)), kase.data.programme);
    const { state, stale } = foldSteps({ case: kase.data, params }, steps);
    return [{ kase: kase.data, township: f.case.township, steps, unparsed, state, stale, params }];
  });

  const surveyIds = [...new Set(folded.flatMap((e) => latestSurveyId(e.state.path) ?? []))];
  const surveys = new Map((await ctx.store.getRecords(surveyIds.map((id) => ({ entity: 'survey', id })))).filter((r) => !r.deleted).map((r) => [r.id, r]));

  const entries: CaseEntry[] = folded.map((e) => {
    const summary = summariseCase({ kase: e.kase, steps: e.steps, params: e.params, calendar, today });
    const surveyId = latestSurveyId(e.state.path);
    const survey = surveyId ? (surveys.get(surveyId) ?? null) : null;
    const applicant = survey ? applicantOf(survey.fields) : { name: null, householdSize: null };
    const last = summary.lastStep;
    const row: CountyCaseRow = {
      caseId: e.kase.id,
      programme: e.kase.programme,
      township: e.township,
      townshipName: names.get(e.township) ?? null,
      village: e.kase.village ?? null,
      villageName: e.kase.village ? (names.get(e.kase.village) ?? null) : null,
      acceptedOn: e.kase.acceptedOn,
      applicantName: applicant.name,
      householdSize: applicant.householdSize,
      closeRelative: e.kase.closeRelative,
      stage: stageOf(e.state, e.kase.programme, today),
      phase: e.state.phase,
      lastStep: last ? { kind: last.kind, when: last.when, by: last.who.name } : null,
      deadline: summary.deadline,
      proposal: latestProposal(e.state),
      amount: e.state.phase === 'in-payment' ? latestAmount(e.state.path) : null,
      staleSteps: e.stale.length,
    };
    return { ...e, summary, survey, row };
  });
  // Oldest deadline first (most overdue first), as 我的案件 orders them (case-summary.ts byDeadline);
  // among equals (and where the calendar lacks a year) the earlier acceptance first.
  entries.sort((a, b) => (a.kase.acceptedOn < b.kase.acceptedOn ? -1 : a.kase.acceptedOn > b.kase.acceptedOn ? 1 : 0));
  entries.sort((a, b) => byDeadline(a.summary, b.summary));

  const inScope = (code: string) => readable === null || readable.includes(code);
  const townshipChoices = divisions
    .filter((d) => d.level === 'township' && d.status === 'active' && inScope(d.code))
    .map((d) => ({ code: d.code, name: d.name }));
  return { today, entries, townships: townshipChoices, names, calendar };
}
