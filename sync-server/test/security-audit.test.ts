import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import cases from '../../test/fixtures/eligibility-cases.json';
import type { Household } from '../../src/shared/rules/eligibility/household-schema';
import { SURVEY_FORM_VERSION } from '../../src/shared/schema/survey';
import { surveyFromHousehold } from '../../test/helpers/survey-builders';
import { createTempStore, startTestServer, testClock, type TempStore, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { change, createHousehold, householdFields, newId } from './fixtures';
import { ANPING_QINGHE, DONGFENG, DONGFENG_QINGHE } from '../../test/fixtures/areas';

/**
 * Issue 6 §1 and §5: every permission denial is answered 403 and audited; the append-only audit log
 * records logins, failed logins, denials, creates and updates, reveals, exports and sync ingests with
 * user, device, township, time and record id — and never an ID number, a health or an income value.
 * (Made-up people and ID numbers.)
 */
const PLANTED_ID = '11010519491231002X';
const PLANTED_NAME = '欧阳明月';
const PLANTED_PHONE = '13912345678';
const PLANTED_NOTE = '患尿毒症每周透析三次';
const PLANTED_INCOME = 1537.91;

function plantedSurvey(id: string) {
  const h1 = structuredClone(cases.cases.find((c) => c.id === 'H1')!.household) as unknown as Household;
  h1.members[1]!.disability = { category: 'physical', grade: 2 } as Household['members'][number]['disability'];
  h1.members[1]!.health = 'major-illness';
  h1.members[0]!.income = [{ kind: 'wage', monthly: PLANTED_INCOME }];
  return { ...surveyFromHousehold(h1, '2026-06-20', `case-${id}`), id };
}

describe('the audit log (issue 6 §5)', () => {
  let temp: TempStore;
  let server: TestServer;
  let admin: TestSession;
  let wang: TestSession;

  beforeEach(async () => {
    const clock = testClock();
    temp = await createTempStore('sqlite', clock.now);
    server = await startTestServer({ store: temp.store, clock });
    admin = await server.session({ username: 'root', role: 'admin' });
    wang = await server.session({ username: 'wang', password: 'secret-wang-1' });
  });
  afterEach(async () => {
    await server.close();
    await temp.cleanup();
  });

  it('holds who, device, township, time and record id of every kind of act — and never the ID number, name, phone, health or income', async () => {
    // A failed login (with the ID number as the password: passwords are never logged either) and a login.
    const failed = await server.inject('POST', '/api/auth/login', { body: { username: 'wang', password: PLANTED_ID, deviceId: 'dev-tablet-0001' } });
    expect(failed.statusCode).toBe(401);
    // Sync ingest (each change: record.create / record.update, with its seq): a household with the planted values, created then updated; a survey with health and income.
    const hhId = newId();
    const fields = householdFields(hhId, { head: { name: PLANTED_NAME, idNumber: PLANTED_ID, phone: PLANTED_PHONE }, notes: PLANTED_NOTE });
    const push1 = await server.push(wang, [change(1, hhId, fields)]);
    expect(push1.json().results[0].status).toBe('applied');
    await server.push(wang, [change(2, hhId, { membersCount: 5, notes: `${PLANTED_NOTE}，已复核` }, { baseVersion: 1 })]);
    const surveyId = 'survey-planted-0001';
    const sv = await server.push(wang, [change(3, surveyId, plantedSurvey(surveyId), { entity: 'survey', formVersion: SURVEY_FORM_VERSION })]);
    expect(sv.json().results[0].status).toBe('applied');
    // A reveal on the tablet, an export, a denial, an administrator reading records.
    await server.inject('POST', '/api/audit/events', { session: wang, body: { events: [{ action: 'idnumber.reveal', entity: 'household', recordId: hhId, at: '2026-06-20T08:00:00.000Z' }] } });
    await server.inject('POST', '/api/audit/events', { session: wang, body: { events: [{ action: 'record.export', entity: 'household', recordId: hhId, at: '2026-06-20T08:00:00.000Z' }] } });
    expect((await server.inject('GET', '/api/admin/records?entity=household', { session: wang })).statusCode).toBe(403);
    expect((await server.inject('GET', '/api/admin/records?entity=household', { session: admin })).statusCode).toBe(200);

    const entries = await server.store.listAudit({ limit: 1000 });
    const byAction = (a: string) => entries.filter((e) => e.action === a);
    expect(byAction('login.failed')[0]).toMatchObject({ userId: wang.user.id, deviceId: 'dev-tablet-0001', township: ANPING_QINGHE, at: expect.any(String) });
    expect(byAction('login').map((e) => e.userId)).toEqual(expect.arrayContaining([wang.user.id, admin.user.id]));
    expect(byAction('record.create').map((e) => e.recordId).sort()).toEqual([hhId, surveyId].sort());
    expect(byAction('record.update')[0]).toMatchObject({ userId: wang.user.id, deviceId: wang.deviceId, township: ANPING_QINGHE, entity: 'household', recordId: hhId, detail: { fields: ['membersCount', 'notes'] } });
    expect(byAction('record.create').find((e) => e.recordId === hhId)).toMatchObject({ userId: wang.user.id, deviceId: wang.deviceId, township: ANPING_QINGHE, entity: 'household', detail: { seq: 1, status: 'applied' } });
    expect(byAction('idnumber.reveal')[0]).toMatchObject({ userId: wang.user.id, deviceId: wang.deviceId, township: ANPING_QINGHE, entity: 'household', recordId: hhId });
    expect(byAction('record.export')).toHaveLength(1);
    expect(byAction('access.denied')[0]).toMatchObject({ userId: wang.user.id, deviceId: wang.deviceId, detail: { code: 'FORBIDDEN', method: 'GET', route: '/api/admin/records' } });
    expect(byAction('records.list')[0]).toMatchObject({ userId: admin.user.id });

    // The raw table, every column of every row: none of the planted values, in any form.
    const db = new Database(temp.location, { readonly: true });
    const rows = db.prepare('SELECT * FROM audit_log').all();
    // The control: the same scan finds the values where they belong (the records themselves).
    const records = JSON.stringify(db.prepare('SELECT * FROM records').all());
    db.close();
    expect(records).toContain(PLANTED_ID);
    expect(records).toContain(String(PLANTED_INCOME));
    expect(rows.length).toBe(entries.length);
    const dump = JSON.stringify(rows);
    expect(dump).toContain(hhId);
    expect(dump).toContain('notes'); // field names, not values
    const survey = plantedSurvey(surveyId);
    const forbidden = [
      PLANTED_ID, PLANTED_ID.slice(0, 17), PLANTED_NAME, PLANTED_PHONE, PLANTED_NOTE, String(PLANTED_INCOME),
      ...survey.members!.map((m) => m.idNumber!), ...survey.members!.map((m) => m.name!), 'major-illness', 'DC-m2', wang.password,
    ];
    for (const value of forbidden) expect(dump, value).not.toContain(value);
    // JSON escapes non-ASCII only if asked to; check the escaped form as well.
    for (const value of [PLANTED_NAME, PLANTED_NOTE]) expect(dump).not.toContain(JSON.stringify(value).slice(1, -1).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  });

  it('is append-only: an entry can be neither changed nor deleted', async () => {
    const db = new Database(temp.location);
    try {
      expect(() => db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});

describe('permission denials (issue 6 §1): 403, and audited', () => {
  let server: TestServer;
  let admin: TestSession;
  let wang: TestSession;
  let far: TestSession;
  let farSup: TestSession;

  beforeEach(async () => {
    server = await startTestServer();
    admin = await server.session({ username: 'root', role: 'admin' });
    wang = await server.session({ username: 'wang' });
    far = await server.session({ username: 'far', township: DONGFENG_QINGHE, county: DONGFENG });
    farSup = await server.session({ username: 'farsup', role: 'supervisor', township: null, county: DONGFENG });
  });
  afterEach(() => server.close());

  const denials = () => server.store.listAudit({ action: 'access.denied', limit: 100 });

  it('another area’s record: a photo of 清河镇 asked for by a worker of 远山镇', async () => {
    const hhId = newId();
    await server.push(wang, [createHousehold(1, hhId)]);
    const bytes = Buffer.from('not really a jpeg, but bytes');
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const put = await server.app.inject({ method: 'PUT', url: `/api/attachments/${sha}?recordId=${hhId}`, payload: bytes, headers: { ...wang.headers, 'content-type': 'image/jpeg' } });
    expect(put.statusCode).toBe(201);

    const res = await server.inject('GET', `/api/attachments/${sha}`, { session: far });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OUT_OF_AREA');
    expect(await denials()).toEqual([
      expect.objectContaining({ userId: far.user.id, deviceId: far.deviceId, township: DONGFENG_QINGHE, entity: 'attachment', recordId: sha, detail: { code: 'OUT_OF_AREA', method: 'GET', route: '/api/attachments/:sha256' } }),
    ]);
  });

  it('another county’s records and audit entries, asked for by a supervisor', async () => {
    await server.push(wang, [createHousehold(1)]);
    for (const url of [`/api/admin/records?entity=household&township=${ANPING_QINGHE}`, `/api/admin/audit?township=${ANPING_QINGHE}`]) {
      const res = await server.inject('GET', url, { session: farSup });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('OUT_OF_AREA');
    }
    const logged = await denials();
    expect(logged).toHaveLength(2);
    for (const e of logged) expect(e).toMatchObject({ userId: farSup.user.id, detail: { code: 'OUT_OF_AREA', requestedTownship: ANPING_QINGHE } });
    // The refused reads read nothing: no records.list entry for them.
    expect(await server.store.listAudit({ action: 'records.list', userId: farSup.user.id, limit: 10 })).toEqual([]);
  });

  it('another township’s record in a push: that change is refused (OUT_OF_AREA) and audited; the rest of the batch applies', async () => {
    const theirs = newId();
    await server.push(far, [createHousehold(1, theirs)]);
    const mine = newId();
    const res = await server.push(wang, [change(1, theirs, { membersCount: 9 }, { baseVersion: 1 }), createHousehold(2, mine)]);
    expect(res.json().results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual(['OUT_OF_AREA', 'applied']);
    expect((await server.store.getRecord('household', theirs))!.fields.membersCount).toBe(3);
    const [denied] = await server.store.listAudit({ action: 'sync.denied', limit: 10 });
    expect(denied).toMatchObject({ userId: wang.user.id, deviceId: wang.deviceId, township: ANPING_QINGHE, entity: 'household', recordId: theirs, detail: { code: 'OUT_OF_AREA' } });
  });

  it('a role that may not: a worker on the administration routes, a supervisor revoking a device', async () => {
    expect((await server.inject('POST', `/api/admin/users/${far.user.id}/disable`, { session: wang })).statusCode).toBe(403);
    expect((await server.inject('POST', `/api/admin/devices/${far.deviceId}/revoke`, { session: farSup })).statusCode).toBe(403);
    const logged = await denials();
    expect(logged.map((e) => [e.userId, e.entity, e.recordId, (e.detail as { code: string }).code])).toEqual([
      [farSup.user.id, 'device', far.deviceId, 'FORBIDDEN'],
      [wang.user.id, 'user', far.user.id, 'FORBIDDEN'],
    ]);
    expect(await server.store.getUserById(far.user.id)).toMatchObject({ disabled: false });
  });

  it('a disabled account and a revoked device are refused on every route and audited with who it was', async () => {
    await server.inject('POST', `/api/admin/users/${wang.user.id}/disable`, { session: admin });
    const pushed = await server.push(wang, [createHousehold(1)]);
    expect(pushed.statusCode).toBe(403);
    expect(pushed.json().error.code).toBe('ACCOUNT_DISABLED');
    await server.inject('POST', `/api/admin/devices/${far.deviceId}/revoke`, { session: admin });
    expect((await server.pull(far)).json().error.code).toBe('DEVICE_REVOKED');
    const logged = await denials();
    expect(logged.map((e) => [e.userId, e.deviceId, (e.detail as { code: string }).code])).toEqual([
      [far.user.id, far.deviceId, 'DEVICE_REVOKED'],
      [wang.user.id, wang.deviceId, 'ACCOUNT_DISABLED'],
    ]);
    expect(await server.store.countAppliedChanges()).toBe(0);
  });

  it('a session past its time gets 401 SESSION_EXPIRED on push, and nothing is written', async () => {
    server.clock.advance(server.config.sessionHours * 3_600_000);
    const res = await server.push(wang, [createHousehold(1)]);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('SESSION_EXPIRED');
    expect(await server.store.countAppliedChanges()).toBe(0);
    // After logging in again the same change applies once, and a replay changes nothing (P2).
    const again = await server.login('wang', wang.password, wang.deviceId);
    const change1 = createHousehold(1);
    expect((await server.push(again, [change1])).json().results[0].status).toBe('applied');
    expect((await server.push(again, [change1])).json().results[0].status).toBe('applied');
    expect(await server.store.countAppliedChanges()).toBe(1);
  });
});
