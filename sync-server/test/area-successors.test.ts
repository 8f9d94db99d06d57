import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeResult } from '../../src/shared/protocol/messages';
import { ANPING, CITY, DONGFENG, DONGFENG_QINGHE } from '../../test/fixtures/areas';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { change, createHousehold, newId } from './fixtures';

/** 河西乡 as release 1's upgrade left it: a provisional township of a provisional county (README "Areas: division codes"). */
const PROVISIONAL_COUNTY = 'L00109000000';
const PROVISIONAL = 'L00109001000';
/** Its official code in 安平县, entered later: the official division succeeds the provisional one, nothing re-keyed. */
const OFFICIAL = '130101003000';

/**
 * Issue 10: records keep the code they were written under, and writers follow the successor chains as
 * readers do. A worker moved from the provisional township to its official successor still edits and
 * references what was written under the provisional code (SPEC A2, A6), and a change its tablet stamped
 * with the provisional code is the current area, not a former one (A8). Both stores.
 */
describe.each(['sqlite', 'postgres'] as StoreKind[])('a provisional township succeeded by its official code (%s)', (kind) => {
  let server: TestServer;
  let admin: TestSession;
  const eventId = 'event-hexi-1';
  const siteId = 'site-hexi-1';

  beforeAll(async () => {
    server = await startTestServer({ store: kind });
    admin = await server.session({ username: 'root', role: 'admin', township: null, county: null });
    const at = '2026-01-01T00:00:00.000Z';
    await server.store.addDivisions([
      { code: PROVISIONAL_COUNTY, name: '河西县（待定）', level: 'county', parentCode: CITY, provisional: true, at },
      { code: PROVISIONAL, name: '河西乡', level: 'township', parentCode: PROVISIONAL_COUNTY, provisional: true, at },
    ]);
    const ev = await server.inject('POST', '/api/admin/events', {
      session: admin, body: { id: eventId, name: '洪灾', hazard: 'flood', startDate: '2026-06-20', townships: [PROVISIONAL], status: 'active' },
    });
    expect(ev.statusCode).toBe(201);
    const site = await server.inject('POST', '/api/admin/sites', {
      session: admin, body: { id: siteId, eventId, name: '河西小学', type: 'school', township: PROVISIONAL, capacity: 50, floorArea: 200, openedOn: '2026-06-20' },
    });
    expect(site.statusCode).toBe(201);
  });
  afterAll(() => server.close());

  const results = async (s: TestSession, changes: Parameters<TestServer['push']>[1]) => {
    const res = await server.push(s, changes);
    expect(res.statusCode).toBe(200);
    return res.json().results as ChangeResult[];
  };

  it('[A2][A6][A8] the moved worker edits and references records of the provisional code; the records keep it', async () => {
    const wang = await server.session({ username: 'hexi-wang', township: PROVISIONAL, county: PROVISIONAL_COUNTY });
    const written = newId();
    const refs = { eventId, shelterSiteId: siteId };
    expect((await results(wang, [createHousehold(1, written, refs)]))[0]).toMatchObject({ status: 'applied' });
    expect((await server.store.getRecord('household', written))?.township).toBe(PROVISIONAL);

    const official = await server.inject('POST', `/api/admin/divisions/${PROVISIONAL}/official`, { session: admin, body: { code: OFFICIAL, name: '河西乡' } });
    expect(official.json()).toMatchObject({ official: { code: OFFICIAL } });
    const moved = await server.inject('PATCH' as 'POST', `/api/admin/users/${wang.user.id}`, { session: admin, body: { township: OFFICIAL } });
    expect(moved.statusCode).toBe(200);
    const back = await server.login('hexi-wang', wang.password, wang.deviceId);
    expect(back.user.township).toBe(OFFICIAL);

    // A2: the record written under the provisional code is the worker's area still.
    const edit = await results(back, [change(2, written, { membersCount: 5 }, { baseVersion: 1 })]);
    expect(edit[0]).toMatchObject({ status: 'applied' });
    expect(await server.store.getRecord('household', written)).toMatchObject({ township: PROVISIONAL, fields: { membersCount: 5 } });

    // A6: a new household names the event (covering the provisional code) and the site under it.
    const fresh = newId();
    expect((await results(back, [createHousehold(3, fresh, refs)]))[0]).toMatchObject({ status: 'applied' });
    expect((await server.store.getRecord('household', fresh))?.township).toBe(OFFICIAL);

    // A8: a change the tablet stamped with the provisional code before the move is the current area.
    const stamped = newId();
    const r = (await results(back, [{ ...createHousehold(4, stamped, refs), township: PROVISIONAL }]))[0]!;
    expect(r.status).toBe('applied');
    expect(r.acceptedUnder).toBeUndefined();
    expect((await server.store.getRecord('household', stamped))?.township).toBe(OFFICIAL);
    expect(await server.store.listAudit({ action: 'sync.former_township', limit: 10 })).toEqual([]);
  });

  it('[A2][A6] another area stays another area: a worker of 东丰县 neither edits nor references them', async () => {
    const other = await server.session({ username: 'dongfeng-li', township: DONGFENG_QINGHE, county: DONGFENG });
    const own = await server.session({ username: 'hexi-zhao', township: OFFICIAL, county: ANPING });
    const theirs = newId();
    expect((await results(own, [createHousehold(1, theirs, { eventId, shelterSiteId: siteId })]))[0]).toMatchObject({ status: 'applied' });
    expect((await results(other, [change(1, theirs, { membersCount: 9 }, { baseVersion: 1 })]))[0]).toMatchObject({ status: 'rejected', code: 'OUT_OF_AREA' });
    const crossing = await results(other, [createHousehold(2, newId(), { eventId, shelterSiteId: siteId })]);
    expect(crossing[0]).toMatchObject({ status: 'rejected', code: 'OUT_OF_AREA' });
    expect(crossing[0]!.issues?.map((i) => i.path).sort()).toEqual(['eventId', 'shelterSiteId']);
  });
});
