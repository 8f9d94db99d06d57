import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import cases from '../../test/fixtures/eligibility-cases.json';
import type { PullResponse, PushResponse } from '../../src/shared/protocol/messages';
import { assessHousehold } from '../../src/shared/rules/eligibility';
import type { Household } from '../../src/shared/rules/eligibility/household-schema';
import { surveyToHousehold } from '../../src/shared/rules/survey-to-household';
import type { EligibilityPolicy } from '../../src/shared/schema/policy';
import { surveyCompleteSchema, surveyDraftSchema, surveyRecordSchema, SURVEY_FORM_VERSION, type StoredAssessment } from '../../src/shared/schema/survey';
import { surveyFromHousehold } from '../../test/helpers/survey-builders';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { change } from './fixtures';
import { ANPING_QINGHE, DONGFENG_QINGHE } from '../../test/fixtures/areas';

/**
 * Issue 3 §7: the server re-runs the eligibility pre-assessment of every submitted survey with its own
 * policy for the township, in the push's transaction, and keeps both results when they differ.
 * Case H1 of eligibility-cases.json (made-up people).
 */
const TODAY = '2026-06-20'; // the test clock's day in China
const POLICY = cases.policy as EligibilityPolicy;
const h1 = cases.cases.find((c) => c.id === 'H1')!.household as unknown as Household;

function policyBody(version: number, parameters: EligibilityPolicy = POLICY, township = ANPING_QINGHE) {
  return { id: `policy-${township === ANPING_QINGHE ? 'qh' : 'other'}-${version}`, township, policyVersion: version, effectiveFrom: '2026-01-01', source: '示例（虚构）', parameters };
}

/** H1 as the tablet submits it: complete, with the tablet's own assessment under `policyVersion`. */
function submittedH1(id: string, deviceVersion: number | null, parameters: EligibilityPolicy = POLICY) {
  const survey = { ...surveyFromHousehold(h1, TODAY, `case-${id}`), id };
  if (deviceVersion === null) return survey;
  const assessment = assessHousehold(surveyToHousehold(surveyCompleteSchema.parse(survey), TODAY), parameters);
  return { ...survey, assessment: { ...assessment, policyVersion: deviceVersion, assessedAt: '2026-06-20T07:30:00.000Z' } };
}

const surveyChange = (seq: number, id: string, fields: Record<string, unknown>, baseVersion = 0) =>
  change(seq, id, fields, { entity: 'survey', formVersion: SURVEY_FORM_VERSION, baseVersion });

