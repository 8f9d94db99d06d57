import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANPING_LIULIN, ANPING_QINGHE } from '../../test/fixtures/areas';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Issue 11 §5: attachments were owned by the first uploader's township, `missing` answered across areas. */
describe.each<StoreKind>(['sqlite', 'postgres'])('[T3][T4] attachments visible by (area, hash) (%s)', (kind) => {
  let server: TestServer;
  let wang: TestSession; // 清河镇 (ANPING_QINGHE, the harness's default)
  let li: TestSession; // 柳林乡 (ANPING_LIULIN), same county
  let admin: TestSession;
  const photo = randomBytes(2000);

  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    wang = await server.session({ username: 'wang' });
    li = await server.session({ username: 'li', township: ANPING_LIULIN });
    admin = await server.session({ username: 'root', role: 'admin' });
  });
  afterEach(() => server.close());

  const put = (s: TestSession, bytes: Buffer, query = '', type = 'image/jpeg') =>
    server.app.inject({ method: 'PUT', url: `/api/attachments/${sha(bytes)}${query}`, payload: bytes, headers: { ...s.headers, 'content-type': type } });
  const get = (s: TestSession, hash: string, query = '') => server.inject('GET', `/api/attachments/${hash}${query}`, { session: s });
  const missing = async (s: TestSession, hashes: string[]) =>
    (await server.inject('POST', '/api/attachments/missing', { session: s, body: { hashes } })).json().missing as string[];

  it('[T3] `missing` answers only for the caller’s own area', async () => {
    expect((await put(wang, photo)).statusCode).toBe(201);
    expect(await missing(wang, [sha(photo)])).toEqual([]);
    // 柳林乡 learns nothing about what 清河镇 holds.
    expect(await missing(li, [sha(photo)])).toEqual([sha(photo)]);
  });

  it('[T3] the same bytes uploaded by two areas are readable by each', async () => {
    expect((await put(wang, photo)).statusCode).toBe(201);
    const second = await put(li, photo);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ stored: true });
    const got = await get(li, sha(photo));
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(photo)).toBe(true);
    expect((await get(wang, sha(photo))).statusCode).toBe(200);
    // Again into the same area: idempotent (T2).
    expect((await put(li, photo)).json()).toMatchObject({ stored: false });
  });

  it('[T3] an administrator’s upload belongs to the area it names, not to everyone', async () => {
    const noArea = await put(admin, photo);
    expect(noArea.statusCode).toBe(400);
    expect(noArea.json().error.details.issues).toEqual([{ path: 'township', message: 'required' }]);
    expect((await put(admin, photo, '?township=' + encodeURIComponent(ANPING_QINGHE))).statusCode).toBe(201);
    expect((await get(wang, sha(photo))).statusCode).toBe(200);
    const other = await get(li, sha(photo));
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('OUT_OF_AREA');
    // A worker cannot name another area to upload into, or ask about it.
    expect((await put(wang, randomBytes(10), '?township=' + encodeURIComponent(ANPING_LIULIN))).statusCode).toBe(403);
    expect((await get(li, sha(photo), '?township=' + encodeURIComponent(ANPING_QINGHE))).statusCode).toBe(403);
  });

  it('[T4] served with a safe type: SVG and anything not shown by the app is a download, never sniffed', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect((await put(wang, svg, '', 'image/svg+xml')).statusCode).toBe(201);
    const res = await get(wang, sha(svg));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${sha(svg)}"`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain('sandbox');
    for (const type of ['image/png', 'image/jpeg', 'image/webp']) {
      const bytes = randomBytes(64);
      await put(wang, bytes, '', type);
      const shown = await get(wang, sha(bytes));
      expect(shown.headers['content-type']).toBe(type);
      expect(shown.headers['content-disposition']).toBeUndefined();
      expect(shown.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});
