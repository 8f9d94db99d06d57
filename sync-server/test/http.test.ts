import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PUSH_BYTES } from '../../src/shared/protocol/messages';
import { startTestServer, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { createHousehold, newId } from './fixtures';

describe('HTTP edges', () => {
  let server: TestServer;
  let wang: TestSession;

  beforeEach(async () => {
    server = await startTestServer();
    wang = await server.session();
  });
  afterEach(() => server.close());

  const pushRaw = (payload: string | Buffer, headers: Record<string, string> = {}) =>
    server.app.inject({ method: 'POST', url: '/api/sync/push', payload, headers: { ...wang.headers, 'content-type': 'application/json', ...headers } });
  const body = (changes = [createHousehold(1)]) => JSON.stringify({ protocol: 2, deviceId: wang.deviceId, changes });

  it('GET /api/health reports the store and the protocol versions', async () => {
    const res = await server.inject('GET', '/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, store: 'sqlite', protocol: [1, 2] });
  });

  it('[E1] malformed JSON: 400 BAD_JSON; nothing written', async () => {
    for (const payload of ['{"protocol": 2,', '{"__proto__": {"x": 1}, "protocol": 2}']) {
      const res = await pushRaw(payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('BAD_JSON');
    }
    expect(await server.store.countAppliedChanges()).toBe(0);
  });

  it('a body that is not JSON: 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'image/png']) {
      const res = await pushRaw(body(), { 'content-type': type });
      expect(res.statusCode, type).toBe(415);
      expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const brotli = await pushRaw(body(), { 'content-encoding': 'br' });
    expect(brotli.statusCode).toBe(415);
  });

  it('[P3] a body over 2 MiB: 413 PAYLOAD_TOO_LARGE before parsing; nothing written', async () => {
    const id = newId();
    const big = body([createHousehold(1, id, { notes: 'x'.repeat(MAX_PUSH_BYTES) })]);
    const res = await pushRaw(big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await server.store.getRecord('household', id)).toBeNull();
    // Not even valid JSON: the limit is checked before the parser runs.
    expect((await pushRaw('{' + ' '.repeat(MAX_PUSH_BYTES))).statusCode).toBe(413);
  });

  it('[P7] accepts gzip bodies; the 2 MiB limit applies to the decompressed body', async () => {
    const ok = await pushRaw(gzipSync(body()), { 'content-encoding': 'gzip' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().results[0].status).toBe('applied');
    const bomb = gzipSync(Buffer.from(body([createHousehold(2, newId(), { notes: 'y'.repeat(3 * 1024 * 1024) })])));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await pushRaw(bomb, { 'content-encoding': 'gzip' });
    expect(res.statusCode).toBe(413);
    const broken = await pushRaw(Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('BAD_JSON');
    expect(await server.store.countAppliedChanges()).toBe(1);
  });

  it('unknown API paths: 404 NOT_FOUND in the error format', async () => {
    const res = await server.inject('GET', '/api/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Not found.' } });
    expect((await server.inject('POST', '/api/sync/pull')).statusCode).toBe(404);
  });

  it('sends a Content-Security-Policy that lets the PWA run, and no HSTS over plain http', async () => {
    const res = await server.inject('GET', '/api/health');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("img-src 'self' blob: data:");
    expect(csp).toContain("worker-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('the built app', () => {
  let dir: string;
  let server: TestServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tidemark-dist-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Tidemark</title>');
    writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(join(dir, 'registerSW.js'), '');
    writeFileSync(join(dir, 'manifest.webmanifest'), '{}');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    server = await startTestServer({ config: { staticDir: dir } });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html, sw.js, registerSW.js and the manifest with Cache-Control: no-cache', async () => {
    for (const path of ['/', '/index.html', '/sw.js', '/registerSW.js', '/manifest.webmanifest']) {
      const res = await server.inject('GET', path);
      expect(res.statusCode, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-cache');
    }
    const asset = await server.inject('GET', '/assets/index-abc123.js');
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('falls back to index.html for app routes, never for /api or missing files', async () => {
    const page = await server.inject('GET', '/households/123?x=1');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Tidemark</title>');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect((await server.inject('GET', '/api/missing')).json().error.code).toBe('NOT_FOUND');
    expect((await server.inject('GET', '/assets/gone-123.js')).statusCode).toBe(404);
  });
});
