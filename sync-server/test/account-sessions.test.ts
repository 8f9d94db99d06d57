import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli';
import { openSqliteStore } from '../src/store/sqlite-store';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';

/**
 * Issue 10 finding 7: "After a password change (admin API or `npm run user -- passwd`) the old token
 * keeps working for up to 12 h." Every session of the account ends at once, on every device, when its
 * password, role or area changes or it is disabled (SPEC A7); a display-name change ends none.
 */
describe.each<StoreKind>(['sqlite', 'postgres'])('account changes end sessions at once (%s)', (kind) => {
  let server: TestServer;
  let admin: TestSession;
  let wang: TestSession;
  let wangTablet2: TestSession;

  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    admin = await server.session({ username: 'root', role: 'admin' });
    wang = await server.session({ username: 'wang', password: 'old-secret-1' });
    wangTablet2 = await server.login('wang', 'old-secret-1');
  });
  afterEach(() => server.close());

  const pullCode = async (s: TestSession) => {
    const res = await server.pull(s);
    return res.statusCode === 200 ? 200 : (res.json().error.code as string);
  };

  it('[A1][A7] a password change by the administrator ends both tablets’ sessions; the new password logs in', async () => {
    expect(await pullCode(wang)).toBe(200);
    const res = await server.inject('POST', `/api/admin/users/${wang.user.id}/password`, { session: admin, body: { password: 'new-secret-1' } });
    expect(res.statusCode).toBe(200);
    expect(await pullCode(wang)).toBe('UNAUTHENTICATED');
    expect(await pullCode(wangTablet2)).toBe('UNAUTHENTICATED');
    expect(await pullCode(admin)).toBe(200); // only the changed account's sessions end
    const again = await server.login('wang', 'new-secret-1', wang.deviceId);
    expect(await pullCode(again)).toBe(200);
  });

  it('[A3][A7] disabling refuses every session at once, and enabling again does not bring the old token back', async () => {
    await server.inject('POST', `/api/admin/users/${wang.user.id}/disable`, { session: admin });
    expect(await pullCode(wang)).toBe('ACCOUNT_DISABLED');
    expect(await pullCode(wangTablet2)).toBe('ACCOUNT_DISABLED');
    await server.inject('POST', `/api/admin/users/${wang.user.id}/enable`, { session: admin });
    expect(await pullCode(wang)).toBe('UNAUTHENTICATED');
    expect(await pullCode(wangTablet2)).toBe('UNAUTHENTICATED');
    expect(await pullCode(await server.login('wang', 'old-secret-1'))).toBe(200);
  });
});

describe('npm run user -- passwd ends the sessions of a running server (sqlite, same file)', () => {
  let dataDir: string;
  let server: TestServer;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tidemark-cli-sessions-'));
    server = await startTestServer({ store: openSqliteStore({ file: join(dataDir, 'tidemark.sqlite') }) });
  });
  afterEach(async () => {
    await server.close();
    await server.store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('[A7] the old token is refused as soon as the command returns', async () => {
    const wang = await server.session({ username: 'wang', password: 'old-secret-1' });
    expect((await server.pull(wang)).statusCode).toBe(200);
    const io = { out: () => undefined, err: () => undefined };
    expect(await runCli(['passwd', '--username', 'wang', '--password', 'new-secret-1'], { DATA_DIR: dataDir, SCRYPT_COST: '1024' }, io)).toBe(0);
    expect((await server.pull(wang)).json().error.code).toBe('UNAUTHENTICATED');
    expect((await server.pull(await server.login('wang', 'new-secret-1'))).statusCode).toBe(200);
  });
});
