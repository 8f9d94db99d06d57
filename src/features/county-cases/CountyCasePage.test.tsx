import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import cases from '../../../test/fixtures/eligibility-cases.json';
import { clientRig } from '../../../test/helpers/client-rig';
import { TEST_COUNTY, TEST_TOWNSHIP } from '../../../test/helpers/in-process-server';
import { ManualClock } from '../../../test/helpers/manual-env';
import { renderInSession } from '../../../test/helpers/screen-rig';
import { surveyFromHousehold } from '../../../test/helpers/survey-builders';
import { seedWorkCalendar } from '../../../sync-server/src/reference/seed-work-calendar';
import type { PushResponse } from '../../shared/protocol/messages';
import { addDays, chinaDate } from '../../shared/rules/case/calendar-dates';
import { assessHousehold } from '../../shared/rules/eligibility';
import type { Household } from '../../shared/rules/eligibility/household-schema';
import { surveyToHousehold } from '../../shared/rules/survey-to-household';
import type { EligibilityPolicy } from '../../shared/schema/policy';
import { surveyCompleteSchema, SURVEY_FORM_VERSION } from '../../shared/schema/survey';
import { CountyCasePage } from './CountyCasePage';

const POLICY = cases.policy as EligibilityPolicy;
const H1 = cases.cases.find((c) => c.id === 'H1')!.household as unknown as Household;

/**
 * The county's case page on the real server (SPEC K11–K13): a dibao case of household H1 (made up),
 * assessed on the tablet under an older standard, noticed without objection; the server re-ran the
 * assessment under the county's current policy.
 */
async function open(role: 'supervisor' | 'admin', lang: 'zh-CN' | 'en') {
  const rig = await clientRig({ clock: new ManualClock(Date.parse('2026-06-20T08:00:00.000Z')) });
  const today = chinaDate(rig.clock.now());
  await seedWorkCalendar(rig.server.store, rig.clock.now().toISOString());
  await rig.server.putReference('policy', { id: 'policy-qh-3', township: TEST_TOWNSHIP, policyVersion: 3, effectiveFrom: '2026-01-01', source: '示例（虚构）', parameters: POLICY });
  const worker = await rig.server.session({ username: 'wang', township: TEST_TOWNSHIP, county: TEST_COUNTY, displayName: '王芳' });
  let seq = 0;
  const push = async (entity: string, id: string, fields: Record<string, unknown>, formVersion = 1) => {
    seq += 1;
    const res = await rig.server.push(worker, [{ seq, entity: entity as never, id, baseVersion: 0, fields, formVersion, changedAt: rig.clock.now().toISOString() }]);
    expect((res.json() as PushResponse).results[0]).toMatchObject({ status: 'applied' });
  };
  const step = (caseId: string, n: number, kind: string, payload: Record<string, unknown>) =>
    push('caseStep', `st-${caseId}-${n}`, { id: `st-${caseId}-${n}`, caseId, kind, who: { userId: worker.user.id, name: '王芳', role: 'worker' }, when: rig.clock.now().toISOString(), payload });
  const caseId = 'case-h1-00000001';
  await push('case', caseId, { id: caseId, programme: 'dibao', householdId: 'hh-h1-00000001', acceptedOn: addDays(today, -12), closeRelative: false });
  const survey = { ...surveyFromHousehold(H1, today, caseId), id: 'sv-h1-00000001' };
  const older = { ...POLICY, standard: { urban: 700, rural: 350 } };
  const assessment = assessHousehold(surveyToHousehold(surveyCompleteSchema.parse(survey), today), older);
  await push('survey', survey.id, { ...survey, assessment: { ...assessment, policyVersion: 2, assessedAt: rig.clock.now().toISOString() } }, SURVEY_FORM_VERSION);
  await step(caseId, 1, 'survey', { surveyId: survey.id, visitKind: 'new-application' });
  await step(caseId, 2, 'township-opinion', { proposal: 'grant', amount: 800 });
  await step(caseId, 3, 'notice', { start: addDays(today, -8), end: addDays(today, -2), objections: [] });

  await rig.server.addUser({ username: 'office', password: 'pw-office', role, township: null, county: role === 'admin' ? null : TEST_COUNTY, displayName: '赵主任' });
  const session = await rig.client.loginOnline('office', 'pw-office');
  const r = await renderInSession(<CountyCasePage caseId={caseId} />, { rig, session, lang });
  return { ...r, rig, caseId };
}

describe('the county’s case page', { timeout: 60_000 }, () => {
  it('[K11][K12] in English: the differences between the tablet and the server marked; a return needs what is missing, then is recorded', async () => {
    const { user, rig, caseId } = await open('supervisor', 'en');
    await screen.findByRole('heading', { name: 'Case of 王建国' });
    const members = screen.getByRole('table', { name: 'Household members' });
    expect(within(members).getByText('3301**********1231')).toBeTruthy();
    const compare = screen.getByRole('table', { name: 'The tablet’s pre-assessment beside the server’s re-run' });
    const outcome = within(compare).getByRole('row', { name: /Outcome/ });
    expect(outcome.className).toBe('mismatch');
    expect(within(outcome).getByText('Differs')).toBeTruthy();
    expect(within(outcome).getByText('low-income')).toBeTruthy();
    expect(within(outcome).getByText('dibao')).toBeTruthy();
    expect(within(compare).getByRole('row', { name: /Members counted/ }).className).toBe('');
    expect(screen.getByText(/items differ between the tablet and the server/)).toBeTruthy();

    await user.click(screen.getByRole('radio', { name: 'Return to the township' }));
    await user.click(screen.getByRole('button', { name: 'Record decision' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Fill this in.');
    expect(await rig.server.records('caseStep')).toHaveLength(3);
    await user.type(screen.getByLabelText('What is missing'), 'Proof the car was sold');
    await user.type(screen.getByLabelText('Comment for the township (optional)'), 'Resubmit after the visit');
    await user.click(screen.getByRole('button', { name: 'Record decision' }));
    await screen.findByText('Returned to the township.');
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Every step, in the order the server received it' })).getAllByRole('row')).toHaveLength(5));
    const decision = (await rig.server.records('caseStep')).find((r) => r.fields.kind === 'county-decision')!;
    expect(decision.fields).toMatchObject({ caseId, who: { name: '赵主任', role: 'supervisor' }, payload: { outcome: 'return', missing: 'Proof the car was sold', comment: 'Resubmit after the visit' } });
    expect(screen.getByText(/No decision can be recorded now/)).toBeTruthy();
  });

  it('[K13] an administrator reads the case but is offered no decision (separation of duties)', async () => {
    await open('admin', 'zh-CN');
    await screen.findByRole('heading', { name: '王建国 的案件' });
    expect(screen.getByText('管理员不能审核确认案件（职责分离）。')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '提交决定' })).toBeNull();
    expect(screen.queryByRole('radio')).toBeNull();
  });
});
