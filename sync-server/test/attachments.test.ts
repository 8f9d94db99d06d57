import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { ANPING, ANPING_LIULIN, DONGFENG } from '../../test/fixtures/areas';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('attachments', () => {
  let server: TestServer;
  let wang: TestSession;
  const photos = [randomBytes(3000), randomBytes(5000), randomBytes(100)];

  beforeEach(async () => {
    server = await startTestServer();
    wang = await server.session({ username: 'wang' });
  });
  afterEach(() => server.close());

  const put = (s: TestSession, bytes: Buffer, hash = sha(bytes), type = 'image/jpeg') =>
    server.app.inject({ method: 'PUT', url: `/api/attachments/${hash}?recordId=hh-00000001`, payload: bytes, headers: { ...s.headers, 'content-type': type } });
  const missing = async (s: TestSession, hashes: string[]) =>
    (await server.inject('POST', '/api/attachments/missing', { session: s, body: { hashes } })).json().missing as string[];

  it('[T2] a cut upload resumes: the server names what it lacks, the client sends only that', async () => {
    const hashes = photos.map(sha);
    expect(await missing(wang, hashes)).toEqual(hashes);
    expect((await put(wang, photos[0]!)).statusCode).toBe(201);
    expect((await put(wang, photos[1]!, sha(photos[1]!), 'application/octet-stream')).statusCode).toBe(201);
    // ...the connection drops here; on the next sync:
    expect(await missing(wang, hashes)).toEqual([hashes[2]]);
    expect((await put(wang, photos[2]!, sha(photos[2]!), 'image/png')).statusCode).toBe(201);
    expect(await missing(wang, hashes)).toEqual([]);
    const got = await server.inject('GET', `/api/attachments/${hashes[0]}`, { session: wang });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(got.rawPayload.equals(photos[0]!)).toBe(true);
  });

  it('[T2] uploading the same bytes again is a success that stores nothing new', async () => {
    await put(wang, photos[0]!);
    const again = await put(wang, photos[0]!);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ sha256: sha(photos[0]!), size: 3000, stored: false });
    expect(await server.store.listAudit({ action: 'attachment.upload', limit: 10 })).toHaveLength(1);
  });

  it('[T2] refuses bytes whose hash does not match, and bad hashes, types and sizes', async () => {
    const wrong = await put(wang, photos[0]!, sha(photos[1]!));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ path: 'sha256', message: 'sha256.mismatch' }] } });
    expect(await missing(wang, [sha(photos[1]!)])).toEqual([sha(photos[1]!)]);
    expect((await put(wang, photos[0]!, 'not-a-hash')).statusCode).toBe(400);
    expect((await put(wang, photos[0]!, sha(photos[0]!), 'text/plain')).statusCode).toBe(415);
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1, 1);
    const tooBig = await put(wang, huge);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const bad = await server.inject('POST', '/api/attachments/missing', { session: wang, body: { hashes: ['xyz'] } });
    expect(bad.statusCode).toBe(400);
  });

  it('lets the owner township and the county supervisor read an attachment; nobody else', async () => {
    await put(wang, photos[0]!);
    const url = `/api/attachments/${sha(photos[0]!)}`;
    const zhao = await server.session({ username: 'zhao' });
    const sup = await server.session({ username: 'sup', role: 'supervisor', township: null, county: ANPING });
    const li = await server.session({ username: 'li', township: ANPING_LIULIN });
    const farSup = await server.session({ username: 'farsup', role: 'supervisor', township: null, county: DONGFENG });
    expect((await server.inject('GET', url, { session: zhao })).statusCode).toBe(200);
    expect((await server.inject('GET', url, { session: sup })).statusCode).toBe(200);
    for (const s of [li, farSup]) {
      const res = await server.inject('GET', url, { session: s });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('OUT_OF_AREA');
    }
    expect((await server.inject('GET', `/api/attachments/${'0'.repeat(64)}`, { session: wang })).statusCode).toBe(404);
  });
});
