import { describe, expect, it } from 'vitest';
import { packageCalendarYears, seedWorkCalendar } from '../../sync-server/src/reference/seed-work-calendar';
import { createCase, pushStep, stepFields } from '../../sync-server/test/case-fixtures';
import { change } from '../../sync-server/test/fixtures';
import type { ClientRig } from '../../test/helpers/client-rig';
import { household } from '../../test/helpers/household-fixtures';
import { h1Survey, surveyRig } from '../../test/helpers/survey-fixtures';
import { recordReads } from '../../test/helpers/db-spies';
import { purgeSyncedRecords } from './purge-synced';
import type { DbSession } from './session';
import { writeRecords } from '../../test/helpers/record-writes';

/**
 * The worker's case work on the tablet (issue 15, SPEC K21–K24): 受理, the worker's steps through the
 * normal save path, refused by the shared rules with the rule id and reason, a survey started from the
 * case and filled from its last survey — also after the 30-day purge, and from the server when missing.
 * Real client (fake-indexeddb) against the real server in process; the clock is Sun 21 Jun 2026.
 */
const DAY = 86_400_000;

async function worker(): Promise<{ rig: ClientRig; s: DbSession }> {
  const rig = await surveyRig();
  await seedWorkCalendar(rig.server.store, '2026-06-20T08:00:00.000Z', packageCalendarYears().filter((y) => y.year === 2026));
  const s = (await rig.client.loginOnline('wang', 'pw-wang')) as DbSession;
  await s.sync.syncNow(); // policy and calendar
  return { rig, s };
}

async function refusal(p: Promise<unknown>) {
  const e = (await p.then(() => null, (x: unknown) => x)) as { code?: string; details?: unknown } | null;
  return e ? { code: e.code, details: e.details } : null;
}

/** Accepts H1's survey as a dibao case and records survey + grant opinion (the survey completed). */
async function surveyedCase(s: DbSession) {
  await s.surveys.complete(h1Survey('survey-h1-0001', 'case-h1-0001'));
  const { id } = await s.cases.accept({ programme: 'dibao', applicant: { kind: 'survey', id: 'survey-h1-0001' }, acceptedOn: '2026-06-18', closeRelative: false });
  const started = await s.cases.startSurvey(id);
  await s.surveys.complete({ ...h1Survey(started.surveyId, id), visitKind: 'new-application' });
  return { id, started };
}

