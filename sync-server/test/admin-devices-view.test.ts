import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminDevicesResponseSchema } from '../../src/shared/protocol/admin/devices';
import { PROTOCOL_VERSION } from '../../src/shared/protocol/version';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';

/**
 * The devices page names the physical tablet (`tabletId`, SPEC A4) beside the client id, and the
 * account's name; the answer is the shared wire schema (src/shared/protocol/admin/devices.ts). Both stores.
 */
describe.each<StoreKind>(['sqlite', 'postgres'])('GET /api/admin/devices (%s)', (kind) => {
  let server: TestServer;
  let admin: TestSession;
  beforeAll(async () => {
    server = await startTestServer({ store: kind });
    admin = await server.session({ username: 'root', role: 'admin' });
    await server.createUser({ username: 'wang-fang', displayName: '王芳', password: 'river kettle orchard 77' });
  });
  afterAll(() => server.close());

  it('[A4] lists each client id with its tablet id, the account’s user name and name', async () => {
    const login = await server.app.inject({
      method: 'POST', url: '/api/auth/login',
      payload: { username: 'wang-fang', password: 'river kettle orchard 77', deviceId: 'client-wang-1', tabletId: 'TAB-0042', protocol: PROTOCOL_VERSION },
    });
    expect(login.statusCode).toBe(200);
    const res = await server.inject('GET', '/api/admin/devices', { session: admin });
    expect(res.statusCode).toBe(200);
    const { devices } = adminDevicesResponseSchema.parse(res.json());
    expect(devices.find((d) => d.id === 'client-wang-1')).toMatchObject({ tabletId: 'TAB-0042', username: 'wang-fang', displayName: '王芳', revoked: false });
    // A client id whose login sent no tablet id says so with null, not a missing field.
    expect(devices.find((d) => d.id === admin.deviceId)).toMatchObject({ tabletId: null, displayName: admin.user.displayName });
    const revoked = await server.inject('POST', '/api/admin/devices/client-wang-1/revoke', { session: admin, body: {} });
    expect(revoked.json().device).toMatchObject({ id: 'client-wang-1', tabletId: 'TAB-0042', displayName: '王芳', revoked: true });
  });
});
