import type { FastifyInstance } from 'fastify';
import { bearerToken, hashToken } from '../auth/tokens';
import type { AppContext } from '../context';
import { retryLater } from '../errors';

/**
 * A global request budget per session token (per IP without one), SPEC E2: a tablet stuck in a retry
 * loop gets 429 with Retry-After instead of taking the server down for the others.
 */
export function installRequestLimit(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = bearerToken(request.headers.authorization);
    const key = token ? `t:${hashToken(token)}` : `ip:${request.ip}`;
    const wait = ctx.requests.hit(key);
    if (wait !== null) throw retryLater('RATE_LIMITED', wait);
  });
}
