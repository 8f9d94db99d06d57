import { AppError, type CaseApplicant, type CaseDetail, type CaseListItem, type CaseOverview, type UnlockedSession } from './contracts';
import { citedSurveyIds, heldBy, nextWhen, readCaseFile, type CaseFile, type HeldCase } from './case-read';
import { writeCaseSurveyKeep } from './case-keep';
import { surveyFromLast } from './case-survey';
import type { CachedRecord, RecordCache } from './record-cache';
import { saveRecord } from './save-record';
import { toSurveyListItem } from './survey-list';
import type { UserDb } from './user-db';
import type { SessionUser } from '../shared/protocol/messages';
import type { UserKeys } from '../security/key-bundle';
import { chinaDate } from '../shared/rules/case/calendar-dates';
import { byDeadline, reviewsDue, summariseCase } from '../shared/rules/case/case-summary';
import { canFollowState, nextStepKinds } from '../shared/rules/case/transitions';
import { validateStepAlone } from '../shared/rules/case/validate-step';
import { caseRecordSchema } from '../shared/schema/case';
import { COUNTY_STEP_KINDS, type CaseStep, type CaseStepKind } from '../shared/schema/case-step';

/** What the case page fetches from the server when a case's last survey is not on the tablet (GET /api/cases/:id). */
export interface ServerCase {
  surveys?: { id: string; fields: Record<string, unknown> }[];
}

interface CasesDeps {
  db: UserDb;
  cache: RecordCache;
  /** The unlocked keys; throws LOCKED when the session is locked. */
  keys: () => UserKeys;
  now: () => Date;
  newId: () => string;
  user: SessionUser;
  /** After a write that changed something: wake the sync engine, tell the screens. */
  changed: () => void;
  /** Saves a survey draft through the survey save path (session.surveys.saveDraft), with its `newRecord` word (SPEC O5). */
  saveSurveyDraft: (fields: Record<string, unknown>, options: { newRecord?: boolean }) => Promise<{ id: string }>;
  /** The server's copy of a case, when online (null when offline or not logged in online). */
  fetchCase: (id: string) => Promise<ServerCase | null>;
}

type CasesApi = UnlockedSession['cases'];

/** The entities a case's keep-list is built from (K22): the cases, their steps and the surveys they cite. */
const KEEP_ENTITIES = ['case', 'caseStep', 'survey'];

const refused = (rule: string, reason: string) => new AppError('CASE_STEP_NOT_ALLOWED', `Step refused by ${rule}: ${reason}`, { rule, reason });

/**
 * The case work of the township worker's tablet (issue 15), offline: 我的案件 (the township's cases and
 * steps as pulled or recorded here, sealed in `records`, summarised by the shared rules with the calendar
 * and the county's case policy from `reference`), the case page, 受理, and the worker's steps. Every
 * write goes through saveRecord (record + outbox change, SPEC K9): a step is a new record, never an edit.
 * "Today" is the session's clock in China time (WD1), never the device's Date here.
 */
