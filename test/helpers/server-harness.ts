/**
 * Starting a Tidemark sync server in tests: in process (buildApp + app.inject, or listening on a free
 * port) on a temp SQLite file or a fresh PostgreSQL schema, or as a real child process.
 * Time is a TestClock the test moves; nothing here sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import type { Change, LoginResponse, Role } from '../../src/shared/protocol/messages';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/shared/protocol/version';
import { buildApp } from '../../sync-server/src/app';
import { createUser } from '../../sync-server/src/auth/create-user';
import { DEFAULT_CONFIG, type ServerConfig } from '../../sync-server/src/config';
import { createContext } from '../../sync-server/src/context';
import { SQLITE_FILE_NAME } from '../../sync-server/src/store/open-store';
import { openPostgresStore } from '../../sync-server/src/store/postgres-store';
import { openSqliteStore } from '../../sync-server/src/store/sqlite-store';
import type { Store, UserRow } from '../../sync-server/src/store/store';
import { ANPING, ANPING_QINGHE, seedTestRegistry } from '../fixtures/areas';
import { SERVER_NODE_FLAGS } from './server-node-flags';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

// ---------------------------------------------------------------- time

export interface TestClock {
  /** Pass this as the server's clock. */
  readonly now: () => Date;
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function testClock(start: Date | string = '2026-06-20T08:00:00.000Z'): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (at) => {
      t = new Date(at).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

// ---------------------------------------------------------------- stores

export type StoreKind = 'sqlite' | 'postgres';

export interface TempStore {
  store: Store;
  kind: StoreKind;
  /** The SQLite file, or the PostgreSQL schema. */
  location: string;
  /** Closes the store (its overlays first) and deletes its file or schema. */
  cleanup(): Promise<void>;
  /**
   * A store that is `store` with some methods replaced by the test (a gate, a counter of calls). Cleanup closes
   * it before `store`: a server given the overlay keeps its dashboard counter on the overlay (counterOf is per
   * store object), and only closing the overlay stops that counter before the connection closes.
   */
  overlay(): Store;
}

function withOverlays(temp: Omit<TempStore, 'overlay'>): TempStore {
  const overlays: Store[] = [];
  return {
    ...temp,
    overlay: () => {
      const view = Object.create(temp.store) as Store;
      view.close = () => temp.store.close();
      overlays.push(view);
      return view;
    },
    cleanup: async () => {
      for (const o of overlays) await o.close().catch(() => undefined);
      await temp.cleanup();
    },
  };
}

/** The PostgreSQL the global setup provides. Throws (never skips) when there is none. */
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: is test/helpers/postgres-global-setup.ts the globalSetup of this project?');
  return url;
}

/** A fresh schema name, so test files sharing one PostgreSQL never see each other's rows. */
export function freshSchemaName(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** A new, migrated store on a temp SQLite file or in a fresh PostgreSQL schema. */
export async function createTempStore(kind: StoreKind = 'sqlite', now?: () => Date): Promise<TempStore> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tidemark-test-'));
    const file = join(dir, 'tidemark.sqlite');
    const store = openSqliteStore({ file, now });
    return withOverlays({
      store, kind, location: file,
      cleanup: async () => {
        await store.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    });
  }
  const schema = freshSchemaName();
  const store = await openPostgresStore({ connectionString: databaseUrl(), schema, poolMax: 4, now });
  return withOverlays({
    store, kind, location: schema,
    cleanup: async () => {
      await store.close().catch(() => undefined);
      await dropSchema(schema);
    },
  });
}

// ---------------------------------------------------------------- in-process server

/** Defaults for tests: cheap password hashing, no static files, limits out of the way unless a test sets them. */
const TEST_CONFIG: Partial<ServerConfig> = {
  scryptCost: 1024,
  staticDir: join(tmpdir(), 'tidemark-no-static-dir'),
  rateLimitPerMinute: 1_000_000,
  // Shedding on event-loop delay depends on the machine's load, not on the test: off (the bench keeps it).
  overloadEventLoopDelayMs: 0,
  // Waiting for a push slot (SPEC I3): off unless a test sets it, so a push past the cap hears 503 at once
  // (a test that holds a push at a gate would otherwise hold every push behind it).
  pushWaitSeconds: 0,
  logLevel: false,
};

export interface NewTestUser {
  username?: string;
  password?: string;
  role?: Role;
  township?: string | null;
  county?: string | null;
  displayName?: string;
}

/** A logged-in account on one device, with ready-made headers. */
export interface TestSession extends LoginResponse {
  deviceId: string;
  password: string;
  headers: { authorization: string };
}

