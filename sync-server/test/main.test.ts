import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { startServer, type RunningServer } from '../src/main';

describe('main.ts', () => {
  const dirs: string[] = [];
  let running: RunningServer | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('reads its configuration from the environment, with the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', databaseUrl: null, adminUsername: 'admin', adminPassword: null, sessionHours: 12, offlineDays: 7 });
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.staticDir.endsWith('/dist')).toBe(true);
    expect(loadConfig({ PORT: '9000', SESSION_HOURS: '8', DATABASE_URL: 'postgres://x' })).toMatchObject({ port: 9000, sessionHours: 8, databaseUrl: 'postgres://x' });
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('creates the administrator on first start, prints a generated password once, and how to log in', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tidemark-main-'));
    dirs.push(dataDir);
    const config = { ...loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SCRYPT_COST: '1024' }) };
    const lines: string[] = [];
    running = await startServer(config, (l) => lines.push(l));
    expect(lines[0]).toMatch(/^Tidemark is running at http:\/\/localhost:\d+$/);
    const generated = /password: (\S+)$/.exec(lines.find((l) => l.includes('password:')) ?? '')?.[1];
    expect(generated).toBeTruthy();
    const port = new URL(lines[0]!.split(' at ')[1]!).port;
    const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: generated, deviceId: 'dev-browser-1' }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).user).toMatchObject({ role: 'admin', township: null });
    await running.close();

    const again: string[] = [];
    running = await startServer(config, (l) => again.push(l));
    expect(again.join('\n')).not.toContain(generated!);
    expect(again.join('\n')).toContain('Log in as "admin"');
  });
});
