import { rmSync } from 'node:fs';
import { startServerProcess, type ServerProcess } from '../../helpers/server-harness';
import { ANPING, ANPING_QINGHE, TEST_DIVISIONS } from '../../fixtures/areas';
import { RssMonitor } from './proc-rss';
import { fetchPolitely, rawLogin, type RawSession } from './raw-protocol';

/** Division codes (issue 10): 清河镇 of 安平县 in the test registry, loaded into every bench server. */
const BENCH_TOWNSHIP = ANPING_QINGHE;
const BENCH_COUNTY = ANPING;
const WORKER_PASSWORD = 'bench-password-1';

export interface BenchServer {
  url: string;
  process: ServerProcess;
  rss: RssMonitor;
  /** The administrator's session (creates the workers). */
  admin: RawSession;
  /** A worker of the bench township, created through the admin API. */
  createWorker(username: string): Promise<{ username: string; password: string }>;
  stop(): Promise<void>;
}

export interface BenchServerOptions {
  /** Extra environment for the server (DATABASE_URL, DATABASE_SCHEMA, STATIC_DIR, ...). */
  env?: Record<string, string | undefined>;
  /** Another server script answering the same requests (storm/floor-server.ts); default the real server. */
  entry?: string;
}

/**
 * Tidemark's real server (`sync-server/src/main.ts`) in a child process on loopback, with its
 * production configuration except cheap password hashing (SCRYPT_COST=1024: 200 logins in the storm
 * would otherwise measure scrypt, not sync). SQLite in a temp directory unless DATABASE_URL is given.
 */
export async function startBenchServer(options: BenchServerOptions = {}): Promise<BenchServer> {
  // Pushes past the cap wait for a slot as in production (PUSH_WAIT_SECONDS unset: the default), not shed at once as in tests.
  const proc = await startServerProcess({ env: { SCRYPT_COST: '1024', PUSH_WAIT_SECONDS: undefined, ...options.env }, timeoutMs: 60_000, entry: options.entry });
  const rss = new RssMonitor(proc.process.pid!);
  const admin = await rawLogin(proc.url, proc.adminUsername, proc.adminPassword);
  // Accounts name registered township codes (issue 10): load the test registry as the admin page would.
  const imported = await fetchPolitely(`${proc.url}/api/admin/divisions/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
    body: JSON.stringify({ csv: TEST_DIVISIONS.map(([code, name]) => `${code},${name}`).join('\n') }),
  });
  if (imported.status !== 200) throw new Error(`import divisions: ${imported.status} ${await imported.text()}`);
  return {
    url: proc.url,
    process: proc,
    rss,
    admin,
    async createWorker(username) {
      const res = await fetchPolitely(`${proc.url}/api/admin/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
        body: JSON.stringify({ username, password: WORKER_PASSWORD, role: 'worker', township: BENCH_TOWNSHIP, county: BENCH_COUNTY, displayName: username }),
      });
      if (res.status !== 201) throw new Error(`create user ${username}: ${res.status} ${await res.text()}`);
      return { username, password: WORKER_PASSWORD };
    },
    async stop() {
      rss.stop();
      await proc.kill('SIGTERM');
      rmSync(proc.dataDir, { recursive: true, force: true });
    },
  };
}
