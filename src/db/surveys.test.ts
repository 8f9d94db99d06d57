import { ANPING_LIULIN } from '../../test/fixtures/areas';
import { describe, expect, it } from 'vitest';
import { AppError } from './contracts';
import { keysOf } from '../../test/helpers/keys-of';
import { recordReads } from '../../test/helpers/db-spies';
import { seal } from '../security/seal';
import { SURVEY_FORM_VERSION } from '../shared/schema/survey';
import { TEST_TOWNSHIP } from '../../test/helpers/in-process-server';
import { h1Survey, policyRecord, surveyRig } from '../../test/helpers/survey-fixtures';
import { writeRecords } from '../../test/helpers/record-writes';

async function loggedIn(opts: Parameters<typeof surveyRig>[0] = {}) {
  const rig = await surveyRig(opts);
  const s = await rig.client.loginOnline('wang', 'pw-wang');
  await s.sync.syncNow(); // the policy arrives as reference data
  return { rig, s };
}

const issuesOf = (e: unknown) => ((e as AppError).details as { issues: { path: string; message: string }[] }).issues;

describe('surveys: drafts', () => {
  it('[P1][V4] a draft saves with nothing mandatory, sealed, with one outbox change carrying the form version', async () => {
    const { s } = await loggedIn();
    const { id } = await s.surveys.saveDraft({ id: 'survey-0001', caseId: 'case-0001', members: [{ id: 'm1', name: '王建国', idNumber: '3301061985' }] });
    expect(id).toBe('survey-0001');
    const row = await s.db.records.get(id);
    expect(row).toMatchObject({ entity: 'survey', formVersion: SURVEY_FORM_VERSION, syncState: 'pending', version: 0 });
    expect(JSON.stringify(row)).not.toContain('王建国'); // sealed, never in clear
    const outbox = await s.db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ entity: 'survey', id, formVersion: SURVEY_FORM_VERSION, state: 'queued' });
    expect(await s.surveys.get(id)).toMatchObject({ id, caseId: 'case-0001', stage: 'draft', members: [{ id: 'm1', name: '王建国', idNumber: '3301061985' }] });
  });

  it('generates the id and case id when a new draft has none, and becomes the current draft', async () => {
    const { s } = await loggedIn();
    expect(await s.surveys.currentDraft()).toBeNull();
    const { id } = await s.surveys.saveDraft({ applicationType: 'dibao' });
    expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect((await s.surveys.get(id))!.caseId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(await s.surveys.currentDraft()).toBe(id);
    await s.surveys.setCurrentDraft(null);
    expect(await s.surveys.currentDraft()).toBeNull();
  });

  it('refuses values of the wrong kind even in a draft, writing nothing', async () => {
    const { s } = await loggedIn();
    const e = await s.surveys.saveDraft({ id: 'survey-0002', caseId: 'case-0002', residence: 'moon', assets: { financialAssets: -5 } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('VALIDATION_FAILED');
    expect(issuesOf(e)).toEqual(expect.arrayContaining([{ path: 'residence', message: 'invalid' }, { path: 'assets.financialAssets', message: 'money.negative' }]));
    expect(await s.db.records.count()).toBe(0);
    expect(await s.db.outbox.count()).toBe(0);
  });

  it('reopening the app returns to the draft: the pointer and the draft survive a lock and an offline unlock', async () => {
    const { rig, s } = await loggedIn();
    await s.surveys.saveDraft({ id: 'survey-0003', caseId: 'case-0003', livingConditions: '土坯房' });
    rig.client.lock();
    await rig.client.settled();
    rig.connectivity.set(false);
    const again = await rig.client.unlockOffline('wang', 'pw-wang');
    expect(await again.surveys.currentDraft()).toBe('survey-0003');
    expect(await again.surveys.get('survey-0003')).toMatchObject({ livingConditions: '土坯房' });
    expect((await again.surveys.list()).map((x) => [x.id, x.stage])).toEqual([['survey-0003', 'draft']]);
  });

  it('[V4] a form-version-1 draft saved by an older app opens upgraded (incomes folded into the members)', async () => {
    const { s } = await loggedIn();
    const id = 'survey-v1-0001';
    const v1 = { id, caseId: 'case-v1-0001', stage: 'draft', members: [{ id: 'm1', name: '赵强' }], incomes: [{ memberId: 'm1', kind: 'wage', monthly: 2600 }] };
    const { dataKey } = await keysOf(s, 'pw-wang');
    const sealed = await seal(dataKey, id, v1);
    await writeRecords(s.db, () =>
      s.db.records.put({
        id, entity: 'survey', rev: 1, checkedOut: 0, idHmacs: [], sealed, sealedServer: null,
        formVersion: 1, version: 0, syncState: 'pending', rejection: null, updatedAt: '2026-06-01T00:00:00.000Z', syncedAt: null,
      }),
    );
    const opened = await s.surveys.get(id);
    expect(opened).not.toHaveProperty('incomes');
    expect(opened!.members![0]).toMatchObject({ id: 'm1', incomes: [{ kind: 'wage', monthly: 2600, source: 'declared' }] });
    expect((await s.surveys.list())[0]).toMatchObject({ id, formVersion: 1, applicantName: '赵强' });
    // Saved again, it is form version 2 on the record and on its outbox change.
    await s.surveys.saveDraft(opened);
    expect((await s.db.records.get(id))!.formVersion).toBe(2);
    expect((await s.db.outbox.toArray()).map((o) => o.formVersion)).toEqual([2]);
  });
});

describe('surveys: a draft the form says is new (SPEC O5, issue 18)', () => {
  it('[O5] saveDraft with the word saves a new survey without reading its id (the write’s `add` is the check), once without; its next save is an edit', async () => {
    const { s } = await loggedIn();
    const reads = recordReads(s.db);
    await s.surveys.saveDraft({ id: 'survey-plain', caseId: 'case-plain' });
    await s.surveys.saveDraft({ id: 'survey-new', caseId: 'case-new', livingConditions: '砖房' }, { newRecord: true });
    expect(reads('survey-plain')).toBe(1);
    expect(reads('survey-new')).toBe(0);
    await s.surveys.saveDraft({ id: 'survey-new', caseId: 'case-new', livingConditions: '土坯房' });
    expect(reads('survey-new')).toBe(2);
    expect(await s.surveys.currentDraft()).toBe('survey-new');
    expect((await s.db.records.get('survey-new'))!.rev).toBe(2);
    const changes = await s.db.outbox.where('id').equals('survey-new').sortBy('seq');
    expect(changes.map((c) => c.baseVersion)).toEqual([0, 0]);
    expect(changes[1]!.changed).toEqual(['livingConditions']);
  });

  it('[O5] a wrong word (the draft is saved already) gives the unhinted result: an edit with what changed, nothing doubled', async () => {
    const { s } = await loggedIn();
    await s.surveys.saveDraft({ id: 'survey-once', caseId: 'case-once', livingConditions: '砖房' });
    await s.surveys.saveDraft({ id: 'survey-once', caseId: 'case-once', livingConditions: '砖房' }, { newRecord: true });
    expect(await s.db.outbox.where('id').equals('survey-once').count()).toBe(1); // the same values: no change (C5)
    await s.surveys.saveDraft({ id: 'survey-once', caseId: 'case-once', livingConditions: '土坯房' }, { newRecord: true });
    const changes = await s.db.outbox.where('id').equals('survey-once').sortBy('seq');
    expect(changes).toHaveLength(2);
    expect(changes[1]!.changed).toEqual(['livingConditions']);
    expect((await s.db.records.get('survey-once'))!.rev).toBe(2);
    expect(await s.surveys.get('survey-once')).toMatchObject({ livingConditions: '土坯房' });
  });
});

describe('surveys: complete and pre-assess', () => {
  it('refuses missing mandatory fields with a specific message for each, and stores nothing', async () => {
    const { s } = await loggedIn();
    await s.surveys.saveDraft({ id: 'survey-0004', caseId: 'case-0004' });
    const e = await s.surveys
      .complete({ id: 'survey-0004', caseId: 'case-0004', homeVisit: { date: '2026-06-20', investigators: [{ name: '张科员' }], method: 'phone' }, members: [] })
      .catch((x: unknown) => x);
    expect((e as AppError).code).toBe('VALIDATION_FAILED');
    expect(issuesOf(e)).toEqual(
      expect.arrayContaining([
        { path: 'applicationType', message: 'required' },
        { path: 'residence', message: 'required' },
        { path: 'registeredResidence', message: 'required' },
        { path: 'authorisation', message: 'required' },
        { path: 'closeRelativeOfStaff', message: 'required' },
        { path: 'homeVisit.investigators', message: 'investigators.min2' },
        { path: 'members', message: 'members.min1' },
        { path: 'assets', message: 'required' },
      ]),
    );
    expect((await s.surveys.get('survey-0004'))!.stage).toBe('draft');
    expect(await s.db.outbox.count()).toBe(1);
  });

  it('H1: completes with the township policy in force, storing the assessment and its policy version', async () => {
    const { s } = await loggedIn();
    const survey = h1Survey();
    await s.surveys.saveDraft({ ...survey, stage: 'draft' });
    expect(await s.surveys.currentDraft()).toBe(survey.id);
    const { id, assessment } = await s.surveys.complete(survey);
    expect(assessment).toMatchObject({ countedMembers: 4, perCapitaIncome: 400, assetsWithinLimit: true, household: 'dibao', householdBenefit: 800, persons: [], temporaryAssistance: null, policyVersion: 3 });
    const stored = await s.surveys.get(id);
    expect(stored).toMatchObject({ stage: 'submitted', assessment: { household: 'dibao', policyVersion: 3, assessedAt: '2026-06-21T02:00:00.000Z' } });
    expect(stored!.assessment!.reasons.map((r) => r.rule)).toEqual(expect.arrayContaining(['E1', 'E2', 'A1', 'D1']));
    expect(await s.surveys.currentDraft()).toBeNull();
    expect(await s.surveys.list()).toEqual([expect.objectContaining({ id, stage: 'submitted', outcome: 'dibao', applicantName: '王建国', membersCount: 4 })]);
  });

  it('without a synced policy the survey still completes, with no assessment', async () => {
    const { s } = await loggedIn({ policy: null });
    const { assessment } = await s.surveys.complete(h1Survey());
    expect(assessment).toBeNull();
    expect(await s.surveys.get('survey-h1-0001')).toMatchObject({ stage: 'submitted' });
    expect(await s.surveys.get('survey-h1-0001')).not.toHaveProperty('assessment');
  });

  it('uses the highest policy version in force for the worker’s township only', async () => {
    const rig = await surveyRig();
    await rig.server.putReference('policy', policyRecord({ id: 'policy-town-a-4', policyVersion: 4, effectiveFrom: '2027-01-01' }));
    await rig.server.putReference('policy', policyRecord({ id: 'policy-town-b-9', township: ANPING_LIULIN, policyVersion: 9 }));
    await rig.server.putReference('policy', policyRecord({ id: 'policy-town-a-2', policyVersion: 2 }));
    const s = await rig.client.loginOnline('wang', 'pw-wang');
    await s.sync.syncNow();
    expect((await s.surveys.policy())?.policyVersion).toBe(3);
  });

  it('[T1] a photo that fails to upload never holds the survey back; it goes up on a later sync', async () => {
    const { rig, s } = await loggedIn();
    const { sha256 } = await s.attachments.add('survey-h1-0001', new Uint8Array([1, 2, 3, 4]), 'image/jpeg');
    const survey = h1Survey();
    await s.surveys.complete({ ...survey, authorisation: { signed: true, evidence: sha256 }, attachments: [{ sha256, kind: 'authorisation', size: 4, contentType: 'image/jpeg' }] });
    rig.net.once((r) => r.method === 'PUT' && r.path.startsWith('/api/attachments/'), { kind: 'status', code: 'INTERNAL' });
    await s.sync.syncNow().catch(() => undefined);
    expect((await rig.server.records('survey'))).toHaveLength(1);
    expect(await rig.server.store.getAttachmentMeta(TEST_TOWNSHIP, sha256)).toBeNull();
    expect((await s.surveys.list())[0]!.syncState).toBe('synced');
    await s.sync.syncNow();
    expect(await rig.server.store.getAttachmentMeta(TEST_TOWNSHIP, sha256)).not.toBeNull();
  });

  it('[P2] a completed survey reaches the server once, with its form version and assessment', async () => {
    const { rig, s } = await loggedIn();
    await s.surveys.saveDraft({ ...h1Survey(), stage: 'draft' });
    await s.surveys.complete(h1Survey());
    await s.sync.syncNow();
    await s.sync.syncNow();
    const stored = (await rig.server.records('survey'));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.fields).toMatchObject({ stage: 'submitted', assessment: { household: 'dibao', policyVersion: 3 } });
    expect(rig.net.log.filter((r) => r.path === '/api/sync/push').length).toBeGreaterThan(0);
    expect(await s.db.outbox.count()).toBe(0);
    expect((await s.surveys.list())[0]!.syncState).toBe('synced');
  });
});
