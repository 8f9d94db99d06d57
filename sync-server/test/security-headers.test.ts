import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { createHousehold, newId } from './fixtures';

/**
 * Issue 6 §6: security headers and a Content-Security-Policy on every answer, and no API answer kept
 * in the browser's HTTP cache (a pull page holds names and ID numbers in clear; a photo is personal).
 */
describe('security headers', () => {
  let dir: string;
  let server: TestServer;
  let wang: TestSession;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tidemark-dist-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Tidemark</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    server = await startTestServer({ config: { staticDir: dir } });
    wang = await server.session();
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('API answers are never stored by the browser: pulls, photos, errors', async () => {
    const id = newId();
    await server.push(wang, [createHousehold(1, id)]);
    const bytes = Buffer.from('jpeg bytes');
    const sha = createHash('sha256').update(bytes).digest('hex');
    await server.app.inject({ method: 'PUT', url: `/api/attachments/${sha}?recordId=${id}`, payload: bytes, headers: { ...wang.headers, 'content-type': 'image/jpeg' } });
    const answers = [
      await server.pull(wang),
      await server.inject('GET', `/api/attachments/${sha}`, { session: wang }),
      await server.inject('GET', '/api/auth/me', { session: wang }),
      await server.inject('GET', '/api/admin/users', { session: wang }),
      await server.inject('GET', '/api/nope'),
      await server.inject('POST', '/api/auth/login', { body: { username: 'x', password: 'y', deviceId: 'dev-tablet-0001' } }),
    ];
    for (const res of answers) expect(res.headers['cache-control'], res.raw.req.url).toBe('no-store');
    // The app's own files keep their caching (the service worker and updates rely on it).
    expect((await server.inject('GET', '/assets/index-abc123.js')).headers['cache-control']).toContain('immutable');
    expect((await server.inject('GET', '/')).headers['cache-control']).toBe('no-cache');
  });

  it('sends a strict Content-Security-Policy and the usual hardening headers on pages and API alike', async () => {
    for (const path of ['/', '/api/health']) {
      const res = await server.inject('GET', path);
      const csp = String(res.headers['content-security-policy']);
      for (const directive of ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'"]) {
        expect(csp, `${path}: ${directive}`).toContain(directive);
      }
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBeDefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});
