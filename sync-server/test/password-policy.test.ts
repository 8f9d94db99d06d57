import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { ANPING, ANPING_QINGHE } from '../../test/fixtures/areas';

/** Issue 11 §4: `aaaaaaaa` and `12345678` were accepted as passwords by the admin API. */
describe('password policy on the admin API', () => {
  let server: TestServer;
  let admin: TestSession;
  beforeEach(async () => {
    server = await startTestServer();
    admin = await server.session({ username: 'root', role: 'admin' });
  });
  afterEach(() => server.close());

  const create = (username: string, password: string) =>
    server.inject('POST', '/api/admin/users', { session: admin, body: { username, password, role: 'worker', township: ANPING_QINGHE, county: ANPING } });

  it('refuses short, common, keyboard and repeated passwords with the reason; accepts a passphrase', async () => {
    const cases: [string, string][] = [
      ['aaaaaaaa', 'password.tooShort'],
      ['12345678', 'password.tooShort'],
      ['1234567890', 'password.common'],
      ['qwertyuiop', 'password.common'],
      ['zxcvbnm,./', 'password.keyboard'],
      ['aaaaaaaaaaaa', 'password.repeated'],
    ];
    for (const [password, message] of cases) {
      const res = await create('zhang', password);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ path: 'password', message }] } });
    }
    expect(await server.store.getUserByUsername('zhang')).toBeNull();
    expect((await create('zhang', 'qinghe-river-2026')).statusCode).toBe(201);
  });

  it('applies the same rule when an administrator sets a password', async () => {
    const { user } = await server.createUser({ username: 'wang' });
    const set = (password: string) => server.inject('POST', `/api/admin/users/${user.id}/password`, { session: admin, body: { password } });
    expect((await set('12345678')).json().error.details.issues).toEqual([{ path: 'password', message: 'password.tooShort' }]);
    expect((await set('password123')).json().error.details.issues).toEqual([{ path: 'password', message: 'password.common' }]);
    expect((await set('liulin-hills-88')).statusCode).toBe(200);
  });
});
