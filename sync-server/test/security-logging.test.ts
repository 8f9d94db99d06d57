import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/shared/protocol/version';
import { startServerProcess, type ServerProcess } from '../../test/helpers/server-harness';
import { change, householdFields, newId } from './fixtures';
import { ANPING, ANPING_QINGHE } from '../../test/fixtures/areas';

/**
 * Issue 6 §6, privacy.md §6: the server never logs request bodies (nor query strings), even with its
 * request log on. The real server process, LOG_LEVEL=info, its whole output read back. (Made-up values.)
 */
const PLANTED_ID = '11010519491231002X';
const PLANTED_NAME = '欧阳明月';
const PASSWORD = 'worker-pass-123';

describe('the request log', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ env: { LOG_LEVEL: 'info' } });
  });
  afterAll(() => server?.cleanup());

  async function call(method: string, path: string, body?: unknown, token?: string, extra: Record<string, string> = {}) {
    const res = await fetch(server.url + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, any> };
  }

  it('shows method, path and status, never a body, a password or a query string', async () => {
    const admin = await call('POST', '/api/auth/login', { username: server.adminUsername, password: server.adminPassword, deviceId: 'dev-admin-0001' });
    expect(admin.status).toBe(200);
    const created = await call('POST', '/api/admin/users', { username: 'wangfang', password: PASSWORD, role: 'worker', township: ANPING_QINGHE, county: ANPING, displayName: PLANTED_NAME }, admin.json.token);
    expect(created.status).toBe(201);
    // A failed login with the ID number as the password, then a real one.
    expect((await call('POST', '/api/auth/login', { username: 'wangfang', password: PLANTED_ID, deviceId: 'dev-tablet-0001' })).status).toBe(401);
    const worker = await call('POST', '/api/auth/login', { username: 'wangfang', password: PASSWORD, deviceId: 'dev-tablet-0001' });
    const hhId = newId();
    const push = await call(
      'POST', '/api/sync/push',
      { protocol: PROTOCOL_VERSION, deviceId: 'dev-tablet-0001', changes: [change(1, hhId, householdFields(hhId, { head: { name: PLANTED_NAME, idNumber: PLANTED_ID } }))] },
      worker.json.token, { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    );
    expect(push.json.results[0].status).toBe('applied');
    // A malformed body and a refused one (the values in them must not surface in an error log either).
    expect((await call('POST', '/api/sync/push', `{"deviceId":"${PLANTED_ID}",`, worker.json.token)).status).toBe(400);
    expect((await call('POST', '/api/admin/users', { username: PLANTED_ID, password: PLANTED_NAME }, worker.json.token)).status).toBe(403);
    // A query string with a value in it.
    expect((await call('GET', `/api/admin/audit?recordId=${PLANTED_ID}`, undefined, admin.json.token)).status).toBe(200);

    // pino writes asynchronously: wait until the last request's line is out.
    const deadline = Date.now() + 10_000;
    while (!server.output().includes('/api/admin/audit') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const out = server.output();
    expect(out).toContain('/api/sync/push'); // the log is on
    expect(out).toContain('"statusCode":403');
    for (const value of [PLANTED_ID, PLANTED_NAME, encodeURIComponent(PLANTED_NAME), PASSWORD, server.adminPassword, 'recordId=', worker.json.token, admin.json.token]) {
      expect(out, value).not.toContain(value);
    }
  });
});
