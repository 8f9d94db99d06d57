import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { startServer, type RunningServer } from '../src/main';
import { openStore } from '../src/store/open-store';

/**
 * Issue 11 §4's password policy holds for the first administrator too: a weak ADMIN_PASSWORD is refused
 * at start-up with a message naming the variable and the reason, and no account is made with it.
 */
describe('ensureAdmin and ADMIN_PASSWORD', () => {
  const dirs: string[] = [];
  let running: RunningServer | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const configWith = (env: Record<string, string>) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tidemark-admin-'));
    dirs.push(dataDir);
    return loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SCRYPT_COST: '1024', ...env });
  };

  it('refuses to start with a weak ADMIN_PASSWORD, says why, and creates no administrator', async () => {
    for (const [weak, reason] of [['password1', /password\.tooShort/], ['qwertyuiopasdf', /password\.(keyboard|common)/], ['admin-admin-admin', /password\./]] as const) {
      const config = configWith({ ADMIN_PASSWORD: weak });
      const lines: string[] = [];
      const err = await startServer(config, (l) => lines.push(l)).then(() => null, (e: unknown) => e as Error);
      expect(err, weak).toBeInstanceOf(Error);
      expect(err!.message).toMatch(/ADMIN_PASSWORD/);
      expect(err!.message).toMatch(reason);
      expect(err!.message).not.toContain(weak);
      expect(lines).toEqual([]);
      const store = await openStore(config);
      expect(await store.getUserByUsername('admin')).toBeNull();
      await store.close();
    }
  });

  it('starts with a strong ADMIN_PASSWORD and says to log in with it; unset, it prints a generated one', async () => {
    const strong = configWith({ ADMIN_PASSWORD: 'tide mark river 7 kettle orchard' });
    const lines: string[] = [];
    running = await startServer(strong, (l) => lines.push(l));
    expect(lines.join('\n')).toContain('Log in as "admin" with the password in ADMIN_PASSWORD');
    await running.close();
    running = null;

    const unset = configWith({});
    const printed: string[] = [];
    running = await startServer(unset, (l) => printed.push(l));
    expect(printed.join('\n')).toMatch(/Log in as "admin" with password: \S{16,}/);
  });

  it('does not refuse an existing installation whose ADMIN_PASSWORD is no longer used', async () => {
    const config = configWith({});
    running = await startServer(config, () => undefined);
    await running.close();
    running = null;
    const lines: string[] = [];
    running = await startServer({ ...config, adminPassword: 'password1' }, (l) => lines.push(l));
    expect(lines.join('\n')).toContain('Log in as "admin"');
  });
});
