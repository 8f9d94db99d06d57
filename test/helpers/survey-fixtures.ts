/**
 * TEST HELPERS for the survey tests (src/db, src/features/survey): case H1 of the eligibility fixtures
 * as a complete survey, its policy as a synced reference record, and a rig whose clock makes the
 * fixture's ages come out right. Made-up households and ID numbers, not real people.
 */
import cases from '../fixtures/eligibility-cases.json';
import type { Household } from '../../src/shared/rules/eligibility/household-schema';
import type { EligibilityPolicy, PolicyRecord } from '../../src/shared/schema/policy';
import { surveyFromHousehold } from './survey-builders';
import { clientRig, type ClientRig } from './client-rig';
import { TEST_TOWNSHIP } from './in-process-server';
import { ManualClock } from './manual-env';

/** 2026-06-21 10:00 China time: H1's given ID number (born 1985-03-12) makes its head 41, as the case says. */
const SURVEY_TEST_NOW = Date.parse('2026-06-21T02:00:00.000Z');
const SURVEY_TODAY = '2026-06-21';

const FIXTURE_POLICY = cases.policy as EligibilityPolicy;

export function fixtureCase(id: string): { household: Household; expect: Record<string, unknown> } {
  const c = cases.cases.find((x) => x.id === id);
  if (!c) throw new Error(`no case ${id}`);
  return c as unknown as { household: Household; expect: Record<string, unknown> };
}

/** Case H1 as a complete survey (4 members, rural, no assets, no spending). */
export function h1Survey(id = 'survey-h1-0001', caseId = 'case-h1-0001') {
  return { ...surveyFromHousehold(fixtureCase('H1').household, SURVEY_TODAY, caseId), id };
}

export function policyRecord(overrides: Partial<PolicyRecord> = {}): PolicyRecord {
  return {
    id: 'policy-town-a-3',
    township: TEST_TOWNSHIP,
    policyVersion: 3,
    effectiveFrom: '2026-01-01',
    source: '示例市民政局〔2026〕1 号（虚构）',
    parameters: FIXTURE_POLICY,
    ...overrides,
  };
}

/** A rig on the survey clock with a worker of the test township and, unless told otherwise, the policy on the server. */
export async function surveyRig(opts: { policy?: PolicyRecord | null } = {}): Promise<ClientRig> {
  const rig = await clientRig({ clock: new ManualClock(SURVEY_TEST_NOW) });
  await rig.server.addUser({ username: 'wang', password: 'pw-wang', displayName: '王芳' });
  const policy = opts.policy === undefined ? policyRecord() : opts.policy;
  if (policy) await rig.server.putReference('policy', policy);
  return rig;
}
