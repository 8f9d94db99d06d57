import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVER_NODE_FLAGS } from '../../helpers/server-node-flags';

const ROOT = resolve(import.meta.dirname, '../../..');

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  adminPassword: string;
  output: () => string;
  /** SIGKILL (crash) or SIGTERM (graceful). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts again on the same port and data directory. */
  restart(): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * The real server as a child process (`tsx sync-server/src/main.ts`), serving the built app from dist/
 * on an embedded SQLite file in a temp directory — what `npm start` runs, minus the build.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tidemark-e2e-'));
  const port = await freePort();
  const adminPassword = 'admin-e2e-pass-1';
  let child: ChildProcess | null = null;
  let log = '';

  const launch = async () => {
    child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'sync-server/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: '',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ADMIN_PASSWORD: adminPassword,
        STATIC_DIR: join(ROOT, 'dist'),
        // Shedding on event-loop delay follows the machine's load, not the test (the bench keeps it on).
        OVERLOAD_EVENT_LOOP_DELAY_MS: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => (log += String(d)));
    child.stderr?.on('data', (d) => (log += String(d)));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (r.ok) return;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const c = child as ChildProcess | null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((ok) => {
      c.once('exit', () => ok());
      c.kill(signal);
    });
  };

  await launch();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    adminPassword,
    output: () => log,
    stop,
    restart: launch,
    cleanup: async () => {
      await stop('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
