import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isAuthGuard } from '../auth/authenticate';
import { retryLater } from '../errors';
import type { Limits } from './rate-limits';

type Hook = (...args: never[]) => unknown;
const asList = (h: unknown): Hook[] => (h === undefined || h === null ? [] : Array.isArray(h) ? (h as Hook[]) : [h as Hook]);

/**
 * Every route guarded by requireAuth checks the token in onRequest — before its body is read, parsed or
 * decompressed, and before any other onRequest hook of the route such as the push slot
 * (http/push-slots.ts) — then counts the request against the account's budget (issue 11 §1–2, SPEC E4).
 * Routes keep writing `preHandler: requireAuth(ctx)`; this moves the guard, so a new route cannot forget.
 */
export function installAuthFirst(app: FastifyInstance, limits: Limits): void {
  const perAccount = async (request: FastifyRequest): Promise<void> => {
    await limits.recentSessions.hit(request);
    const r = await limits.account.hit(request);
    if (r.over) throw retryLater('RATE_LIMITED', r.retryAfter);
  };
  app.addHook('onRoute', (route) => {
    const pre = asList(route.preHandler);
    const guards = pre.filter(isAuthGuard);
    if (guards.length === 0) return;
    const options = route as unknown as { preHandler: Hook[]; onRequest: Hook[] };
    options.preHandler = pre.filter((h) => !isAuthGuard(h));
    options.onRequest = [...guards, perAccount, ...asList(route.onRequest)] as Hook[];
  });
}
