import type { FastifyInstance } from 'fastify';
import { loginRequestSchema } from '../../../src/shared/protocol/messages';
import { requireAuth, caller } from '../auth/authenticate';
import { login } from '../auth/login';
import { sessionUserWithNames } from '../auth/public-user';
import { hashToken, bearerToken } from '../auth/tokens';
import type { AppContext } from '../context';
import { setLoginName, type Limits } from '../http/rate-limits';

/** Online login, logout and "who am I" (SPEC A1). */
export function authRoutes(app: FastifyInstance, ctx: AppContext, limits: Limits): void {
  app.post('/api/auth/login', async (request) => {
    const body = loginRequestSchema.parse(request.body);
    setLoginName(request, body.username);
    return login(ctx, body, {
      // Both limits before any scrypt work (issue 11 §2, §4); the longer wait is the one to tell.
      async blockedFor() {
        const waits = [await limits.loginPerAddress.blockedFor(request), await limits.loginPerName.blockedFor(request)];
        const blocked = waits.filter((w): w is number => w !== null);
        return blocked.length ? Math.max(...blocked) : null;
      },
      async failed() {
        const [perAddress, perName] = [await limits.loginPerAddress.hit(request), await limits.loginPerName.hit(request)];
        return { limitReached: perAddress.reached || perName.reached };
      },
    });
  });

  app.post('/api/auth/logout', { preHandler: requireAuth(ctx) }, async (request) => {
    const { user, device } = caller(request);
    await ctx.store.deleteSession(hashToken(bearerToken(request.headers.authorization)!));
    await ctx.store.appendAudit({ at: ctx.clock().toISOString(), userId: user.id, deviceId: device.id, township: user.township, action: 'logout' });
    return { ok: true };
  });

  app.get('/api/auth/me', { preHandler: requireAuth(ctx) }, async (request) => {
    const { user, session, device } = caller(request);
    return { user: await sessionUserWithNames(ctx.store, user), expiresAt: session.expiresAt, deviceId: device.id, serverTime: ctx.clock().toISOString() };
  });
}
