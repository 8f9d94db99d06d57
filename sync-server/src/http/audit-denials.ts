import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken, hashToken } from '../auth/tokens';
import type { AppContext } from '../context';
import { AppError } from '../errors';

/** The kind of thing a route is about, when its URL says so (the audit's `entity`). */
function routeEntity(route: string | undefined, query: Record<string, unknown>): string | null {
  if (typeof query.entity === 'string' && query.entity.length <= 32) return query.entity;
  if (!route) return null;
  if (route.startsWith('/api/attachments')) return 'attachment';
  if (route.startsWith('/api/flags')) return 'flag';
  if (route.startsWith('/api/admin/users')) return 'user';
  if (route.startsWith('/api/admin/devices')) return 'device';
  return null;
}

/** Who asked, when the refusal came before requireAuth had set request.auth (disabled account, revoked device). */
async function caller(ctx: AppContext, request: FastifyRequest): Promise<{ userId: string; deviceId: string; township: string | null } | null> {
  if (request.auth) return { userId: request.auth.user.id, deviceId: request.auth.device.id, township: request.auth.user.township };
  const token = bearerToken(request.headers.authorization);
  if (!token) return null;
  const session = await ctx.store.getSession(hashToken(token));
  if (!session) return null;
  const user = await ctx.store.getUserById(session.userId);
  return { userId: session.userId, deviceId: session.deviceId, township: user?.township ?? null };
}

/**
 * Every permission denial (403: a role that may not, another area's record, a disabled account, a
 * revoked device) goes into the audit log (issue 6 §1, privacy.md §1): who, from which device, which
 * route and record, and the code. Never the body or the query string; only the route pattern, the
 * record id of the URL and, for an area refusal, the township asked for.
 * Logins are audited by login() itself (login.refused); per-change refusals inside a push by
 * applyChange (sync.denied). A failure to write the entry never changes the answer.
 */
export function installDenialAudit(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onError', async (request, _reply, error) => {
    if (!(error instanceof AppError) || error.status !== 403) return;
    const route = request.routeOptions.url;
    if (route === '/api/auth/login') return;
    try {
      const who = await caller(ctx, request);
      const params = (request.params ?? {}) as Record<string, unknown>;
      const query = (request.query ?? {}) as Record<string, unknown>;
      const recordId = [params.id, params.sha256].find((v): v is string => typeof v === 'string' && v.length <= 128) ?? null;
      const township = typeof query.township === 'string' && query.township.length <= 64 ? query.township : undefined;
      await ctx.store.appendAudit({
        at: ctx.clock().toISOString(),
        userId: who?.userId ?? null,
        deviceId: who?.deviceId ?? null,
        township: who?.township ?? null,
        action: 'access.denied',
        entity: routeEntity(route, query),
        recordId,
        detail: { code: error.code, method: request.method, route: route ?? null, ...(township ? { requestedTownship: township } : {}) },
      });
    } catch {
      /* the refusal stands even when it cannot be logged */
    }
  });
}
