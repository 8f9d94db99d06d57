import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/helpers/server-harness';

/** Issue 11 §2 and §4: limits before authentication that count only failures; login limits across names. */
describe('[B2][B4] limits before and after authentication', () => {
  let server: TestServer;
  afterEach(() => server.close());

  const fakeToken = (n: number) => `Bearer ${'f'.repeat(40)}${String(n).padStart(3, '0')}`;
  const pullAs = (authorization: string, remoteAddress = '10.1.1.1') =>
    server.app.inject({ method: 'GET', url: '/api/sync/pull', headers: { authorization, 'x-tidemark-protocol': '2' }, remoteAddress });
  const loginFrom = (username: string, password: string, remoteAddress = '10.1.1.1') =>
    server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, deviceId: 'dev-attacker-01' }, remoteAddress });

  it('[B2] made-up tokens are limited per address; good requests from the same address never use that budget', async () => {
    server = await startTestServer({ config: { addressFailuresPerMinute: 5 } });
    const wang = await server.session();
    // A township's tablets share one NAT address: their good requests do not count.
    for (let i = 0; i < 20; i++) expect((await pullAs(wang.headers.authorization)).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await pullAs(fakeToken(i))).statusCode).toBe(401);
    const limited = await pullAs(fakeToken(99));
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected; the window passes.
    expect((await pullAs(fakeToken(100), '10.2.2.2')).statusCode).toBe(401);
    server.clock.advance(60_000);
    expect((await pullAs(wang.headers.authorization)).statusCode).toBe(200);
  });

  it('[B2] behind a shared NAT address, one client’s failures do not lock out tablets already in session', async () => {
    server = await startTestServer({ config: { addressFailuresPerMinute: 3 } });
    const wang = await server.session();
    expect((await pullAs(wang.headers.authorization)).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await pullAs(fakeToken(i))).statusCode).toBe(401);
    expect((await pullAs(fakeToken(9))).statusCode).toBe(429);
    // The colleague's tablet on the same address, whose session worked a moment ago, carries on.
    expect((await pullAs(wang.headers.authorization)).statusCode).toBe(200);
    // A session not seen recently from anywhere waits like everyone else at that address.
    const zhao = await server.session();
    expect((await pullAs(zhao.headers.authorization)).statusCode).toBe(429);
  });

  it('[B2] the token is checked before any body is read, decompressed or parsed, on every guarded route', async () => {
    server = await startTestServer();
    const bad = { authorization: fakeToken(1) };
    // Not gzip at all: reading it would fail with 400; a made-up token hears 401 first.
    const push = await server.app.inject({ method: 'POST', url: '/api/sync/push', headers: { ...bad, 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload: 'not gzip' });
    expect(push.statusCode).toBe(401);
    // A type no route parses (415 once read), on a route in a scope of its own, and on an admin route.
    const put = await server.app.inject({ method: 'PUT', url: `/api/attachments/${'a'.repeat(64)}`, headers: { ...bad, 'content-type': 'text/plain' }, payload: 'x' });
    expect(put.statusCode).toBe(401);
    const admin = await server.app.inject({ method: 'POST', url: '/api/admin/users', headers: { 'content-type': 'application/json' }, payload: '{not json' });
    expect(admin.statusCode).toBe(401);
  });

  it('[B2] the limits keep a bounded number of keys: a flood of addresses evicts the oldest', async () => {
    server = await startTestServer({ config: { addressFailuresPerMinute: 2, rateLimitCacheSize: 3 } });
    for (let i = 0; i < 2; i++) await pullAs(fakeToken(i), '10.0.0.1');
    expect((await pullAs(fakeToken(3), '10.0.0.1')).statusCode).toBe(429);
    // Three more addresses fail once each: with room for three keys, the first address is forgotten.
    for (const a of ['10.0.0.2', '10.0.0.3', '10.0.0.4']) expect((await pullAs(fakeToken(4), a)).statusCode).toBe(401);
    expect((await pullAs(fakeToken(5), '10.0.0.1')).statusCode).toBe(401);
  });

  it('[B4] one password tried across many user names from one address is stopped; no password work once limited', async () => {
    server = await startTestServer({ config: { loginMaxFailures: 5, loginMaxFailuresPerAddress: 3 } });
    const { user } = await server.createUser({ username: 'zhou', password: 'zhou-secret-77' });
    for (const name of ['li', 'zhao', 'qian']) expect((await loginFrom(name, 'Password123')).statusCode).toBe(401);
    const limited = await loginFrom('sun', 'Password123');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    // Even the right password of a real account is not checked from that address until the window ends.
    expect((await loginFrom(user.username, 'zhou-secret-77')).statusCode).toBe(429);
    expect((await loginFrom(user.username, 'zhou-secret-77', '10.9.9.9')).statusCode).toBe(200);
    server.clock.advance(60_000);
    expect((await loginFrom(user.username, 'zhou-secret-77')).statusCode).toBe(200);
  });

  it('[B4] 200 failed logins from one address write a bounded number of audit rows, not 200', async () => {
    server = await startTestServer();
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await loginFrom(`user${i}`, 'guess-guess')).statusCode);
    const { loginMaxFailuresPerAddress } = server.config;
    expect(statuses.filter((s) => s === 401)).toHaveLength(loginMaxFailuresPerAddress);
    expect(statuses.filter((s) => s === 429)).toHaveLength(200 - loginMaxFailuresPerAddress);
    const audit = await server.store.listAudit({ limit: 1000 });
    expect(audit.filter((a) => a.action === 'login.failed')).toHaveLength(loginMaxFailuresPerAddress);
    // The moment the limit was reached is recorded once.
    expect(audit.filter((a) => a.action === 'login.rate_limited')).toHaveLength(1);
  });

  it('[B2] after authentication every request counts per account, not per address', async () => {
    server = await startTestServer({ config: { rateLimitPerMinute: 3 } });
    const wang = await server.session();
    const zhao = await server.session();
    for (let i = 0; i < 3; i++) expect((await pullAs(wang.headers.authorization)).statusCode).toBe(200);
    expect((await pullAs(wang.headers.authorization)).statusCode).toBe(429);
    // Same address, another account: its own budget.
    expect((await pullAs(zhao.headers.authorization)).statusCode).toBe(200);
  });
});
