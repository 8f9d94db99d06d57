import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANPING, ANPING_LIULIN, ANPING_QINGHE, DONGFENG, DONGFENG_QINGHE } from '../../test/fixtures/areas';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { change, createHousehold, newId } from './fixtures';

/**
 * Issue 10, findings 1 and 2, on both stores. Names repeat (清河镇 is in 安平县 and in 东丰县): an
 * area is its division code. A county's townships come from the registry, not from who has an account.
 */
describe.each(['sqlite', 'postgres'] as StoreKind[])('areas are keys (%s)', (kind) => {
  let server: TestServer;
  let admin: TestSession;
  beforeAll(async () => {
    server = await startTestServer({ store: kind });
    admin = await server.session({ role: 'admin' });
  });
  afterAll(() => server.close());

  it('[finding 1] a worker of 清河镇 in 东丰县 neither pulls nor edits 清河镇 of 安平县; 东丰县’s supervisor sees none of it', async () => {
    const eventId = 'event-finding-1';
    expect((await server.inject('POST', '/api/admin/events', {
      session: admin, body: { id: eventId, name: '洪灾', hazard: 'flood', startDate: '2026-06-20', townships: [ANPING_QINGHE, DONGFENG_QINGHE], status: 'active' },
    })).statusCode).toBe(201);
    const anping = await server.session({ township: ANPING_QINGHE, county: ANPING });
    const dongfeng = await server.session({ township: DONGFENG_QINGHE, county: DONGFENG });
    const dongfengSup = await server.session({ role: 'supervisor', township: null, county: DONGFENG });
    const theirs = newId();
    await server.push(anping, [createHousehold(1, theirs, { eventId })]);

    const pulled = (await server.pull(dongfeng)).json().records as { id: string }[];
    expect(pulled.map((r) => r.id)).not.toContain(theirs);
    const edit = await server.push(dongfeng, [change(1, theirs, { membersCount: 9 }, { baseVersion: 1 })]);
    expect(edit.json().results[0]).toMatchObject({ status: 'rejected', code: 'OUT_OF_AREA' });
    expect((await server.store.getRecord('household', theirs))!.fields.membersCount).toBe(3);

    const records = (await server.inject('GET', '/api/admin/records', { session: dongfengSup })).json().records as { id: string }[];
    expect(records.map((r) => r.id)).not.toContain(theirs);
    const form10 = (await server.inject('GET', `/api/reports/form10?eventId=${eventId}`, { session: dongfengSup })).json();
    expect(form10.rows).toEqual([]);
    const audit = (await server.inject('GET', '/api/admin/audit', { session: dongfengSup })).json().entries as { userId: string; recordId: string | null }[];
    expect(audit.filter((e) => e.userId === anping.user.id)).toEqual([]);
  });

  it('[finding 2] a county report lists every township of the county the event covers, zeros included, whoever has an account', async () => {
    const eventId = 'event-finding-2';
    // Nobody has an account in 柳林乡 yet; the event covers it and a shelter there is open.
    expect((await server.inject('POST', '/api/admin/events', {
      session: admin, body: { id: eventId, name: '滑坡', hazard: 'landslide', startDate: '2026-06-20', townships: [ANPING_QINGHE, ANPING_LIULIN], status: 'active' },
    })).statusCode).toBe(201);
    for (const [id, township] of [['site-finding2-qh', ANPING_QINGHE], ['site-finding2-ll', ANPING_LIULIN]] as const) {
      const res = await server.inject('POST', '/api/admin/sites', {
        session: admin, body: { id, eventId, name: `安置点${id.slice(-2)}`, type: 'school', township, capacity: 50, floorArea: 200, openedOn: '2026-06-20' },
      });
      expect(res.statusCode).toBe(201);
    }
    const sup = await server.session({ role: 'supervisor', township: null, county: ANPING });
    const at = '2026-06-21T00:00:00+08:00';
    const ofAdmin = (await server.inject('GET', `/api/reports/relocation?eventId=${eventId}&at=${encodeURIComponent(at)}`, { session: admin })).json();
    const ofSup = (await server.inject('GET', `/api/reports/relocation?eventId=${eventId}&at=${encodeURIComponent(at)}`, { session: sup })).json();
    expect(ofAdmin.report.total.centralisedSitesOpen).toBe(2);
    expect(ofSup.report.total.centralisedSitesOpen).toBe(2);
    expect(ofSup.report.townships.map((t: { township: string }) => t.township)).toEqual([ANPING_QINGHE, ANPING_LIULIN]);
    expect(ofSup.report.townships[1]).toMatchObject({ township: ANPING_LIULIN, relocated: { cumulative: 0 }, centralisedSitesOpen: 1 });
    expect(ofSup.townshipNames).toEqual({ [ANPING_QINGHE]: '清河镇', [ANPING_LIULIN]: '柳林乡' });
  });
});
