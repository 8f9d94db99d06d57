import type { LoginRequest, LoginResponse } from '../../../src/shared/protocol/messages';
import type { AppContext } from '../context';
import { appError, retryLater } from '../errors';
import { dummyHash, verifyPassword } from './password';
import { sessionUserWithNames } from './public-user';
import { hashToken, newToken } from './tokens';

/** Expired sessions are kept this long so a late tablet hears SESSION_EXPIRED rather than UNAUTHENTICATED. */
const KEEP_EXPIRED_SESSIONS_MS = 30 * 86_400_000;

/**
 * The failed-login limits of this attempt (http/rate-limits.ts): per address and user name, and per
 * address across user names. `failed` counts one failure and says whether a limit was just used up.
 */
export interface LoginAttempts {
  blockedFor(): Promise<number | null>;
  failed(): Promise<{ limitReached: boolean }>;
}

/**
 * Online login (SPEC A1, E4). Unknown user and wrong password give the same answer after the same work;
 * a disabled account or revoked device is named only after the password was right.
 * The limits are asked first: a refused attempt costs no scrypt, no look-up and no audit row, so a flood
 * of guesses writes one `login.rate_limited` entry per window rather than one row per guess.
 */
export async function login(ctx: AppContext, body: LoginRequest, attempts: LoginAttempts): Promise<LoginResponse> {
  const now = ctx.clock();
  const at = now.toISOString();
  const audit = (action: string, userId: string | null, township: string | null, detail: Record<string, unknown>) =>
    ctx.store.appendAudit({ at, userId, deviceId: body.deviceId, township, action, detail });

  const wait = await attempts.blockedFor();
  if (wait !== null) throw retryLater('RATE_LIMITED', wait);

  const user = await ctx.store.getUserByUsername(body.username);
  const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyHash(ctx.config.scryptCost)));
  if (!user || !ok) {
    const { limitReached } = await attempts.failed();
    await audit('login.failed', user?.id ?? null, user?.township ?? null, { username: body.username });
    if (limitReached) await audit('login.rate_limited', null, null, { username: body.username });
    throw appError('BAD_CREDENTIALS');
  }
  if (user.disabled) {
    await audit('login.refused', user.id, user.township, { reason: 'ACCOUNT_DISABLED' });
    throw appError('ACCOUNT_DISABLED');
  }
  const known = await ctx.store.getDevice(body.deviceId);
  if (known?.revoked) {
    await audit('login.refused', user.id, user.township, { reason: 'DEVICE_REVOKED' });
    throw appError('DEVICE_REVOKED');
  }

  // SPEC A4: the client id stays with the account that first used it; another account's login with it is
  // refused, never re-bound (re-binding let one account answer for another's (client id, seq)).
  const binding = await ctx.store.bindClient({ id: body.deviceId, userId: user.id, name: body.deviceName ?? null, tabletId: body.tabletId ?? null, lastSeen: at });
  if (!binding.bound) {
    await audit('login.refused', user.id, user.township, { reason: 'CLIENT_ID_TAKEN' });
    throw appError('CLIENT_ID_TAKEN');
  }
  const token = newToken(ctx.random.bytes);
  const expiresAt = new Date(now.getTime() + ctx.config.sessionHours * 3_600_000).toISOString();
  await ctx.store.createSession({ tokenHash: hashToken(token), userId: user.id, deviceId: body.deviceId, expiresAt, createdAt: at });
  await ctx.store.deleteExpiredSessions(new Date(now.getTime() - KEEP_EXPIRED_SESSIONS_MS).toISOString());
  await audit('login', user.id, user.township, {});

  return {
    token,
    expiresAt,
    user: await sessionUserWithNames(ctx.store, user),
    unlockSecret: user.unlockSecret,
    offlineDays: ctx.config.offlineDays,
    serverTime: at,
  };
}
