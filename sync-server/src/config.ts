import { resolve } from 'node:path';
import { shippedAppVersion } from './app-version';

/** Everything the server reads from its environment (main.ts, cli.ts). Tests build it with `testConfig`. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Holds tidemark.sqlite when no DATABASE_URL is given. */
  dataDir: string;
  /** When set, the PostgreSQL store is used instead of SQLite. */
  databaseUrl: string | null;
  /** PostgreSQL schema holding the tables (DATABASE_SCHEMA, default public). */
  databaseSchema: string;
  pgPoolMax: number;
  adminUsername: string;
  /** Used only when the administrator account is first created; otherwise one is generated and printed once. */
  adminPassword: string | null;
  sessionHours: number;
  /** How long a tablet may work offline after an online login (sent in LoginResponse). */
  offlineDays: number;
  staticDir: string;
  /** Pushes applied at once before the server answers 503 OVERLOADED (SPEC E2). */
  maxPushesInFlight: number;
  /** Of those, at most this many for one account: one account cannot take every slot (SPEC B2). */
  maxPushesPerAccount: number;
  /**
   * A push past maxPushesInFlight waits its turn this long before 503 OVERLOADED (SPEC I3); 0: no waiting.
   * Issue 14: a reconnect storm is absorbed by queueing briefly, not shed.
   */
  pushWaitSeconds: number;
  /** …behind at most this many waiting pushes; one more hears 503 at once. */
  maxPushesWaiting: number;
  /** Requests per minute per account, counted after authentication, before 429 RATE_LIMITED (SPEC E2, E4). */
  rateLimitPerMinute: number;
  /**
   * 401 answers per client address and minute before every API request from it waits (SPEC E4). Only
   * failures count: the tablets of a township often share one NAT address.
   */
  addressFailuresPerMinute: number;
  /** Failed logins per address + user name within the window before 429; short on purpose: no long lock-outs. */
  loginMaxFailures: number;
  /** Failed logins per address across user names within the window: one password cannot be tried on every account. */
  loginMaxFailuresPerAddress: number;
  loginWindowSeconds: number;
  /** Keys each limit keeps (an LRU): memory stays bounded whatever a flood of addresses or names does. */
  rateLimitCacheSize: number;
  /** Client audit events per account and minute (routes/client-audit.ts). */
  clientAuditEventsPerMinute: number;
  /** Event-loop delay (ms) past which API requests hear 503 OVERLOADED on arrival; 0 turns it off. */
  overloadEventLoopDelayMs: number;
  /** Slow clients (SPEC E4): all request headers within this time… */
  headersTimeoutSeconds: number;
  /** …an idle keep-alive connection is closed after this… */
  keepAliveTimeoutSeconds: number;
  /** …a body must bring at least this many bytes per second, averaged over each window… */
  bodyMinBytesPerSecond: number;
  bodyRateWindowSeconds: number;
  /** …and a whole request is a backstop only (a 10 MiB photo over a slow link must get through). */
  requestTimeoutSeconds: number;
  overloadRetryAfterSeconds: number;
  /** scrypt cost parameter N for new password hashes (a power of two). */
  scryptCost: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (login limits are per address). */
  trustProxy: boolean;
  /** Fastify logger level, or false for no request log (the default: bodies are never logged either way). */
  logLevel: string | false;
  /** Tablet health (SPEC H5): a tablet holding records that has not synced for this many hours is listed first. */
  tabletStaleHours: number;
  /** Tablet health: storage used at or above this share of the quota is "near the quota". */
  tabletNearQuotaRatio: number;
  /** Tablet health: the app version the server ships; tablets below it are on an old version. */
  currentAppVersion: string;
}

export const DEFAULT_CONFIG: ServerConfig = {
  port: 8080,
  host: '0.0.0.0',
  dataDir: resolve('data'),
  databaseUrl: null,
  databaseSchema: 'public',
  pgPoolMax: 10,
  adminUsername: 'admin',
  adminPassword: null,
  sessionHours: 12,
  offlineDays: 7,
  staticDir: resolve('dist'),
  maxPushesInFlight: 8,
  maxPushesPerAccount: 2,
  pushWaitSeconds: 30,
  maxPushesWaiting: 500,
  rateLimitPerMinute: 600,
  addressFailuresPerMinute: 60,
  loginMaxFailures: 5,
  loginMaxFailuresPerAddress: 20,
  loginWindowSeconds: 60,
  rateLimitCacheSize: 10_000,
  clientAuditEventsPerMinute: 60,
  overloadEventLoopDelayMs: 1000,
  headersTimeoutSeconds: 20,
  keepAliveTimeoutSeconds: 10,
  bodyMinBytesPerSecond: 500,
  bodyRateWindowSeconds: 20,
  requestTimeoutSeconds: 3600,
  overloadRetryAfterSeconds: 5,
  scryptCost: 16384,
  trustProxy: false,
  logLevel: false,
  tabletStaleHours: 24,
  tabletNearQuotaRatio: 0.8,
  currentAppVersion: shippedAppVersion(),
};