interface InjectOptions {
  session?: TestSession | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestServer {
  app: FastifyInstance;
  store: Store;
  clock: TestClock;
  config: ServerConfig;
  /** Set when started with `listen: true`. */
  url: string | null;
  /** Creates an account directly in the store (password 'password-1' unless given); areas are codes, not checked. */
  createUser(u?: NewTestUser): Promise<{ user: UserRow; password: string }>;
  /** POST /api/auth/login; throws unless 200. */
  login(username: string, password: string, deviceId?: string): Promise<TestSession>;
  /** createUser + login: a worker of 清河镇 in 安平县 (codes ANPING_QINGHE, ANPING) unless told otherwise. */
  session(u?: NewTestUser & { deviceId?: string }): Promise<TestSession>;
  /** app.inject with JSON body and the session's bearer token. */
  inject(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, options?: InjectOptions): Promise<LightMyRequestResponse>;
  /** POST /api/sync/push of `changes` (protocol 2) from the session's device. */
  push(session: TestSession, changes: Change[]): Promise<LightMyRequestResponse>;
  /** GET /api/sync/pull with the protocol header. */
  pull(session: TestSession, since?: number, limit?: number): Promise<LightMyRequestResponse>;
  /** Closes the app, then the store (and deletes a temp store). */
  close(): Promise<void>;
}

export interface StartTestServerOptions {
  /** A kind of temp store to create (default sqlite), or a store the test owns (not closed by close()). */
  store?: StoreKind | Store;
  config?: Partial<ServerConfig>;
  clock?: TestClock;
  /** Listen on 127.0.0.1 at a free port (for real fetch clients). */
  listen?: boolean;
}

let userCounter = 0;

export async function startTestServer(options: StartTestServerOptions = {}): Promise<TestServer> {
  const clock = options.clock ?? testClock();
  const temp = typeof options.store === 'object' ? null : await createTempStore(options.store ?? 'sqlite', clock.now);
  const store = temp ? temp.store : (options.store as Store);
  const config: ServerConfig = { ...DEFAULT_CONFIG, ...TEST_CONFIG, ...options.config };
  // Areas are division codes (issue 10): every test server knows the small registry of test/fixtures/areas.ts.
  await seedTestRegistry(store);
  const app = await buildApp({ store, clock: clock.now, config });
  let url: string | null = null;
  if (options.listen) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }
  const ctx = createContext({ store, clock: clock.now, config });

  const server: TestServer = {
    app, store, clock, config, url,
    async createUser(u = {}) {
      const password = u.password ?? 'password-1';
      const role = u.role ?? 'worker';
      const user = await createUser(ctx, {
        username: u.username ?? `user${++userCounter}_${randomBytes(3).toString('hex')}`,
        password,
        role,
        township: u.township !== undefined ? u.township : role === 'admin' ? null : ANPING_QINGHE,
        county: u.county !== undefined ? u.county : role === 'admin' ? null : ANPING,
        displayName: u.displayName,
      });
      return { user, password };
    },
    async login(username, password, deviceId = `dev-${randomUUID()}`) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, deviceId } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const body = res.json() as LoginResponse;
      return { ...body, deviceId, password, headers: { authorization: `Bearer ${body.token}` } };
    },
    async session(u = {}) {
      const { user, password } = await server.createUser(u);
      return server.login(user.username, password, u.deviceId);
    },
    inject(method, url, o = {}) {
      return app.inject({
        method,
        url,
        headers: { ...(o.session ? o.session.headers : {}), ...o.headers },
        ...(o.body !== undefined ? { payload: o.body as object } : {}),
      });
    },
    push(session, changes) {
      return server.inject('POST', '/api/sync/push', { session, body: { protocol: PROTOCOL_VERSION, deviceId: session.deviceId, changes } });
    },
    pull(session, since = 0, limit) {
      const q = `since=${since}${limit !== undefined ? `&limit=${limit}` : ''}`;
      return server.inject('GET', `/api/sync/pull?${q}`, { session, headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) } });
    },
    async close() {
      await app.close();
      if (temp) await temp.cleanup();
    },
  };
  return server;
}

// ---------------------------------------------------------------- child process

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  port: number;
  dataDir: string;
  adminUsername: string;
  adminPassword: string;
  process: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  /** Sends the signal and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Kills the process if it still runs and deletes the data directory if this harness created it. */
  cleanup(): Promise<void>;
}

export interface StartServerProcessOptions {
  /** Reuse a data directory (a restart); default: a new temp directory. */
  dataDir?: string;
  port?: number;
  /** Extra environment. DATABASE_URL is not inherited: the child uses SQLite unless this sets it. */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** The script to run instead of `sync-server/src/main.ts`, relative to the repository (the bench's storm floor). */
  entry?: string;
}

/**
 * Runs `sync-server/src/main.ts` in a child process. It is started as `node --import tsx main.ts`
 * rather than the `tsx` binary because that binary runs the script in a grandchild: a SIGKILL would hit
 * tsx and leave the real server running.
 */
export async function startServerProcess(options: StartServerProcessOptions = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tidemark-proc-'));
  const port = options.port ?? (await freePort());
  const adminUsername = 'admin';
  const adminPassword = 'admin-password-1';
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: undefined,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_USERNAME: adminUsername,
    ADMIN_PASSWORD: adminPassword,
    STATIC_DIR: join(dataDir, 'no-static'),
    SCRYPT_COST: '1024',
    OVERLOAD_EVENT_LOOP_DELAY_MS: '0',
    PUSH_WAIT_SECONDS: '0', // as in TEST_CONFIG; the bench's server waits as in production (tidemark-server.ts)
    ...options.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  // Areas are division codes checked against the registry (issue 10): the process's store starts with
  // the test registry, as startTestServer's does (codes already there are left alone on a restart).
  mkdirSync(dataDir, { recursive: true });
  const seeded = env.DATABASE_URL
    ? await openPostgresStore({ connectionString: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, poolMax: 1 })
    : openSqliteStore({ file: join(dataDir, SQLITE_FILE_NAME) });
  try {
    await seedTestRegistry(seeded);
  } finally {
    await seeded.close();
  }
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', options.entry ?? 'sync-server/src/main.ts'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${options.timeoutMs ?? 60_000} ms:\n${output}`)), options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Tidemark is running at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before starting:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port, dataDir, adminUsername, adminPassword,
    process: child,
    output: () => output,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    async cleanup() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