describe('case work on the tablet (K21–K24)', () => {
  it('[K22] the purge after a sync keeps the case’s last survey although the worker never opened 我的案件 (keep-list rebuilt before each purge)', async () => {
    const { rig, s } = await worker();
    const { id, started } = await surveyedCase(s);
    await s.cases.recordStep(id, 'township-opinion', { proposal: 'grant', amount: 800 });
    const hh = household();
    await s.households.save(hh);
    await s.sync.syncNow();
    // The next day's session (nothing opened in a form yet), on a tablet whose cases arrived before this
    // release: no keep-list, and 我的案件 not opened since.
    rig.clock.advance(31 * DAY);
    const next = (await rig.client.loginOnline('wang', 'pw-wang')) as DbSession & { housekeepingIdle(): Promise<void> };
    await next.db.meta.delete('caseSurveys' as never);
    await next.sync.syncNow(); // the purge runs after it (housekeeping)
    await next.housekeepingIdle();
    expect(await next.db.records.get(hh.id)).toBeUndefined(); // the purge ran: a plain household left
    expect(await next.db.records.get(started.surveyId)).toBeTruthy();
    await rig.close();
  });

  it('[K21][K23] CL2 CL5 CL7 CL11 CV3: accepts from a survey, records the worker steps, refuses what may not follow with the rule', async () => {
    const { rig, s } = await worker();
    await s.surveys.complete(h1Survey('survey-h1-0001', 'case-h1-0001'));
    const applicants = await s.cases.applicants();
    expect(applicants).toEqual([expect.objectContaining({ kind: 'survey', id: 'survey-h1-0001', caseId: 'case-h1-0001' })]);
    const { id } = await s.cases.accept({ programme: 'dibao', applicant: { kind: 'survey', id: 'survey-h1-0001' }, acceptedOn: '2026-06-18', closeRelative: false });
    expect(id).toBe('case-h1-0001'); // K21: the survey made before acceptance is the case's
    expect(await s.cases.applicants()).toEqual([]);

    // CL2: nothing before a survey.
    expect(await refusal(s.cases.recordStep(id, 'township-opinion', { proposal: 'grant', amount: 800 }))).toEqual({ code: 'CASE_STEP_NOT_ALLOWED', details: { rule: 'CL2', reason: 'step.needsInvestigation' } });
    let detail = await s.cases.get(id);
    expect(detail!.workerNext).toEqual(['survey']); // no emergency grant for dibao (CL6), nothing to correct yet

    const started = await s.cases.startSurvey(id);
    expect(started.filledFrom).toBe('tablet');
    const draft = (await s.surveys.get(started.surveyId))!;
    expect(draft).toMatchObject({ caseId: id, stage: 'draft', visitKind: 'new-application', applicationType: 'dibao' });
    expect(draft.members?.map((m) => m.name)).toEqual(h1Survey().members.map((m) => m.name));
    expect(draft.homeVisit).toBeUndefined(); // a new visit: date and investigators again
    await s.surveys.complete({ ...h1Survey(started.surveyId, id), visitKind: 'new-application' });

    detail = await s.cases.get(id);
    expect(detail!.proposedAmount).toBe(800); // H1's pre-assessment
    expect(detail!.workerNext).toEqual(['survey', 'township-opinion', 're-investigation', 'correction']);
    await s.cases.recordStep(id, 'township-opinion', { proposal: 'grant', amount: 800 });
    // CL5: the notice hangs the policy's 7 days, both ends counted.
    expect(await refusal(s.cases.recordStep(id, 'notice', { start: '2026-06-22', end: '2026-06-27', objections: [] }))).toEqual({ code: 'CASE_STEP_NOT_ALLOWED', details: { rule: 'CL5', reason: 'notice.tooShort' } });
    // CV2: an objection outside the notice is invalid on its own.
    expect((await refusal(s.cases.recordStep(id, 'notice', { start: '2026-06-22', end: '2026-06-28', objections: [{ who: '村民李某', when: '2026-06-30', what: '有车' }] })))?.code).toBe('CASE_STEP_INVALID');
    const objection = { who: '村民李某', when: '2026-06-24', what: '申请人家中有营运车辆' };
    const { id: noticeId } = await s.cases.recordStep(id, 'notice', { start: '2026-06-22', end: '2026-06-28', objections: [objection] });
    // CL7: an objection sends the case back to investigation first.
    expect(await refusal(s.cases.recordStep(id, 'township-opinion', { proposal: 'grant', amount: 800 }))).toEqual({ code: 'CASE_STEP_NOT_ALLOWED', details: { rule: 'CL7', reason: 'opinion.needsReinvestigation' } });
    // CV3: the county decides, the worker proposes.
    expect(await refusal(s.cases.recordStep(id, 'county-decision', { outcome: 'return', missing: 'x' }))).toEqual({ code: 'CASE_STEP_NOT_ALLOWED', details: { rule: 'CV3', reason: 'step.countyOnly' } });
    const re = await s.cases.startSurvey(id, { reason: '核实营运车辆' });
    expect((await s.surveys.get(re.surveyId))!.members?.length).toBe(4); // filled from the completed survey

    // CL11: a correction of an earlier step keeps its outcome (an objection stays an objection).
    expect(await refusal(s.cases.recordStep(id, 'correction', { corrects: noticeId, reason: '误记', replacement: { start: '2026-06-22', end: '2026-06-28', objections: [] } }))).toEqual({ code: 'CASE_STEP_NOT_ALLOWED', details: { rule: 'CL11', reason: 'correction.changesOutcomeOfEarlierStep' } });
    await s.cases.recordStep(id, 'correction', { corrects: noticeId, reason: '异议人姓名记错', replacement: { start: '2026-06-22', end: '2026-06-28', objections: [{ ...objection, who: '村民王某' }] } });

    detail = await s.cases.get(id);
    expect(detail!.steps.map((st) => st.kind)).toEqual(['survey', 'township-opinion', 'notice', 're-investigation', 'correction']);
    expect(detail!.steps.every((st) => st.who.userId === s.user.id && st.who.role === 'worker')).toBe(true);
    expect(detail!.workerNext).toContain('township-opinion');

    // K9: through the normal push; the server holds the case and its steps, none stale.
    await s.sync.syncNow();
    const sup = await rig.server.session({ role: 'supervisor', township: null });
    const res = await rig.server.inject('GET', `/api/cases/${id}`, { session: sup });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { case: { programme: string; acceptedOn: string }; steps: { kind: string }[]; flag: unknown; surveys: { id: string }[] };
    expect(body.case).toMatchObject({ programme: 'dibao', acceptedOn: '2026-06-18' });
    expect(body.steps.map((st) => st.kind)).toEqual(['survey', 'township-opinion', 'notice', 're-investigation', 'correction']);
    expect(body.flag).toBeNull();
    expect(body.surveys.map((x) => x.id).sort()).toEqual([started.surveyId, re.surveyId].sort()); // K24
    await rig.close();
  });

  it('[K22][K24] the last survey of an active case stays through the 30-day purge and a review starts filled; a missing one comes from the server', async () => {
    const { rig, s } = await worker();
    const { id, started } = await surveyedCase(s);
    await s.cases.recordStep(id, 'township-opinion', { proposal: 'grant', amount: 800 });
    await s.cases.recordStep(id, 'notice', { start: '2026-06-12', end: '2026-06-18', objections: [] });
    await s.sync.syncNow();
    const sup = await rig.server.session({ role: 'supervisor', township: null });
    const decision = { id: 'step-grant-0001', caseId: id, kind: 'county-decision', who: { userId: sup.user.id, name: '县民政', role: 'supervisor' }, when: '2026-06-21T11:00:00+08:00', payload: { outcome: 'grant', amount: 800, firstMonth: '2026-07', reviewEvery: 'stable' } };
    const res = await rig.server.inject('POST', '/api/county/case-steps', { session: sup, body: { steps: [decision] } });
    expect((res.json() as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['applied']);
    await s.sync.syncNow();
    expect((await s.cases.get(id))!.item.summary.phase).toBe('in-payment');

    rig.clock.advance(31 * DAY);
    const { purged } = await purgeSyncedRecords(s.db, { now: rig.clock.now(), days: 30 });
    expect(purged).toContain('survey-h1-0001'); // the first survey is not the case's last: it goes
    expect(purged).not.toContain(started.surveyId);
    const review = await s.cases.startSurvey(id);
    expect(review.filledFrom).toBe('tablet');
    expect(await s.surveys.get(review.surveyId)).toMatchObject({ caseId: id, visitKind: 'annual-review', members: expect.arrayContaining([expect.objectContaining({ name: h1Survey().members[0]!.name })]) });

    // A tablet that lost the last survey anyway (purged before K22) fills the review from the server's copy.
    const other = rig.anotherTablet();
    const s2 = (await other.loginOnline('wang', 'pw-wang')) as DbSession;
    await s2.sync.syncNow();
    await writeRecords(s2.db, () => s2.db.records.where('entity').equals('survey').delete());
    const fetched = await s2.cases.startSurvey(id);
    expect(fetched.filledFrom).toBe('server');
    expect((await s2.surveys.get(fetched.surveyId))!.members?.length).toBe(4);
    await rig.close();
  });

  it('[K21][K22] a closed case (refused) keeps no survey: it leaves after the usual 30 days; a case another worker holds keeps none here', async () => {
    const { rig, s } = await worker();
    const { id, started } = await surveyedCase(s);
    await s.cases.recordStep(id, 'township-opinion', { proposal: 'refuse', reason: '收入超过标准' });
    await s.sync.syncNow();
    const sup = await rig.server.session({ role: 'supervisor', township: null });
    const refusal = { id: 'step-refuse-0001', caseId: id, kind: 'county-decision', who: { userId: sup.user.id, name: '县民政', role: 'supervisor' }, when: '2026-06-21T11:00:00+08:00', payload: { outcome: 'refuse', reason: '收入超过标准' } };
    const res = await rig.server.inject('POST', '/api/county/case-steps', { session: sup, body: { steps: [refusal] } });
    expect((res.json() as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['applied']);
    await s.sync.syncNow();
    const detail = (await s.cases.get(id))!;
    expect(detail.item.summary.phase).toBe('closed');
    expect(detail.heldByMe).toBe(false);
    expect(detail.workerNext).toEqual(['correction']); // CL12

    // A case whose latest worker step is another worker's is theirs (K21): its survey leaves this tablet too.
    const li = await rig.server.session({ username: 'li' });
    const liCase = 'case-li-000001';
    const liSurvey = 'survey-li-000001';
    const pushed = await rig.server.push(li, [
      createCase(1, liCase, { acceptedOn: '2026-07-20' }),
      change(2, liSurvey, { id: liSurvey, caseId: liCase, stage: 'draft' }, { entity: 'survey' }),
      { ...pushStep(0, stepFields(li, liCase, 'survey', { surveyId: liSurvey, visitKind: 'new-application' }, { when: '2026-07-21T09:00:00+08:00' })), seq: 3 },
    ]);
    expect(pushed.statusCode, pushed.body).toBe(200);
    expect((pushed.json() as { results: { status: string }[] }).results.map((r) => r.status), pushed.body).toEqual(['applied', 'applied', 'applied']);
    await s.sync.syncNow();
    const theirs = (await s.cases.get(liCase))!;
    expect(theirs.heldByMe).toBe(false);
    expect(theirs.lastSurveyId).toBe(liSurvey);
    await s.cases.overview(); // the keep-list is written as the case file is read (K22)
    rig.clock.advance(31 * DAY);
    expect((await purgeSyncedRecords(s.db, { now: rig.clock.now(), days: 30 })).purged).toEqual(expect.arrayContaining([started.surveyId, liSurvey]));
    await rig.close();
  });

  it('[K23] CL4 CL6: an orphan case is never offered a notice; an emergency case may be granted first, once', async () => {
    const { rig, s } = await worker();
    const { id: householdId } = await s.households.save(household({ head: { name: '刘小军', idNumber: '110101195001011239' } }));
    expect((await s.cases.applicants()).map((a) => [a.kind, a.name])).toEqual([['household', '刘小军']]);
    const orphan = (await s.cases.accept({ programme: 'orphan', applicant: { kind: 'household', id: householdId }, acceptedOn: '2026-06-18', closeRelative: false })).id;
    await s.cases.startSurvey(orphan);
    await s.cases.recordStep(orphan, 'township-opinion', { proposal: 'grant', amount: 1500 });
    expect((await s.cases.get(orphan))!.workerNext).not.toContain('notice');
    expect(await refusal(s.cases.recordStep(orphan, 'notice', { start: '2026-06-22', end: '2026-06-28', objections: [] }))).toEqual({ code: 'CASE_STEP_NOT_ALLOWED', details: { rule: 'CL4', reason: 'notice.neverForThisProgramme' } });

    const urgent = (await s.cases.accept({ programme: 'temporary-emergency', applicant: { kind: 'household', id: householdId }, acceptedOn: '2026-06-21', closeRelative: false })).id;
    expect((await s.cases.get(urgent))!.workerNext).toEqual(['survey', 'emergency-grant']);
    await s.cases.recordStep(urgent, 'emergency-grant', { amount: 2000, reason: '房屋倒塌，急需安置' });
    expect(await refusal(s.cases.recordStep(urgent, 'emergency-grant', { amount: 500, reason: '再次' }))).toEqual({ code: 'CASE_STEP_NOT_ALLOWED', details: { rule: 'CL6', reason: 'emergency.once' } });
    // The path is completed afterwards: the survey is still offered.
    expect((await s.cases.get(urgent))!.workerNext).toEqual(['survey', 'correction']);
    await s.sync.syncNow();
    const sup = await rig.server.session({ role: 'supervisor', township: null });
    const view = (await rig.server.inject('GET', `/api/cases/${urgent}`, { session: sup })).json() as { steps: { kind: string }[]; flag: unknown };
    expect(view.steps.map((st) => st.kind)).toEqual(['emergency-grant']);
    expect(view.flag).toBeNull();
    await rig.close();
  });
});

/**
 * Issue 18 (SPEC O5): what case work makes with a fresh id (a case accepted from a household, each step, the
 * survey a step starts) is saved with the word that it is new, so its save skips the read before the write;
 * a case that takes a survey's case id (K21) is not: that id comes from another record and may be saved.
 */
describe('case work says which of its records are new (SPEC O5, issue 18)', () => {
  it('[O5] accepting a household saves the new case with the word: its id is never read (the write’s `add` is the check), once without it', async () => {
    const { rig, s } = await worker();
    const { id: householdId } = await s.households.save(household({ head: { name: '刘小军', idNumber: '110101195001011239' } }));
    const reads = recordReads(s.db);
    const { id } = await s.cases.accept({ programme: 'orphan', applicant: { kind: 'household', id: householdId }, acceptedOn: '2026-06-18', closeRelative: false });
    expect(reads(id)).toBe(0);
    expect((await s.db.records.get(id))!.rev).toBe(1);
    expect(await s.db.outbox.where('id').equals(id).count()).toBe(1);
    expect((await s.cases.get(id))!.item.householdId).toBe(householdId);
    await rig.close();
  });

  it('[O5][K21] a case taking its survey\'s case id goes without the word: that id is read before the write', async () => {
    const { rig, s } = await worker();
    await s.surveys.complete(h1Survey('survey-h1-0001', 'case-h1-0001'));
    const reads = recordReads(s.db);
    const { id } = await s.cases.accept({ programme: 'dibao', applicant: { kind: 'survey', id: 'survey-h1-0001' }, acceptedOn: '2026-06-18', closeRelative: false });
    expect(id).toBe('case-h1-0001');
    expect(reads(id)).toBe(1);
    await rig.close();
  });

  it('[O5][K9] each step and the survey a step starts are new records saved with the word (never read); a second step is a record of its own', async () => {
    const { rig, s } = await worker();
    await s.surveys.complete(h1Survey('survey-h1-0001', 'case-h1-0001'));
    const { id } = await s.cases.accept({ programme: 'dibao', applicant: { kind: 'survey', id: 'survey-h1-0001' }, acceptedOn: '2026-06-18', closeRelative: false });
    const reads = recordReads(s.db);
    const started = await s.cases.startSurvey(id);
    expect(reads(started.surveyId)).toBe(0);
    await s.surveys.complete({ ...h1Survey(started.surveyId, id), visitKind: 'new-application' });
    await s.cases.recordStep(id, 'township-opinion', { proposal: 'grant', amount: 800 });
    const steps = (await s.cases.get(id))!.steps;
    expect(steps.map((st) => st.kind)).toEqual(['survey', 'township-opinion']);
    for (const st of steps) {
      expect(reads(st.id)).toBe(0);
      expect((await s.db.records.get(st.id))!.rev).toBe(1);
    }
    // The survey the step started: its draft was new, its completion (the form's save) an edit of it.
    expect((await s.db.records.get(started.surveyId))!.rev).toBe(2);
    await rig.close();
  });
});