function num(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

const text = (env: NodeJS.ProcessEnv, name: string): string | undefined => (env[name] === '' ? undefined : env[name]);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const d = DEFAULT_CONFIG;
  return {
    port: num(env, 'PORT', d.port),
    host: text(env, 'HOST') ?? d.host,
    dataDir: resolve(text(env, 'DATA_DIR') ?? 'data'),
    databaseUrl: text(env, 'DATABASE_URL') ?? null,
    databaseSchema: text(env, 'DATABASE_SCHEMA') ?? d.databaseSchema,
    pgPoolMax: num(env, 'PG_POOL_MAX', d.pgPoolMax, 1),
    adminUsername: text(env, 'ADMIN_USERNAME') ?? d.adminUsername,
    adminPassword: text(env, 'ADMIN_PASSWORD') ?? null,
    // SESSION_SECONDS, when set, wins: end-to-end tests need a session that expires within the test.
    sessionHours: env.SESSION_SECONDS ? num(env, 'SESSION_SECONDS', 0, 1) / 3600 : num(env, 'SESSION_HOURS', d.sessionHours, 0.01),
    offlineDays: num(env, 'OFFLINE_DAYS', d.offlineDays, 0),
    staticDir: resolve(text(env, 'STATIC_DIR') ?? 'dist'),
    maxPushesInFlight: num(env, 'MAX_PUSHES_IN_FLIGHT', d.maxPushesInFlight, 1),
    maxPushesPerAccount: num(env, 'MAX_PUSHES_PER_ACCOUNT', d.maxPushesPerAccount, 1),
    pushWaitSeconds: num(env, 'PUSH_WAIT_SECONDS', d.pushWaitSeconds, 0),
    maxPushesWaiting: num(env, 'MAX_PUSHES_WAITING', d.maxPushesWaiting, 0),
    rateLimitPerMinute: num(env, 'RATE_LIMIT_PER_MINUTE', d.rateLimitPerMinute, 1),
    addressFailuresPerMinute: num(env, 'ADDRESS_FAILURES_PER_MINUTE', d.addressFailuresPerMinute, 1),
    loginMaxFailures: num(env, 'LOGIN_MAX_FAILURES', d.loginMaxFailures, 1),
    loginMaxFailuresPerAddress: num(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', d.loginMaxFailuresPerAddress, 1),
    loginWindowSeconds: num(env, 'LOGIN_WINDOW_SECONDS', d.loginWindowSeconds, 1),
    rateLimitCacheSize: num(env, 'RATE_LIMIT_CACHE_SIZE', d.rateLimitCacheSize, 1),
    clientAuditEventsPerMinute: num(env, 'CLIENT_AUDIT_EVENTS_PER_MINUTE', d.clientAuditEventsPerMinute, 1),
    overloadEventLoopDelayMs: num(env, 'OVERLOAD_EVENT_LOOP_DELAY_MS', d.overloadEventLoopDelayMs, 0),
    headersTimeoutSeconds: num(env, 'HEADERS_TIMEOUT_SECONDS', d.headersTimeoutSeconds, 0.1),
    keepAliveTimeoutSeconds: num(env, 'KEEP_ALIVE_TIMEOUT_SECONDS', d.keepAliveTimeoutSeconds, 0.1),
    bodyMinBytesPerSecond: num(env, 'BODY_MIN_BYTES_PER_SECOND', d.bodyMinBytesPerSecond, 0),
    bodyRateWindowSeconds: num(env, 'BODY_RATE_WINDOW_SECONDS', d.bodyRateWindowSeconds, 0.1),
    requestTimeoutSeconds: num(env, 'REQUEST_TIMEOUT_SECONDS', d.requestTimeoutSeconds, 1),
    overloadRetryAfterSeconds: num(env, 'OVERLOAD_RETRY_AFTER_SECONDS', d.overloadRetryAfterSeconds, 1),
    scryptCost: num(env, 'SCRYPT_COST', d.scryptCost, 2),
    trustProxy: ['1', 'true', 'yes'].includes((text(env, 'TRUST_PROXY') ?? '').toLowerCase()),
    logLevel: text(env, 'LOG_LEVEL') ?? d.logLevel,
    tabletStaleHours: num(env, 'TABLET_STALE_HOURS', d.tabletStaleHours, 1 / 3600), // down to a second: end-to-end tests
    tabletNearQuotaRatio: d.tabletNearQuotaRatio,
    currentAppVersion: text(env, 'CURRENT_APP_VERSION') ?? d.currentAppVersion,
  };
}
