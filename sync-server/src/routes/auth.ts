import type { FastifyInstance } from 'fastify';
import { loginRequestSchema } from '../../../src/shared/protocol/messages';
import { requireAuth, caller } from '../auth/authenticate';
import { login } from '../auth/login';
import { sessionUser } from '../auth/public-user';
import { hashToken, bearerToken } from '../auth/tokens';
import type { AppContext } from '../context';

/** Online login, logout and "who am I" (SPEC A1). */
export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/auth/login', async (request) => login(ctx, loginRequestSchema.parse(request.body), request.ip));

  app.post('/api/auth/logout', { preHandler: requireAuth(ctx) }, async (request) => {
    const { user, device } = caller(request);
    await ctx.store.deleteSession(hashToken(bearerToken(request.headers.authorization)!));
    await ctx.store.appendAudit({ at: ctx.clock().toISOString(), userId: user.id, deviceId: device.id, township: user.township, action: 'logout' });
    return { ok: true };
  });

  app.get('/api/auth/me', { preHandler: requireAuth(ctx) }, async (request) => {
    const { user, session, device } = caller(request);
    return { user: sessionUser(user), expiresAt: session.expiresAt, deviceId: device.id, serverTime: ctx.clock().toISOString() };
  });
}
