import type { FastifyRequest } from 'fastify';
import type { Role } from '../../../src/shared/protocol/messages';
import type { AppContext } from '../context';
import { appError } from '../errors';
import type { DeviceRow, SessionRow, UserRow } from '../store/store';
import { bearerToken, hashToken } from './tokens';

export interface AuthContext {
  user: UserRow;
  session: SessionRow;
  device: DeviceRow;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

/** last_seen is refreshed at most this often, so a busy tablet does not cost a write per request. */
const TOUCH_EVERY_MS = 5 * 60_000;

/**
 * Who is calling (SPEC A1, A3). The checks run in this order so a tablet learns the one thing it can
 * act on: log in (401), or stop and tell the worker (403). Its queue stays on the tablet either way.
 */
async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<AuthContext> {
  const token = bearerToken(request.headers.authorization);
  if (!token) throw appError('UNAUTHENTICATED');
  const session = await ctx.store.getSession(hashToken(token));
  if (!session) throw appError('UNAUTHENTICATED');
  const now = ctx.clock();
  if (Date.parse(session.expiresAt) <= now.getTime()) throw appError('SESSION_EXPIRED');
  const user = await ctx.store.getUserById(session.userId);
  if (!user) throw appError('UNAUTHENTICATED');
  if (user.disabled) throw appError('ACCOUNT_DISABLED');
  const device = await ctx.store.getDevice(session.deviceId);
  if (!device) throw appError('UNAUTHENTICATED');
  if (device.revoked) throw appError('DEVICE_REVOKED');
  if (!device.lastSeen || now.getTime() - Date.parse(device.lastSeen) > TOUCH_EVERY_MS) {
    await ctx.store.touchDevice(device.id, now.toISOString());
  }
  return { user, session, device };
}

/** Marks the hooks made by requireAuth, so http/auth-first.ts can run them before the body is read. */
const AUTH_GUARD = Symbol('tidemark.requireAuth');
export type AuthGuard = ((request: FastifyRequest) => Promise<void>) & { [AUTH_GUARD]: true };

/**
 * A hook that requires a session, and optionally one of the roles. Routes list it as a preHandler;
 * http/auth-first.ts moves it to onRequest, so no body is read or decompressed for a caller without a
 * valid token (issue 11 §1). A request authenticated once is not looked up again.
 */
export function requireAuth(ctx: AppContext, roles?: readonly Role[]): AuthGuard {
  const guard = async (request: FastifyRequest): Promise<void> => {
    const auth = request.auth ?? (await authenticate(ctx, request));
    // Set before the role check, so a refusal is audited with who asked (http/audit-denials.ts).
    request.auth = auth;
    if (roles && !roles.includes(auth.user.role)) throw appError('FORBIDDEN');
  };
  return Object.assign(guard, { [AUTH_GUARD]: true as const });
}

export const isAuthGuard = (hook: unknown): hook is AuthGuard => typeof hook === 'function' && (hook as Partial<AuthGuard>)[AUTH_GUARD] === true;

/** The authenticated caller of a route guarded by requireAuth. */
export function caller(request: FastifyRequest): AuthContext {
  if (!request.auth) throw appError('UNAUTHENTICATED');
  return request.auth;
}
