import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../src/shared/protocol/messages';
import { startTestServer, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { createHousehold, EVENT_ID, newId, SITE_ID } from './fixtures';
import { ANPING, ANPING_LIULIN, ANPING_QINGHE, DONGFENG, DONGFENG_QINGHE } from '../../test/fixtures/areas';

const event = { id: EVENT_ID, name: '6·20 洪灾', hazard: 'flood', startDate: '2026-06-20', townships: [ANPING_QINGHE], status: 'active' };
const site = { id: SITE_ID, name: '清河中学', type: 'school', township: ANPING_QINGHE, capacity: 300, floorArea: 1200, openedOn: '2026-06-20' };

describe('administration API', () => {
  let server: TestServer;
  let admin: TestSession;
  let sup: TestSession;
  let wang: TestSession;

  beforeEach(async () => {
    server = await startTestServer();
    admin = await server.session({ username: 'root', role: 'admin' });
    sup = await server.session({ username: 'sup', role: 'supervisor', township: null, county: ANPING });
    wang = await server.session({ username: 'wang' });
  });
  afterEach(() => server.close());

  it('creates accounts (admins only); the township of a worker is required', async () => {
    const body = { username: 'zhang', password: 'qinghe-river-2026', role: 'worker', township: ANPING_LIULIN, county: ANPING, displayName: '张三' };
    const res = await server.inject('POST', '/api/admin/users', { session: admin, body });
    expect(res.statusCode).toBe(201);
    expect(res.json().user).toEqual({ id: expect.any(String), username: 'zhang', displayName: '张三', role: 'worker', township: ANPING_LIULIN, county: ANPING, disabled: false, createdAt: expect.any(String) });
    expect(JSON.stringify(res.json())).not.toMatch(/scrypt|unlock/i);
    expect((await server.inject('POST', '/api/admin/users', { session: admin, body })).json().error.code).toBe('ALREADY_EXISTS');
    const noTownship = await server.inject('POST', '/api/admin/users', { session: admin, body: { ...body, username: 'x1', township: null } });
    expect(noTownship.json().error.details.issues).toEqual([{ path: 'township', message: 'required' }]);
    expect((await server.inject('POST', '/api/admin/users', { session: sup, body: { ...body, username: 'x2' } })).statusCode).toBe(403);
    await server.login('zhang', 'qinghe-river-2026');
  });

  it('lists accounts: all for admins, the county for supervisors', async () => {
    await server.session({ username: 'far', township: DONGFENG_QINGHE, county: DONGFENG });
    const names = async (s: TestSession) => ((await server.inject('GET', '/api/admin/users', { session: s })).json().users as { username: string }[]).map((u) => u.username);
    expect(await names(admin)).toEqual(['far', 'root', 'sup', 'wang']);
    expect(await names(sup)).toEqual(['sup', 'wang']);
  });

  it('disables and enables an account; a disabled one cannot sync', async () => {
    const dis = await server.inject('POST', `/api/admin/users/${wang.user.id}/disable`, { session: admin });
    expect(dis.json().user.disabled).toBe(true);
    expect((await server.pull(wang)).json().error.code).toBe('ACCOUNT_DISABLED');
    await server.inject('POST', `/api/admin/users/${wang.user.id}/enable`, { session: admin });
    // Issue 10 §7 (SPEC A7): the sessions from before the disable are gone; the worker logs in again.
    expect((await server.pull(wang)).json().error.code).toBe('UNAUTHENTICATED');
    wang = await server.login('wang', 'password-1', wang.deviceId);
    expect((await server.pull(wang)).statusCode).toBe(200);
    expect((await server.inject('POST', '/api/admin/users/nobody/disable', { session: admin })).statusCode).toBe(404);
    expect((await server.inject('POST', `/api/admin/users/${admin.user.id}/disable`, { session: admin })).statusCode).toBe(403);
    const pw = await server.inject('POST', `/api/admin/users/${wang.user.id}/password`, { session: admin, body: { password: 'new-secret-1' } });
    expect(pw.statusCode).toBe(200);
    await server.login('wang', 'new-secret-1');
    const actions = (await server.store.listAudit({ entity: 'user', limit: 10 })).map((e) => e.action);
    // The refused self-disable is a permission denial, audited too (http/audit-denials.ts).
    expect(actions).toEqual(['user.password', 'access.denied', 'user.enable', 'user.disable']);
  });

  it('lists devices and revokes a lost tablet', async () => {
    const list = await server.inject('GET', '/api/admin/devices', { session: sup });
    expect(list.json().devices.map((d: { id: string }) => d.id).sort()).toEqual([sup.deviceId, wang.deviceId].sort());
    expect(list.json().devices.find((d: { id: string }) => d.id === wang.deviceId)).toMatchObject({ username: 'wang', township: ANPING_QINGHE, revoked: false });
    expect((await server.inject('POST', `/api/admin/devices/${wang.deviceId}/revoke`, { session: sup })).statusCode).toBe(403);
    const revoked = await server.inject('POST', `/api/admin/devices/${wang.deviceId}/revoke`, { session: admin });
    expect(revoked.json().device.revoked).toBe(true);
    expect((await server.push(wang, [createHousehold(1)])).json().error.code).toBe('DEVICE_REVOKED');
    await server.inject('POST', `/api/admin/devices/${wang.deviceId}/restore`, { session: admin });
    expect((await server.push(wang, [createHousehold(1)])).statusCode).toBe(200);
  });

  it('creates and updates events and sites, validated, as reference data the tablets pull', async () => {
    const created = await server.inject('POST', '/api/admin/events', { session: admin, body: event });
    expect(created.statusCode).toBe(201);
    expect(created.json().record).toMatchObject({ entity: 'event', id: EVENT_ID, township: null, version: 1, fields: event });
    expect((await server.inject('POST', '/api/admin/events', { session: admin, body: event })).json().error.code).toBe('ALREADY_EXISTS');
    const bad = await server.inject('POST', '/api/admin/events', { session: admin, body: { ...event, id: undefined, hazard: 'meteor' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].path).toBe('hazard');
    const generated = await server.inject('POST', '/api/admin/events', { session: admin, body: { ...event, id: undefined, name: '7·1 山洪' } });
    expect(generated.json().record.id).toMatch(/^[0-9a-f-]{36}$/);
    const s = await server.inject('POST', '/api/admin/sites', { session: admin, body: site });
    expect(s.json().record).toMatchObject({ entity: 'site', township: ANPING_QINGHE, fields: { ...site, waterPoints: 0, toilets: 0, medicalPoint: false } });
    const updated = await server.inject('PUT', `/api/admin/events/${EVENT_ID}`, { session: admin, body: { ...event, status: 'closed' } });
    expect(updated.json().record).toMatchObject({ version: 2, fields: { status: 'closed' } });
    expect((await server.inject('PUT', '/api/admin/events/no-such-event', { session: admin, body: event })).statusCode).toBe(400);
    expect((await server.inject('PUT', '/api/admin/sites/site-missing-1', { session: admin, body: { ...site, id: 'site-missing-1' } })).statusCode).toBe(404);
    expect((await server.inject('POST', '/api/admin/sites', { session: sup, body: site })).statusCode).toBe(403);

    const pulled = (await server.pull(wang)).json() as PullResponse;
    // The updated event once, at its latest version; the generated event; the site.
    expect(pulled.records.map((r) => `${r.entity}:${r.version}`).sort()).toEqual(['event:1', 'event:2', 'site:1']);
    const li = await server.session({ username: 'li', township: ANPING_LIULIN });
    // Sites belong to their township; events to all.
    expect(((await server.pull(li)).json() as PullResponse).records.map((r) => r.entity).sort()).toEqual(['event', 'event']);
  });

  it('lists stored records: supervisors their county, admins all; the listing is audited', async () => {
    const li = await server.session({ username: 'li', township: ANPING_LIULIN });
    const far = await server.session({ username: 'far', township: DONGFENG_QINGHE, county: DONGFENG });
    const ids = { wang: newId(), li: newId(), far: newId() };
    await server.push(wang, [createHousehold(1, ids.wang)]);
    await server.push(li, [createHousehold(1, ids.li)]);
    await server.push(far, [createHousehold(1, ids.far)]);
    const list = async (s: TestSession, q: string) => server.inject('GET', `/api/admin/records?${q}`, { session: s });
    const got = (await list(sup, 'entity=household')).json();
    expect(got.records.map((r: { id: string }) => r.id).sort()).toEqual([ids.wang, ids.li].sort());
    expect(got.records[0]).toMatchObject({ entity: 'household', version: 1, fields: expect.any(Object) });
    expect((await list(sup, `entity=household&township=${ANPING_LIULIN}`)).json().records.map((r: { id: string }) => r.id)).toEqual([ids.li]);
    expect((await list(sup, `township=${DONGFENG_QINGHE}`)).json().error.code).toBe('OUT_OF_AREA');
    expect((await list(admin, 'entity=household')).json().records).toHaveLength(3);
    const page = (await list(admin, 'entity=household&limit=2')).json();
    expect(page.hasMore).toBe(true);
    expect((await list(admin, `entity=household&after=${page.cursor}`)).json().records).toHaveLength(1);
    // Two listings succeeded; the refused one read nothing.
    expect(await server.store.listAudit({ action: 'records.list', userId: sup.user.id, limit: 10 })).toHaveLength(2);
  });

  it('filters the audit log; supervisors see their county only', async () => {
    await server.push(wang, [createHousehold(1)]);
    const li = await server.session({ username: 'far', township: DONGFENG_QINGHE, county: DONGFENG });
    await server.push(li, [createHousehold(1)]);
    const audit = async (s: TestSession, q = '') => (await server.inject('GET', `/api/admin/audit?${q}`, { session: s })).json();
    const all = await audit(admin, 'action=record.create');
    expect(all.entries).toHaveLength(2);
    const mine = await audit(sup, 'action=record.create');
    expect(mine.entries.map((e: { township: string }) => e.township)).toEqual([ANPING_QINGHE]);
    expect((await audit(sup, `township=${DONGFENG_QINGHE}`)).error.code).toBe('OUT_OF_AREA');
    const paged = await audit(admin, 'limit=1');
    expect(paged.nextBefore).toBe(paged.entries[0].id);
    expect((await audit(admin, `before=${paged.nextBefore}&limit=1`)).entries[0].id).toBeLessThan(paged.nextBefore);
    expect((await audit(admin, 'since=2026-06-21T00:00:00Z')).entries).toEqual([]);
    expect((await server.inject('GET', '/api/admin/audit?since=yesterday', { session: admin })).statusCode).toBe(400);
  });

  it('records deliberate acts reported by a tablet (revealing an ID number), without values', async () => {
    const res = await server.inject('POST', '/api/audit/events', {
      session: wang,
      body: { events: [{ action: 'idnumber.reveal', entity: 'household', recordId: 'hh-00000001', at: '2026-06-19T10:00:00+08:00' }] },
    });
    expect(res.json()).toEqual({ recorded: 1 });
    const [entry] = await server.store.listAudit({ action: 'idnumber.reveal', limit: 10 });
    expect(entry).toMatchObject({ userId: wang.user.id, deviceId: wang.deviceId, township: ANPING_QINGHE, recordId: 'hh-00000001', detail: { reportedAt: '2026-06-19T10:00:00+08:00' } });
    expect((await server.inject('POST', '/api/audit/events', { session: wang, body: { events: [{ action: 'delete.everything', at: '2026-06-19T10:00:00Z' }] } })).statusCode).toBe(400);
  });
});
