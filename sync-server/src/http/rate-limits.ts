import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { bearerToken, hashToken } from '../auth/tokens';
import { retryLater } from '../errors';
import { clockedRateStore } from './clocked-rate-store';

/** One limit: a fixed window per key, through @fastify/rate-limit's `createRateLimit`. */
interface Limiter {
  /** Seconds to wait when the key has used its budget already; null when it may go on. Counts nothing. */
  blockedFor(request: FastifyRequest): Promise<number | null>;
  /** Whether the key was counted within the current window. Counts nothing. */
  seen(request: FastifyRequest): Promise<boolean>;
  /** Counts one; `over` when this one went past the budget, `reached` when it used the last of it. */
  hit(request: FastifyRequest): Promise<{ over: boolean; reached: boolean; retryAfter: number }>;
}

/**
 * The server's limits (issue 11 §2, SPEC E2, E4). Before authentication only failures count, per
 * address: the tablets of a township often share one NAT address, and their good requests must not use
 * up each other's budget. After authentication, every request counts, per account.
 */
export interface Limits {
  /** 401 answers per client address: made-up tokens, unknown sessions, wrong passwords. */
  addressFailures: Limiter;
  /** Every authenticated request, per account. */
  account: Limiter;
  /** Failed logins per address and user name (a typo must not lock a worker out for long). */
  loginPerName: Limiter;
  /** Failed logins per address across user names: one password cannot be tried on every account. */
  loginPerAddress: Limiter;
  /** Client audit events per account (routes/client-audit.ts). */
  auditEvents: Limiter;
  /**
   * Sessions that authenticated recently (keyed by the token's hash; counted by http/auth-first.ts):
   * they pass an address that is over its failure limit, so one bad client behind a township's NAT
   * does not lock out its colleagues' tablets. A made-up token is never in it.
   */
  recentSessions: Limiter;
}

/** The client address as the plugin keys it (an IPv6 client by its /64, so one host cannot rotate). */
const addressOf = (request: FastifyRequest): string => normalizeIP(request.ip);

const tokenKey = (request: FastifyRequest): string => {
  const token = bearerToken(request.headers.authorization);
  return token ? `s:${hashToken(token)}` : '';
};

/** Set by the login route before it calls the limiters: `address|lowercased user name`. */
const LOGIN_NAME = Symbol('tidemark.loginName');
type WithLoginName = FastifyRequest & { [LOGIN_NAME]?: string };
export const setLoginName = (request: FastifyRequest, username: string): void => void ((request as WithLoginName)[LOGIN_NAME] = username.toLowerCase());

export async function installRateLimits(app: FastifyInstance, ctx: AppContext): Promise<Limits> {
  const c = ctx.config;
  await app.register(rateLimit, {
    global: false,
    store: clockedRateStore(() => ctx.clock().getTime(), c.rateLimitCacheSize),
  });
  const limiter = (max: number, windowMs: number, key: (request: FastifyRequest) => string): Limiter => {
    const check = app.createRateLimit({ max, timeWindow: windowMs, keyGenerator: key });
    return {
      async blockedFor(request) {
        const r = await check(request, { increment: false });
        if (r.isAllowed || r.remaining > 0) return null;
        return Math.max(1, r.ttlInSeconds);
      },
      async seen(request) {
        const r = await check(request, { increment: false });
        return !r.isAllowed && r.remaining < r.max;
      },
      async hit(request) {
        const r = await check(request);
        if (r.isAllowed) return { over: false, reached: false, retryAfter: 0 };
        return { over: r.isExceeded, reached: !r.isExceeded && r.remaining === 0, retryAfter: Math.max(1, r.ttlInSeconds) };
      },
    };
  };
  const loginWindow = c.loginWindowSeconds * 1000;
  const limits: Limits = {
    addressFailures: limiter(c.addressFailuresPerMinute, 60_000, addressOf),
    account: limiter(c.rateLimitPerMinute, 60_000, (r) => `a:${r.auth?.user.id ?? addressOf(r)}`),
    loginPerName: limiter(c.loginMaxFailures, loginWindow, (r) => `${addressOf(r)}|${(r as WithLoginName)[LOGIN_NAME] ?? ''}`),
    loginPerAddress: limiter(c.loginMaxFailuresPerAddress, loginWindow, addressOf),
    auditEvents: limiter(c.clientAuditEventsPerMinute, 60_000, (r) => `a:${r.auth?.user.id ?? addressOf(r)}`),
    // "Seen within the last 10 minutes": the budget is never used up, only the window matters.
    recentSessions: limiter(Number.MAX_SAFE_INTEGER, 10 * 60_000, tokenKey),
  };

  // Checked on arrival, before any session look-up or body: an address that keeps failing waits.
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/health')) return;
    const wait = await limits.addressFailures.blockedFor(request);
    if (wait !== null && !(tokenKey(request) && (await limits.recentSessions.seen(request)))) throw retryLater('RATE_LIMITED', wait);
  });
  // Counted once answered: a 401 is a failure whatever caused it; a good request costs nothing.
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode === 401) await limits.addressFailures.hit(request);
  });
  return limits;
}
