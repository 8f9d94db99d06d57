import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { ANPING_QINGHE } from '../../test/fixtures/areas';
import { apiRoutes, type Method } from './route-table';

/**
 * Issue 6 §1, for EVERY route the app has — read from Fastify's own route table, so a route added
 * later is checked too: no API route but health and login answers without a session, and none of the
 * county's or the administrator's routes answers a township worker (403, audited).
 */
const concrete = (url: string) => url.replace(':sha256', 'a'.repeat(64)).replace(/:(\w+)/g, 'x-0001');
const PUBLIC = new Set(['GET /api/health', 'POST /api/auth/login']);
const COUNTY_OR_ADMIN = (url: string) => url.startsWith('/api/admin/') || url.startsWith('/api/reports/') || url === '/api/flags/rescan' || url === '/api/flags/:id/resolve' || url.startsWith('/api/dashboard/');

describe('every API route', () => {
  let server: TestServer;
  let wang: TestSession;
  let routes: { method: Method; url: string }[];

  beforeAll(async () => {
    // One 401 per route from one address is more than the per-address failure budget (60 a minute, which
    // would answer 429 from the 61st on); that budget has its own tests (abuse-limits.test.ts).
    server = await startTestServer({ config: { addressFailuresPerMinute: 10_000 } });
    wang = await server.session({ username: 'wang' });
    routes = apiRoutes(server.app);
  });
  afterAll(() => server.close());

  it('the route table was read (sanity)', () => {
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['POST /api/sync/push', 'GET /api/sync/pull', 'POST /api/admin/users/:id/disable', 'GET /api/admin/audit', 'PUT /api/attachments/:sha256']),
    );
    expect(routes.length).toBeGreaterThan(25);
  });

  it('[A1] answers 401 UNAUTHENTICATED without a session, on every route but health and login', async () => {
    for (const r of routes.filter((x) => !PUBLIC.has(`${x.method} ${x.url}`))) {
      const res = await server.inject(r.method, concrete(r.url), r.method === 'GET' ? {} : { body: {} });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a township worker every county and administration route with 403, each refusal audited', async () => {
    const guarded = routes.filter((r) => COUNTY_OR_ADMIN(r.url));
    expect(guarded.length).toBeGreaterThan(15);
    for (const r of guarded) {
      const res = await server.inject(r.method, concrete(r.url), { session: wang, ...(r.method === 'GET' ? {} : { body: {} }) });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const denied = await server.store.listAudit({ action: 'access.denied', userId: wang.user.id, limit: 1000 });
    expect(denied.map((e) => `${(e.detail as { method: string }).method} ${(e.detail as { route: string }).route}`).sort()).toEqual(
      guarded.map((r) => `${r.method} ${r.url}`).sort(),
    );
    for (const e of denied) expect(e).toMatchObject({ deviceId: wang.deviceId, township: ANPING_QINGHE, detail: { code: 'FORBIDDEN' } });
  });
});
