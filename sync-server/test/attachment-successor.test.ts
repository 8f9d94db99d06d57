import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANPING, ANPING_QINGHE, CITY, DONGFENG, DONGFENG_QINGHE } from '../../test/fixtures/areas';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { createHousehold, newId } from './fixtures';

/** 河西乡 as release 1's upgrade left it: a provisional township of a provisional county. */
const PROVISIONAL_COUNTY = 'L00109000000';
const PROVISIONAL = 'L00109001000';
/** Its official code in 安平县, entered later (retire-with-successor: nothing re-keyed). */
const OFFICIAL = '130101003000';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * SPEC A10: a photo of a record written under a provisional township, uploaded after the township got
 * its official code (the record keeps the provisional code), is in the uploader's area: the retired
 * code resolves to its successor. Another county's worker is still refused. Both stores.
 */
describe.each<StoreKind>(['sqlite', 'postgres'])('[A10] attachments of records under a retired township (%s)', (kind) => {
  let server: TestServer;
  let admin: TestSession;
  let wang: TestSession;
  const record = newId();

  beforeAll(async () => {
    server = await startTestServer({ store: kind });
    admin = await server.session({ username: 'root', role: 'admin', township: null, county: null });
    const at = '2026-01-01T00:00:00.000Z';
    await server.store.addDivisions([
      { code: PROVISIONAL_COUNTY, name: '河西县（待定）', level: 'county', parentCode: CITY, provisional: true, at },
      { code: PROVISIONAL, name: '河西乡', level: 'township', parentCode: PROVISIONAL_COUNTY, provisional: true, at },
    ]);
    wang = await server.session({ username: 'hexi-wang', township: PROVISIONAL, county: PROVISIONAL_COUNTY });
    expect((await server.push(wang, [createHousehold(1, record)])).json().results[0]).toMatchObject({ status: 'applied' });
    expect((await server.store.getRecord('household', record))?.township).toBe(PROVISIONAL);
    const official = await server.inject('POST', `/api/admin/divisions/${PROVISIONAL}/official`, { session: admin, body: { code: OFFICIAL, name: '河西乡' } });
    expect(official.statusCode).toBe(200);
    const moved = await server.inject('PATCH' as 'POST', `/api/admin/users/${wang.user.id}`, { session: admin, body: { township: OFFICIAL } });
    expect(moved.statusCode).toBe(200);
    wang = await server.login('hexi-wang', wang.password, wang.deviceId);
  });
  afterAll(() => server.close());

  const put = (s: TestSession, bytes: Buffer, query: string) =>
    server.app.inject({ method: 'PUT', url: `/api/attachments/${sha(bytes)}${query}`, payload: bytes, headers: { ...s.headers, 'content-type': 'image/jpeg' } });

  it('[A10] the moved worker uploads the photo of a record kept under the provisional code', async () => {
    const photo = randomBytes(500);
    const res = await put(wang, photo, `?recordId=${record}`);
    expect(res.statusCode).toBe(201);
    const got = await server.inject('GET', `/api/attachments/${sha(photo)}`, { session: wang });
    expect(got.statusCode).toBe(200);
    expect(await server.store.listAudit({ action: 'attachment.denied', limit: 10 })).toEqual([]);
  });

  it('[A10] a supervisor of the county and an administrator upload for it into its township, not into another', async () => {
    const sup = await server.session({ role: 'supervisor', township: null, county: ANPING });
    expect((await put(sup, randomBytes(400), `?recordId=${record}&township=${OFFICIAL}`)).statusCode).toBe(201);
    expect((await put(admin, randomBytes(300), `?recordId=${record}&township=${PROVISIONAL}`)).statusCode).toBe(201);
    const elsewhere = await put(admin, randomBytes(300), `?recordId=${record}&township=${ANPING_QINGHE}`);
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().error.code).toBe('OUT_OF_AREA');
  });

  it('[A6][A10] a worker of another county is still refused, and audited', async () => {
    const li = await server.session({ township: DONGFENG_QINGHE, county: DONGFENG });
    const res = await put(li, randomBytes(200), `?recordId=${record}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OUT_OF_AREA');
    expect((await server.store.listAudit({ action: 'attachment.denied', limit: 10 })).map((a) => a.userId)).toContain(li.user.id);
  });
});