export function createCasesApi(deps: CasesDeps): CasesApi & { refreshKeep(): Promise<void> } {
  const { db, cache, user } = deps;
  const ctx = () => ({ db, keys: deps.keys(), now: deps.now, newId: deps.newId, township: user.township });

  async function load(): Promise<CaseFile> {
    deps.keys();
    const file = await readCaseFile(db, await cache.all());
    // K22: refresh the purge's keep-list whenever the case file is read (after every sync the screens re-read).
    await writeCaseSurveyKeep(db, keepList(file));
    return file;
  }

  function keepList(file: CaseFile): string[] {
    const ids: string[] = [];
    for (const held of file.cases) {
      if (!heldBy(held, user.id)) continue;
      const last = lastSurvey(file, held);
      if (last) ids.push(last.row.id);
    }
    return ids;
  }

  /** The case's last survey on this tablet: the latest its steps cite, else the latest that names the case. */
  function lastSurvey(file: CaseFile, held: HeldCase): CachedRecord | null {
    const surveys = new Map(file.all.filter((c) => c.row.entity === 'survey').map((c) => [c.row.id, c]));
    for (const id of citedSurveyIds(held)) {
      const s = surveys.get(id);
      if (s) return s;
    }
    const named = [...surveys.values()].filter((c) => c.fields.caseId === held.kase.id).sort((a, b) => (a.row.updatedAt < b.row.updatedAt ? 1 : -1));
    return named[0] ?? null;
  }

  function names(file: CaseFile): Map<string, string> {
    const out = new Map<string, string>();
    for (const c of file.all) {
      if (c.row.entity === 'household') {
        const name = (c.fields as { head?: { name?: string } }).head?.name;
        if (name) out.set(c.row.id, name);
      } else if (c.row.entity === 'survey') {
        const name = toSurveyListItem(c).applicantName;
        if (name) out.set(c.row.id, name);
      }
    }
    return out;
  }

  function item(file: CaseFile, held: HeldCase, today: string, named: Map<string, string>): CaseListItem {
    const { kase } = held;
    const summary = summariseCase({ kase, steps: held.steps, params: held.params, calendar: file.calendar, today });
    return { id: kase.id, programme: kase.programme, householdId: kase.householdId, householdName: named.get(kase.householdId) ?? null, acceptedOn: kase.acceptedOn, summary };
  }

  function find(file: CaseFile, caseId: string): HeldCase {
    const held = file.cases.find((c) => c.kase.id === caseId);
    if (!held) throw new AppError('CASE_UNKNOWN');
    return held;
  }

  function newStep(held: HeldCase, kind: CaseStepKind, payload: unknown, note?: string): Record<string, unknown> {
    return {
      id: deps.newId(),
      caseId: held.kase.id,
      kind,
      who: { userId: user.id, name: (user.displayName || user.username).slice(0, 60), role: 'worker' },
      when: nextWhen(held, deps.now()),
      payload,
      ...(note?.trim() ? { note: note.trim() } : {}),
    };
  }

  /** [K23] The tablet's checks before a step is queued: the step on its own (CV1–CV2), the county's (CV3), may it follow (CL1–CL12). */
  function check(held: HeldCase, fields: Record<string, unknown>): CaseStep {
    const alone = validateStepAlone(fields);
    if (!alone.ok) throw new AppError('CASE_STEP_INVALID', undefined, { issues: alone.issues });
    const step = alone.step;
    const cited = step.kind === 'correction' ? held.state.path.find((s) => s.id === step.payload.corrects) : undefined;
    if (COUNTY_STEP_KINDS.includes(step.kind) || (cited && COUNTY_STEP_KINDS.includes(cited.kind))) throw refused('CV3', 'step.countyOnly');
    const follow = canFollowState({ case: held.kase, params: held.params }, held.state, step);
    if (!follow.ok) throw refused(follow.rule, follow.reason);
    return step;
  }

  /** Saves a step made by newStep: a new record under a fresh id (K9), so with the word that it is new (SPEC O5, issue 18). */
  async function save(held: HeldCase, fields: Record<string, unknown>): Promise<{ id: string }> {
    check(held, fields);
    const { id, changed } = await saveRecord(ctx(), 'caseStep', fields, { newRecord: true });
    if (changed) deps.changed();
    await load();
    return { id };
  }

  return {
    /** K22: the purge's keep-list from the case file as it stands (before each purge; compose-session.ts). */
    // After each sync (housekeeping): only the case file's own records are read and decrypted, not every
    // household on the tablet (cache.all() decrypted 50,000 of them in the background after a first sync,
    // holding up the worker's saves). keepList needs the cases, their steps and the surveys only.
    async refreshKeep(): Promise<void> {
      deps.keys();
      const ids = (await Promise.all(KEEP_ENTITIES.map((e) => db.records.where('entity').equals(e).primaryKeys()))).flat() as string[];
      const file = await readCaseFile(db, await cache.getMany(ids));
      await writeCaseSurveyKeep(db, keepList(file));
    },
    async overview(): Promise<CaseOverview> {
      const file = await load();
      const today = chinaDate(deps.now());
      const named = names(file);
      const items = file.cases.map((held) => item(file, held, today, named));
      items.sort((a, b) => byDeadline(a.summary, b.summary));
      const dueIds = new Set(reviewsDue(items.map((i) => i.summary), today.slice(0, 7)).map((s) => s.caseId));
      return { today, cases: items, reviewsDue: items.filter((i) => dueIds.has(i.id)) };
    },

    async get(id): Promise<CaseDetail | null> {
      const file = await load();
      const held = file.cases.find((c) => c.kase.id === id);
      if (!held) return null;
      const last = lastSurvey(file, held);
      // The opinion's default amount: the pre-assessment of the latest completed survey the case cites.
      const surveys = new Map(file.all.filter((c) => c.row.entity === 'survey').map((c) => [c.row.id, c.fields]));
      const assessed = [...citedSurveyIds(held), last?.row.id].map((id) => (id ? surveys.get(id)?.assessment : undefined)).find(Boolean);
      const benefit = (assessed as { householdBenefit?: number | null } | undefined)?.householdBenefit ?? null;
      return {
        item: item(file, held, chinaDate(deps.now()), names(file)),
        closeRelative: held.kase.closeRelative,
        steps: held.steps,
        pathIds: held.state.path.map((s) => s.id),
        workerNext: nextStepKinds({ case: held.kase, params: held.params }, held.steps).filter((k) => !COUNTY_STEP_KINDS.includes(k)),
        noticeDays: held.params.noticeDays,
        proposedAmount: typeof benefit === 'number' && benefit > 0 ? benefit : null,
        lastSurveyId: last?.row.id ?? null,
        heldByMe: heldBy(held, user.id),
      };
    },

    async applicants(): Promise<CaseApplicant[]> {
      const file = await load();
      const taken = new Set(file.cases.map((c) => c.kase.id));
      const out: CaseApplicant[] = [];
      for (const c of file.all) {
        if (c.row.entity === 'household') {
          const name = (c.fields as { head?: { name?: string } }).head?.name;
          if (name) out.push({ kind: 'household', id: c.row.id, name });
        } else if (c.row.entity === 'survey') {
          const s = toSurveyListItem(c);
          // A survey already of a case on this tablet is that case's, not a new applicant.
          if (s.applicantName && !taken.has(s.caseId)) out.push({ kind: 'survey', id: s.id, name: s.applicantName, caseId: s.caseId, programme: s.applicationType });
        }
      }
      return out.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    },

    async accept(input) {
      const file = await load();
      const from = file.all.find((c) => c.row.id === input.applicant.id && c.row.entity === (input.applicant.kind === 'survey' ? 'survey' : 'household'));
      if (!from) throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'householdId', message: 'required' }] });
      // A survey made before its case was accepted already names a case id: the case takes it (K21),
      // so that survey is the case's last survey and the next one is filled from it.
      const surveyCase = input.applicant.kind === 'survey' ? (from.fields.caseId as string | undefined) : undefined;
      const id = surveyCase && !file.cases.some((c) => c.kase.id === surveyCase) ? surveyCase : deps.newId();
      const takesSurveyCase = id === surveyCase;
      const fields = { id, programme: input.programme, householdId: from.row.id, acceptedOn: input.acceptedOn, closeRelative: input.closeRelative };
      const parsed = caseRecordSchema.safeParse(fields);
      if (!parsed.success) throw new AppError('VALIDATION_FAILED', undefined, { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
      // Issue 18 (SPEC O5): a case under a fresh id is new, so its save skips the read before the write; one
      // that takes its survey's case id is not said to be (that id came with another record and may be saved).
      const saved = await saveRecord(ctx(), 'case', parsed.data, { newRecord: !takesSurveyCase });
      if (saved.changed) deps.changed();
      await load();
      return { id: saved.id };
    },

    async recordStep(caseId, kind, payload, note) {
      const held = find(await load(), caseId);
      return save(held, newStep(held, kind, payload, note));
    },

    async startSurvey(caseId, reinvestigation) {
      const file = await load();
      const held = find(file, caseId);
      const visitKind = held.state.phase === 'in-payment' ? 'annual-review' : 'new-application';
      const surveyId = deps.newId();
      const step = reinvestigation
        ? newStep(held, 're-investigation', { reason: reinvestigation.reason.trim(), surveyId })
        : newStep(held, 'survey', { surveyId, visitKind });
      check(held, step); // refused before any survey is made
      let last: Record<string, unknown> | null = lastSurvey(file, held)?.fields ?? null;
      let filledFrom: 'tablet' | 'server' | null = last ? 'tablet' : null;
      if (!last) {
        // K24: not on this tablet (never was, or purged before K22): the server's copy when online.
        const server = await deps.fetchCase(caseId).catch(() => null);
        const cited = citedSurveyIds(held);
        const copies = server?.surveys ?? [];
        const copy = cited.map((id) => copies.find((s) => s.id === id)).find(Boolean) ?? copies.at(-1);
        if (copy) {
          last = copy.fields;
          filledFrom = 'server';
        }
      }
      // The survey is new: its id was made above.
      await deps.saveSurveyDraft(surveyFromLast(last, held.kase, visitKind, surveyId), { newRecord: true });
      await save(held, step);
      return { surveyId, filledFrom };
    },
  };
}
