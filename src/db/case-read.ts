import type { CachedRecord } from './record-cache';
import type { UserDb } from './user-db';
import { foldSteps, type CaseState } from '../shared/rules/case/transitions';
import { buildWorkCalendar, type WorkCalendar } from '../shared/rules/case/working-days';
import type { CaseRecord } from '../shared/schema/case';
import { caseParamsFor, type CaseParams, type CasePolicy } from '../shared/schema/case-policy';
import type { CaseStep } from '../shared/schema/case-step';
import type { WorkCalendarYear } from '../shared/schema/work-calendar';

/** A case as the tablet holds it: the record, its steps in recorded order, and the county's parameters. */
export interface HeldCase {
  kase: CaseRecord;
  /** Every step of the case on this tablet, in the order the tablet folds them (byRecorded). */
  steps: CaseStep[];
  params: CaseParams;
  state: CaseState;
  staleIds: string[];
}

/**
 * The tablet folds steps as recorded: by their instant (not the text: a county step may carry +08:00,
 * a tablet's Z), then id for a stable order. The tablet never records two steps of a case at one instant (nextWhen).
 */
export function byRecorded(a: CaseStep, b: CaseStep): number {
  const d = Date.parse(a.when) - Date.parse(b.when);
  return d !== 0 ? d : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** [K23] A new step's time: now, or just after the case's latest step when the clock has not moved past it (same millisecond, clock set back). */
export function nextWhen(held: HeldCase, now: Date): string {
  const latest = Math.max(-Infinity, ...held.steps.map((s) => Date.parse(s.when)));
  return new Date(Math.max(now.getTime(), latest + 1)).toISOString();
}

export interface CaseFile {
  cases: HeldCase[];
  calendar: WorkCalendar;
  policy: CasePolicy | null;
  /** Every decrypted record (households and surveys for names, prefill and the purge keep-list). */
  all: CachedRecord[];
}

/** Reads the township's cases on this tablet, each folded with the shared transition rule (CL1–CL12). */
export async function readCaseFile(db: UserDb, all: CachedRecord[]): Promise<CaseFile> {
  const steps = new Map<string, CaseStep[]>();
  for (const c of all) {
    if (c.row.entity !== 'caseStep') continue;
    const s = c.fields as unknown as CaseStep;
    const list = steps.get(s.caseId) ?? [];
    list.push(s);
    steps.set(s.caseId, list);
  }
  const ref = await db.reference.where('entity').anyOf(['calendar', 'casePolicy']).toArray();
  const calendar = buildWorkCalendar(ref.filter((r) => r.entity === 'calendar').map((r) => r.fields as unknown as WorkCalendarYear));
  // One county per tablet account: the first policy held (the server sends the account's county only).
  const policy = (ref.find((r) => r.entity === 'casePolicy')?.fields ?? null) as unknown as CasePolicy | null;
  const cases = all
    .filter((c) => c.row.entity === 'case')
    .map((c): HeldCase => {
      const kase = c.fields as unknown as CaseRecord;
      const own = [...(steps.get(kase.id) ?? [])].sort(byRecorded);
      const params = caseParamsFor(policy, kase.programme);
      const { state, stale } = foldSteps({ case: kase, params }, own);
      return { kase, steps: own, params, state, staleIds: stale.map((s) => s.step.id) };
    });
  return { cases, calendar, policy, all };
}

/** The survey ids a case's path cites (survey and re-investigation steps), latest first. */
export function citedSurveyIds(held: HeldCase): string[] {
  const ids: string[] = [];
  for (const s of [...held.state.path].reverse()) {
    const id = s.kind === 'survey' ? s.payload.surveyId : s.kind === 're-investigation' ? s.payload.surveyId : undefined;
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/**
 * [K21] A worker holds an active case when the latest step a worker recorded on it is theirs, or no
 * worker has recorded one yet (a case just accepted). Active: not closed (CL1).
 */
export function heldBy(held: HeldCase, userId: string): boolean {
  if (held.state.phase === 'closed') return false;
  const lastWorker = [...held.steps].reverse().find((s) => s.who.role === 'worker');
  return !lastWorker || lastWorker.who.userId === userId;
}
