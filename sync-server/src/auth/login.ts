import type { LoginRequest, LoginResponse } from '../../../src/shared/protocol/messages';
import type { AppContext } from '../context';
import { appError, retryLater } from '../errors';
import { dummyHash, verifyPassword } from './password';
import { sessionUser } from './public-user';
import { hashToken, newToken } from './tokens';

/** Expired sessions are kept this long so a late tablet hears SESSION_EXPIRED rather than UNAUTHENTICATED. */
const KEEP_EXPIRED_SESSIONS_MS = 30 * 86_400_000;

/**
 * Online login (SPEC A1). Unknown user and wrong password give the same answer after the same work;
 * a disabled account or revoked device is named only after the password was right.
 */
export async function login(ctx: AppContext, body: LoginRequest, ip: string): Promise<LoginResponse> {
  const now = ctx.clock();
  const at = now.toISOString();
  const limitKey = `${ip}|${body.username.toLowerCase()}`;
  const audit = (action: string, userId: string | null, township: string | null, detail: Record<string, unknown>) =>
    ctx.store.appendAudit({ at, userId, deviceId: body.deviceId, township, action, detail });

  const wait = ctx.loginFailures.blockedFor(limitKey);
  if (wait !== null) {
    await audit('login.rate_limited', null, null, { username: body.username });
    throw retryLater('RATE_LIMITED', wait);
  }

  const user = await ctx.store.getUserByUsername(body.username);
  const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyHash(ctx.config.scryptCost)));
  if (!user || !ok) {
    ctx.loginFailures.hit(limitKey);
    await audit('login.failed', user?.id ?? null, user?.township ?? null, { username: body.username });
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
  ctx.loginFailures.reset(limitKey);

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
    user: sessionUser(user),
    unlockSecret: user.unlockSecret,
    offlineDays: ctx.config.offlineDays,
    serverTime: at,
  };
}
