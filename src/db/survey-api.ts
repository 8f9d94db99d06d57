import { currentPolicy } from '../shared/rules/current-policy';
import { chinaDate } from '../shared/rules/china-time';
import type { PolicyRecord } from '../shared/schema/policy';
import {
  SURVEY_FORM_VERSION,
  surveyCompleteSchema,
  surveyDraftSchema,
  upgradeSurvey,
  type StoredAssessment,
  type SurveyDraft,
} from '../shared/schema/survey';
import type { UserKeys } from '../security/key-bundle';
import type { UnlockedSession } from './contracts';
import type { RecordCache } from './record-cache';
import { saveRecord, validationError } from './save-record';
import { byUpdatedDesc, toSurveyListItem } from './survey-list';
import { clearDraftPointerIf, readDraftPointer, writeDraftPointer } from './survey-draft-pointer';
import type { UserDb } from './user-db';

export type SurveyApi = NonNullable<UnlockedSession['surveys']>;

type AssessModule = typeof import('../shared/rules/eligibility/assess-household');
type ToHouseholdModule = typeof import('../shared/rules/survey-to-household');

/** The pre-assessment. The eligibility engine loads with the first completed survey, not in the initial JS. */
async function assess(survey: Parameters<ToHouseholdModule['surveyToHousehold']>[0], today: string, parameters: Parameters<AssessModule['assessHousehold']>[1]) {
  const [{ assessHousehold }, { surveyToHousehold }] = await Promise.all([import('../shared/rules/eligibility/assess-household'), import('../shared/rules/survey-to-household')]);
  return assessHousehold(surveyToHousehold(survey, today), parameters);
}

export interface SurveyApiDeps {
  db: UserDb;
  cache: RecordCache;
  /** The unlocked keys; throws LOCKED after lock(). */
  keys: () => UserKeys;
  now: () => Date;
  newId: () => string;
  /** The worker's township (SPEC A2): whose policy applies. */
  township: string | null;
  /** The synced policy reference records (their fields, with the record id). */
  policies: () => Promise<unknown[]>;
  /** After a write that changed something: wake the sync engine, tell the screens. */
  changed: () => void;
}

const asObject = (input: unknown): Record<string, unknown> => {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw validationError([{ path: [], message: 'required' }]);
  return { ...(input as Record<string, unknown>) };
};

/**
 * session.surveys: household eligibility surveys through the same save path as every field record
 * (saveRecord: validate, seal, record + outbox change in one strict transaction, formVersion on the
 * outbox row), plus the on-device pre-assessment and the current-draft pointer.
 */
export function createSurveyApi(deps: SurveyApiDeps): SurveyApi {
  const { db, cache } = deps;
  const ctx = () => ({ db, keys: deps.keys(), now: deps.now, newId: deps.newId, township: deps.township });
  const withIds = (raw: Record<string, unknown>) => {
    if (!raw.id) raw.id = deps.newId();
    if (!raw.caseId) raw.caseId = deps.newId();
    return raw;
  };
  const policyToday = async (): Promise<PolicyRecord | null> => currentPolicy(await deps.policies(), deps.township, chinaDate(deps.now()));

  return {
    async saveDraft(input, options = {}) {
      // A draft is whatever the worker has typed so far: nothing mandatory (surveyDraftSchema). Editing a
      // submitted survey makes it a draft again; its assessment no longer describes it, so it goes.
      const raw = withIds(asObject(input));
      raw.stage = 'draft';
      delete raw.assessment;
      const parsed = surveyDraftSchema.safeParse(raw);
      if (!parsed.success) throw validationError(parsed.error.issues);
      const { id, changed } = await saveRecord(ctx(), 'survey', parsed.data, { newRecord: options.newRecord });
      await writeDraftPointer(db, id);
      if (changed) deps.changed();
      return { id };
    },

    async complete(input) {
      const raw = withIds(asObject(input));
      raw.stage = 'submitted';
      delete raw.assessment;
      // Every mandatory field of household-survey.md, each issue with its own message code.
      const parsed = surveyCompleteSchema.safeParse(raw);
      if (!parsed.success) throw validationError(parsed.error.issues);
      const survey = parsed.data;
      const today = chinaDate(deps.now());
      const policy = currentPolicy(await deps.policies(), deps.township, today);
      // No policy synced yet: the survey is still complete (the server assesses it with its own policy).
      const assessment: StoredAssessment | null = policy
        ? { ...(await assess(survey, today, policy.parameters)), policyVersion: policy.policyVersion, assessedAt: deps.now().toISOString() }
        : null;
      const { id, changed } = await saveRecord(ctx(), 'survey', assessment ? { ...survey, assessment } : survey);
      await clearDraftPointerIf(db, id);
      if (changed) deps.changed();
      return { id, assessment };
    },

    async get(id) {
      deps.keys();
      const c = await cache.get(id);
      if (!c || c.row.entity !== 'survey') return null;
      // A copy: the form edits what it gets; the cache must stay what is on disk.
      const fields = structuredClone(c.fields);
      // An older form version (saved by an older app on this tablet) opens in the current shape (SPEC V4).
      const current = c.row.formVersion < SURVEY_FORM_VERSION ? upgradeSurvey(fields, c.row.formVersion) : fields;
      return current as SurveyDraft;
    },

    async list() {
      deps.keys();
      const all = await cache.all();
      return all.filter((c) => c.row.entity === 'survey').map(toSurveyListItem).sort(byUpdatedDesc);
    },

    async currentDraft() {
      deps.keys();
      const id = await readDraftPointer(db);
      if (!id) return null;
      const c = await cache.get(id);
      return c && c.row.entity === 'survey' && c.fields.stage !== 'submitted' ? id : null;
    },

    async setCurrentDraft(id) {
      deps.keys();
      await writeDraftPointer(db, id);
    },

    policy() {
      deps.keys();
      return policyToday();
    },
  };
}