describe.each<StoreKind>(['sqlite', 'postgres'])('survey re-assessment on the server (%s)', (kind) => {
  let server: TestServer;
  let admin: TestSession;
  let wang: TestSession;

  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    admin = await server.session({ username: 'root', role: 'admin' });
    wang = await server.session({ username: 'wang' });
  });
  afterEach(() => server.close());

  const publish = async (body: ReturnType<typeof policyBody>) => {
    const res = await server.inject('POST', '/api/admin/policies', { session: admin, body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().record as { entity: string; township: string };
  };
  const results = (res: { json(): unknown }) => (res.json() as PushResponse).results;

  it('administrators publish a township policy as reference data that only that township pulls', async () => {
    expect(await publish(policyBody(3))).toMatchObject({ entity: 'policy', township: ANPING_QINGHE });
    expect((await server.inject('POST', '/api/admin/policies', { session: wang, body: policyBody(4) })).statusCode).toBe(403);
    const bad = await server.inject('POST', '/api/admin/policies', { session: admin, body: { ...policyBody(5), parameters: { ...POLICY, standard: { urban: -1, rural: 600 } } } });
    expect(bad.statusCode).toBe(400);
    const far = await server.session({ username: 'far', township: DONGFENG_QINGHE });
    const pulled = (s: TestSession) => server.pull(s).then((r) => (r.json() as PullResponse).records.filter((x) => x.entity === 'policy').map((x) => x.id));
    expect(await pulled(wang)).toEqual(['policy-qh-3']);
    expect(await pulled(far)).toEqual([]);
  });

  it('keeps the server’s assessment beside the tablet’s; the same policy gives the same result, no mismatch', async () => {
    await publish(policyBody(3));
    const id = 'survey-h1-0001';
    const res = await server.push(wang, [surveyChange(1, id, submittedH1(id, 3))]);
    expect(results(res)).toEqual([{ seq: 1, id, status: 'applied', version: 1 }]);
    const stored = await server.store.getRecord('survey', id);
    expect(stored).toMatchObject({ version: 1, township: ANPING_QINGHE, originClient: wang.deviceId });
    expect(stored!.fields).toMatchObject({
      stage: 'submitted',
      assessment: { household: 'dibao', perCapitaIncome: 400, householdBenefit: 800, policyVersion: 3 },
      serverAssessment: { household: 'dibao', perCapitaIncome: 400, householdBenefit: 800, policyVersion: 3, assessedAt: server.clock.now().toISOString() },
      serverPolicyVersion: 3,
      assessmentMismatch: false,
    });
    const audit = await server.store.listAudit({ action: 'survey.assessed', limit: 10 });
    expect(audit.map((a) => a.detail)).toEqual([{ seq: 1, policyVersion: 3, mismatch: false }]);
    // L3: the tablet is not sent its own survey back (nothing it typed changed).
    await expect(server.pull(wang).then((r) => (r.json() as PullResponse).records.map((x) => x.id))).resolves.not.toContain(id);
  });

  it('[I2] validate once: a submitted survey is parsed as a complete survey once in its push; the re-assessment takes that parse, with the same result', async () => {
    await publish(policyBody(3));
    const id = 'survey-h1-0005';
    const body = submittedH1(id, 3);
    const completeParses = vi.spyOn(surveyCompleteSchema, 'safeParse');
    try {
      expect(results(await server.push(wang, [surveyChange(1, id, body)]))[0]).toMatchObject({ status: 'applied' });
      // The record schema's check parses it once; before, the re-assessment parsed the same values again.
      expect(completeParses).toHaveBeenCalledTimes(1);
    } finally {
      completeParses.mockRestore();
    }
    const f = (await server.store.getRecord('survey', id))!.fields;
    const expected = assessHousehold(surveyToHousehold(surveyCompleteSchema.parse(body), TODAY), POLICY);
    expect(f.serverAssessment).toEqual({ ...expected, policyVersion: 3, assessedAt: server.clock.now().toISOString() });
    expect(f).toMatchObject({ serverPolicyVersion: 3, assessmentMismatch: false });
  });

  it('[I2] read once: a valid submitted survey is read by the complete schema alone in its push, not by the draft schema first (issue 14)', async () => {
    await publish(policyBody(3));
    const id = 'survey-h1-0007';
    const body = submittedH1(id, 3);
    const recordParses = vi.spyOn(surveyRecordSchema, 'safeParse');
    const draftParses = vi.spyOn(surveyDraftSchema, 'safeParse');
    const completeParses = vi.spyOn(surveyCompleteSchema, 'safeParse');
    try {
      expect(results(await server.push(wang, [surveyChange(1, id, body)]))[0]).toMatchObject({ status: 'applied' });
      // Before: the record schema read it (the draft schema, then the complete schema over the draft's value).
      expect(recordParses).toHaveBeenCalledTimes(0);
      expect(draftParses).toHaveBeenCalledTimes(0);
      expect(completeParses).toHaveBeenCalledTimes(1);
    } finally {
      recordParses.mockRestore();
      draftParses.mockRestore();
      completeParses.mockRestore();
    }
    // Stored as the record schema's value (P11), re-assessed from the one parse.
    const f = (await server.store.getRecord('survey', id))!.fields;
    const { serverAssessment, serverPolicyVersion: _v, assessmentMismatch: _m, ...stored } = f;
    expect(stored).toEqual(surveyRecordSchema.parse(body));
    const expected = assessHousehold(surveyToHousehold(surveyCompleteSchema.parse(body), TODAY), POLICY);
    expect(serverAssessment).toEqual({ ...expected, policyVersion: 3, assessedAt: server.clock.now().toISOString() });
  });

  it('[I2] a survey whose stored fields are not its parse (a default added beside them) is parsed again for the re-assessment, with the same result', async () => {
    await publish(policyBody(3));
    const id = 'survey-h1-0006';
    const { attachments: _none, ...body } = submittedH1(id, 3) as Record<string, unknown>; // the schema adds `attachments: []`
    const completeParses = vi.spyOn(surveyCompleteSchema, 'safeParse');
    try {
      expect(results(await server.push(wang, [surveyChange(1, id, body)]))[0]).toMatchObject({ status: 'applied' });
      expect(completeParses).toHaveBeenCalledTimes(2);
    } finally {
      completeParses.mockRestore();
    }
    const f = (await server.store.getRecord('survey', id))!.fields;
    expect(f).not.toHaveProperty('attachments');
    const expected = assessHousehold(surveyToHousehold(surveyCompleteSchema.parse(body), TODAY), POLICY);
    expect(f.serverAssessment).toEqual({ ...expected, policyVersion: 3, assessedAt: server.clock.now().toISOString() });
  });

  it('a tablet that assessed with an older policy: both results are kept and the mismatch is flagged', async () => {
    await publish(policyBody(3));
    const id = 'survey-h1-0002';
    const older = { ...POLICY, standard: { urban: 700, rural: 350 } };
    await server.push(wang, [surveyChange(1, id, submittedH1(id, 2, older))]);
    const f = (await server.store.getRecord('survey', id))!.fields;
    expect(f.assessment).toMatchObject({ household: 'low-income', perCapitaIncome: 400, householdBenefit: null, policyVersion: 2 });
    expect(f.serverAssessment).toMatchObject({ household: 'dibao', householdBenefit: 800, policyVersion: 3 });
    expect(f).toMatchObject({ serverPolicyVersion: 3, assessmentMismatch: true });
  });

  it('[P2] a replay changes nothing; a draft, or a server without a policy, gets no server assessment', async () => {
    const draftId = 'survey-draft-0001';
    const noPolicyId = 'survey-h1-0003';
    const batch = [surveyChange(1, draftId, { id: draftId, caseId: 'case-draft-0001', stage: 'draft' }), surveyChange(2, noPolicyId, submittedH1(noPolicyId, null))];
    const first = await server.push(wang, batch);
    expect(results(first).map((r) => r.status)).toEqual(['applied', 'applied']);
    for (const id of [draftId, noPolicyId]) expect(Object.keys((await server.store.getRecord('survey', id))!.fields)).not.toContain('serverAssessment');

    await publish(policyBody(3));
    const before = await server.store.listRecords({ entity: 'survey', townships: null, limit: 10 });
    expect(results(await server.push(wang, batch))).toEqual(results(first));
    expect(await server.store.listRecords({ entity: 'survey', townships: null, limit: 10 })).toEqual(before);
  });

  it('a later change re-assesses; the tablet’s next change still fast-forwards, and going back to draft drops the server result', async () => {
    await publish(policyBody(3));
    const id = 'survey-h1-0004';
    await server.push(wang, [surveyChange(1, id, submittedH1(id, 3))]);
    await publish(policyBody(4, { ...POLICY, standard: { urban: 800, rural: 350 } }));
    const edit = await server.push(wang, [surveyChange(2, id, { livingConditions: '漏雨，已修补（虚构）' }, 1)]);
    expect(results(edit)).toEqual([{ seq: 2, id, status: 'applied', version: 2 }]);
    let f = (await server.store.getRecord('survey', id))!.fields;
    expect(f).toMatchObject({ serverPolicyVersion: 4, assessmentMismatch: true, serverAssessment: { household: 'low-income', policyVersion: 4 }, assessment: { policyVersion: 3 } });

    const reopen = await server.push(wang, [surveyChange(3, id, { stage: 'draft', assessment: null }, 2)]);
    expect(results(reopen)[0]).toMatchObject({ status: 'applied', version: 3 });
    f = (await server.store.getRecord('survey', id))!.fields;
    for (const k of ['serverAssessment', 'serverPolicyVersion', 'assessmentMismatch']) expect(f).not.toHaveProperty(k);
  });

  it('[V5] a release-1 tablet’s assessment, without the facts T1 names only to explain itself, is no mismatch', async () => {
    await publish(policyBody(3));
    const id = 'survey-h1-r1-0001';
    const current = submittedH1(id, 3) as ReturnType<typeof submittedH1> & { assessment: StoredAssessment };
    // Release 1 (commit 8c85876) wrote T1 reasons without recordedLabourCapacity and health: same outcomes.
    const reasons = current.assessment.reasons.map((r) => {
      if (r.rule !== 'T1') return r;
      const { recordedLabourCapacity: _l, health: _h, ...older } = r;
      return older;
    });
    expect(reasons).not.toEqual(current.assessment.reasons); // the case carries those facts, so the test can bite
    const res = await server.push(wang, [surveyChange(1, id, { ...current, assessment: { ...current.assessment, reasons } })]);
    expect(results(res)[0]).toMatchObject({ status: 'applied' });
    expect((await server.store.getRecord('survey', id))!.fields).toMatchObject({ serverAssessment: { household: 'dibao' }, assessmentMismatch: false });

    // An outcome that differs is still a mismatch, explanation facts or not.
    const other = 'survey-h1-r1-0002';
    const flipped = submittedH1(other, 3) as ReturnType<typeof submittedH1> & { assessment: StoredAssessment };
    const t1 = flipped.assessment.reasons.findIndex((r) => r.rule === 'T1');
    const changed = flipped.assessment.reasons.map((r, i) => (i === t1 && r.rule === 'T1' ? { ...r, outcome: !r.outcome } : r));
    await server.push(wang, [surveyChange(2, other, { ...flipped, assessment: { ...flipped.assessment, reasons: changed } })]);
    expect((await server.store.getRecord('survey', other))!.fields).toMatchObject({ assessmentMismatch: true });
  });

  it('[V4] accepts a form-version-1 survey and assesses it in the current shape', async () => {
    await publish(policyBody(3));
    const id = 'survey-h1-v1-0001';
    const { members, ...rest } = submittedH1(id, null);
    const v1 = {
      ...rest,
      members: members.map(({ incomes: _i, ...m }) => m),
      incomes: members.flatMap((m) => (m.incomes ?? []).map((i) => ({ memberId: m.id, kind: i.kind, monthly: i.monthly }))),
    };
    const res = await server.push(wang, [change(1, id, v1, { entity: 'survey', formVersion: 1 })]);
    expect(results(res)[0]).toMatchObject({ status: 'applied' });
    expect((await server.store.getRecord('survey', id))!.fields).toMatchObject({ serverAssessment: { household: 'dibao', perCapitaIncome: 400 }, assessmentMismatch: false });
  });
});
