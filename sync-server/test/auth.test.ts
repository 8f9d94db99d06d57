import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../src/shared/protocol/messages';
import { startTestServer, type TestServer } from '../../test/helpers/server-harness';
import { hashToken } from '../src/auth/tokens';
import { ANPING, ANPING_QINGHE } from '../../test/fixtures/areas';

describe('authentication', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer({ config: { loginMaxFailures: 3, loginWindowSeconds: 60, sessionHours: 12, offlineDays: 7 } });
    await server.createUser({ username: 'wang', password: 'secret123', displayName: '王芳' });
  });
  afterEach(() => server.close());

  const login = (username: string, password: string, deviceId = 'dev-tablet-01', headers: Record<string, string> = {}) =>
    server.inject('POST', '/api/auth/login', { body: { username, password, deviceId, deviceName: '一号平板' }, headers });

  it('[A1] logs in: a token stored only as its hash, the user, the unlock secret and the offline allowance', async () => {
    const res = await login('wang', 'secret123');
    expect(res.statusCode).toBe(200);
    const body = res.json() as LoginResponse;
    expect(body).toEqual({
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: '2026-06-20T20:00:00.000Z',
      // Issue 10: the codes, and the registry's names for the tablet to show.
      user: { id: expect.any(String), username: 'wang', displayName: '王芳', role: 'worker', township: ANPING_QINGHE, county: ANPING, townshipName: '清河镇', countyName: '安平县' },
      unlockSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      offlineDays: 7,
      serverTime: '2026-06-20T08:00:00.000Z',
    });
    expect(await server.store.getSession(body.token)).toBeNull();
    expect(await server.store.getSession(hashToken(body.token))).toMatchObject({ deviceId: 'dev-tablet-01' });
    expect(await server.store.getDevice('dev-tablet-01')).toMatchObject({ name: '一号平板', revoked: false });
    const me = await server.inject('GET', '/api/auth/me', { headers: { authorization: `Bearer ${body.token}` } });
    expect(me.json()).toMatchObject({ user: body.user, deviceId: 'dev-tablet-01', expiresAt: body.expiresAt });
    expect(JSON.stringify(await server.store.listAudit({ limit: 10 }))).not.toContain('secret123');
  });

  it('answers a wrong password and an unknown user the same way, and audits both', async () => {
    const wrong = await login('wang', 'nope-nope');
    const unknown = await login('nobody', 'nope-nope');
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'BAD_CREDENTIALS', message: 'Wrong user name or password.' } });
    }
    const audit = await server.store.listAudit({ action: 'login.failed', limit: 10 });
    expect(audit.map((a) => a.detail)).toEqual([{ username: 'nobody' }, { username: 'wang' }]);
    expect(JSON.stringify(audit)).not.toContain('nope-nope');
  });

  it('refuses a disabled account with 403 ACCOUNT_DISABLED, at login and on the next request', async () => {
    const ok = (await login('wang', 'secret123')).json() as LoginResponse;
    const user = (await server.store.getUserByUsername('wang'))!;
    await server.store.updateUser(user.id, { disabled: true });
    const res = await login('wang', 'secret123');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('ACCOUNT_DISABLED');
    const me = await server.inject('GET', '/api/auth/me', { headers: { authorization: `Bearer ${ok.token}` } });
    expect(me.statusCode).toBe(403);
    expect(me.json().error.code).toBe('ACCOUNT_DISABLED');
  });

  it('rate-limits failed logins per IP and user name with Retry-After, without a long lock-out', async () => {
    for (let i = 0; i < 3; i++) expect((await login('wang', 'bad-password')).statusCode).toBe(401);
    const limited = await login('wang', 'secret123');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another user from the same address, or the same user from another address, is not affected.
    await server.createUser({ username: 'zhao', password: 'secret456' });
    // (On its own client id: wang's is bound to wang, SPEC A4.)
    expect((await login('zhao', 'secret456', 'dev-tablet-02')).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.0.0.9', payload: { username: 'wang', password: 'secret123', deviceId: 'dev-tablet-01' } })).statusCode).toBe(200);
    server.clock.advance(61_000);
    expect((await login('wang', 'secret123')).statusCode).toBe(200);
  });

  it('[A1] a session expires after SESSION_HOURS: 401 SESSION_EXPIRED; none or unknown: 401 UNAUTHENTICATED', async () => {
    const { token } = (await login('wang', 'secret123')).json() as LoginResponse;
    const me = (authorization?: string) => server.inject('GET', '/api/auth/me', { headers: authorization ? { authorization } : {} });
    expect((await me(`Bearer ${token}`)).statusCode).toBe(200);
    server.clock.advance(12 * 3_600_000);
    const expired = await me(`Bearer ${token}`);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('SESSION_EXPIRED');
    for (const header of [undefined, 'Bearer ' + 'x'.repeat(43), 'Basic abc', 'Bearer']) {
      const res = await me(header);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('[A3] a revoked device gets 403 DEVICE_REVOKED, on requests and at login', async () => {
    const { token } = (await login('wang', 'secret123')).json() as LoginResponse;
    await server.store.setDeviceRevoked('dev-tablet-01', true);
    const res = await server.inject('GET', '/api/auth/me', { headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('DEVICE_REVOKED');
    expect((await login('wang', 'secret123')).json().error.code).toBe('DEVICE_REVOKED');
    expect((await login('wang', 'secret123', 'dev-tablet-02')).statusCode).toBe(200);
  });

  it('logs out: the token stops working', async () => {
    const { token } = (await login('wang', 'secret123')).json() as LoginResponse;
    const headers = { authorization: `Bearer ${token}` };
    const out = await server.inject('POST', '/api/auth/logout', { headers: { ...headers, 'content-type': 'application/json' } });
    expect(out.statusCode).toBe(200);
    expect((await server.inject('GET', '/api/auth/me', { headers })).json().error.code).toBe('UNAUTHENTICATED');
  });

  it('validates the login body', async () => {
    const res = await server.inject('POST', '/api/auth/login', { body: { username: 'wang', password: 'secret123', deviceId: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ path: 'deviceId', message: 'id.invalid' }] } });
  });
});

describe('every route checks who calls', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.close());

  const protectedRoutes: [method: 'GET' | 'POST' | 'PUT', url: string][] = [
    ['GET', '/api/auth/me'], ['POST', '/api/auth/logout'], ['POST', '/api/sync/push'], ['GET', '/api/sync/pull'],
    ['POST', '/api/attachments/missing'], ['GET', `/api/attachments/${'a'.repeat(64)}`], ['PUT', `/api/attachments/${'a'.repeat(64)}`],
    ['POST', '/api/audit/events'],
    ['GET', '/api/admin/users'], ['POST', '/api/admin/users'], ['POST', '/api/admin/users/x/disable'], ['POST', '/api/admin/users/x/enable'],
    ['POST', '/api/admin/users/x/password'], ['GET', '/api/admin/devices'], ['POST', '/api/admin/devices/x/revoke'],
    ['POST', '/api/admin/events'], ['PUT', '/api/admin/events/x'], ['POST', '/api/admin/sites'], ['PUT', '/api/admin/sites/x'],
    ['GET', '/api/admin/records'], ['GET', '/api/admin/audit'],
  ];

  it.each(protectedRoutes)('[A1] %s %s without a token: 401 UNAUTHENTICATED', async (method, url) => {
    const res = await server.inject(method, url, method === 'GET' ? {} : { body: {} });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Log in first.' } });
  });

  it('administration routes refuse a worker with 403 FORBIDDEN', async () => {
    const wang = await server.session();
    for (const [method, url] of protectedRoutes.filter(([, u]) => u.startsWith('/api/admin/'))) {
      const res = await server.inject(method, url, { session: wang, ...(method === 'GET' ? {} : { body: {} }) });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
  });
});
