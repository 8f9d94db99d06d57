import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli';
import { verifyPassword } from '../src/auth/password';
import { openSqliteStore } from '../src/store/sqlite-store';
import { ANPING, ANPING_LIULIN, ANPING_QINGHE, seedTestRegistry } from '../../test/fixtures/areas';

describe('npm run user (cli.ts)', () => {
  let dataDir: string;
  let out: string[];
  let err: string[];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  const env = () => ({ DATA_DIR: dataDir, SCRYPT_COST: '1024' });
  const run = (...argv: string[]) => runCli(argv, env(), io);
  const user = async (username: string) => {
    const store = openSqliteStore({ file: join(dataDir, 'tidemark.sqlite') });
    try {
      return await store.getUserByUsername(username);
    } finally {
      await store.close();
    }
  };

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tidemark-cli-'));
    out = [];
    err = [];
    // Areas are division codes checked against the registry (issue 10): the test registry is loaded first.
    const store = openSqliteStore({ file: join(dataDir, 'tidemark.sqlite') });
    try {
      await seedTestRegistry(store);
    } finally {
      await store.close();
    }
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('adds a worker into DATA_DIR (created and migrated on first use) and lists it', async () => {
    expect(await run('add', '--username', 'wang', '--password', 'qinghe-river-2026', '--role', 'worker', '--township', ANPING_QINGHE, '--county', ANPING, '--display-name', '王芳')).toBe(0);
    expect(out).toEqual([`Created worker wang (${ANPING_QINGHE}).`]);
    const wang = await user('wang');
    expect(wang).toMatchObject({ role: 'worker', township: ANPING_QINGHE, county: ANPING, displayName: '王芳', disabled: false });
    expect(await verifyPassword('qinghe-river-2026', wang!.passwordHash)).toBe(true);
    out = [];
    expect(await run('list')).toBe(0);
    expect(out).toEqual([`wang\tworker\t${ANPING_QINGHE}\t${ANPING}\t王芳\tactive`]);
  });

  it('disables, enables and changes a password', async () => {
    await run('add', '--username', 'wang', '--password', 'qinghe-river-2026', '--township', ANPING_QINGHE);
    expect(await run('disable', '--username', 'wang')).toBe(0);
    expect((await user('wang'))?.disabled).toBe(true);
    expect(await run('enable', '--username', 'wang')).toBe(0);
    expect((await user('wang'))?.disabled).toBe(false);
    expect(await run('passwd', '--username', 'wang', '--password', 'liulin-hills-88')).toBe(0);
    expect(await verifyPassword('liulin-hills-88', (await user('wang'))!.passwordHash)).toBe(true);
  });

  it('[A7] sets role, area and display name (issue 10 §7), audited without names, and keeps one administrator', async () => {
    await run('add', '--username', 'wang', '--password', 'qinghe-river-2026', '--township', ANPING_QINGHE, '--county', ANPING, '--display-name', '王芳');
    await run('add', '--username', 'root', '--password', 'qinghe-river-2026', '--role', 'admin');
    out = [];
    expect(await run('set', '--username', 'wang', '--township', ANPING_LIULIN, '--display-name', '王芳芳')).toBe(0);
    expect(out).toEqual([`wang: worker ${ANPING_LIULIN} ${ANPING} 王芳芳`]);
    expect(await user('wang')).toMatchObject({ role: 'worker', township: ANPING_LIULIN, county: ANPING, displayName: '王芳芳' });
    expect(await run('set', '--username', 'wang', '--role', 'supervisor', '--township', '')).toBe(0);
    expect(await user('wang')).toMatchObject({ role: 'supervisor', township: null, county: ANPING });
    // A worker needs a township: refused, nothing written.
    expect(await run('set', '--username', 'wang', '--role', 'worker')).toBe(1);
    expect(err.at(-1)).toBe('--township: required');
    expect((await user('wang'))?.role).toBe('supervisor');
    // The only administrator stays one.
    expect(await run('set', '--username', 'root', '--role', 'worker', '--township', ANPING_QINGHE)).toBe(1);
    expect(err.at(-1)).toContain('LAST_ADMIN');
    expect(await run('disable', '--username', 'root')).toBe(1);
    expect((await user('root'))).toMatchObject({ role: 'admin', disabled: false });

    const store = openSqliteStore({ file: join(dataDir, 'tidemark.sqlite') });
    try {
      const audit = await store.listAudit({ action: 'user.update', limit: 10 });
      expect(audit.map((a) => a.detail)).toEqual([
        { fields: ['role', 'township'], endedSessions: 0, role: { from: 'worker', to: 'supervisor' }, township: { from: ANPING_LIULIN, to: null }, by: 'cli' },
        { fields: ['displayName', 'township'], endedSessions: 0, township: { from: ANPING_QINGHE, to: ANPING_LIULIN }, by: 'cli' },
      ]);
      expect(JSON.stringify(audit)).not.toContain('王芳');
      expect((await store.listAccountAreas((await store.getUserByUsername('wang'))!.id)).map((a) => [a.role, a.township])).toEqual([
        ['worker', ANPING_QINGHE], ['worker', ANPING_LIULIN], ['supervisor', null],
      ]);
    } finally {
      await store.close();
    }
  });

  it('explains its mistakes with a non-zero exit code', async () => {
    expect(await run('frobnicate')).toBe(2);
    expect(err.join('\n')).toContain('Usage: npm run user');
    expect(await run('add', '--username', 'wang', '--password', 'short', '--township', ANPING_QINGHE)).toBe(2);
    expect(err.join('\n')).toContain('--password: password.tooShort');
    // Issue 11 §4: a long but common or keyboard password is refused too, saying why.
    for (const [pw, why] of <[string, string][]>[['1234567890', 'password.common — a common password'], ['qwertyuiop', 'password.common'], ['zxcvbnm,./', 'password.keyboard — a keyboard pattern']]) {
      err.length = 0;
      expect(await run('add', '--username', 'wang', '--password', pw, '--township', ANPING_QINGHE)).toBe(2);
      expect(err.join('\n')).toContain(`--password: ${why}`);
    }
    // A worker without a township: refused by the registry check (issue 10), exit 1 since it is no longer a zod shape check.
    err.length = 0;
    expect(await run('add', '--username', 'wang', '--password', 'qinghe-river-2026')).toBe(1);
    expect(err.at(-1)).toBe('--township: required');
    expect(await run('disable', '--username', 'nobody')).toBe(1);
    await run('add', '--username', 'wang', '--password', 'qinghe-river-2026', '--township', ANPING_QINGHE);
    expect(await run('add', '--username', 'wang', '--password', 'qinghe-river-2026', '--township', ANPING_QINGHE)).toBe(1);
    expect(err.at(-1)).toBe('User wang already exists.');
  });

  it('refuses a township or county given by name, or one the registry does not have (issue 10)', async () => {
    expect(await run('add', '--username', 'wang', '--password', 'qinghe-river-2026', '--township', '清河镇', '--county', '安平县')).toBe(1);
    expect(err.at(-1)).toBe('--township: area.unknownCode');
    expect(await run('add', '--username', 'li', '--password', 'qinghe-river-2026', '--role', 'supervisor', '--county', ANPING_QINGHE)).toBe(1);
    expect(err.at(-1)).toBe('--county: area.notAnActiveCounty');
    expect(await user('wang')).toBeNull();
    expect(await user('li')).toBeNull();
    await run('add', '--username', 'wang', '--password', 'qinghe-river-2026', '--township', ANPING_QINGHE);
    expect(await user('wang')).toMatchObject({ township: ANPING_QINGHE, county: ANPING });
    expect(await run('set', '--username', 'wang', '--township', '柳林乡')).toBe(1);
    expect(err.at(-1)).toBe('--township: area.unknownCode');
    expect((await user('wang'))?.township).toBe(ANPING_QINGHE);
  });
});
