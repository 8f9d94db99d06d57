import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { retryLater } from '../errors';

/**
 * SPEC E2, E4: pushes applied at once are capped; past the cap a push hears 503 OVERLOADED with
 * Retry-After. The slot is taken only after the token was checked (the route's auth hook runs first,
 * http/auth-first.ts), so nobody without a session can hold one; it is given back when the answer is
 * sent or the connection closes, which is also when a too-slow body is cut (http/body-deadlines.ts).
 * @fastify/under-pressure sheds on event-loop delay; it cannot count concurrent pushes, which with
 * PostgreSQL wait on the pool without delaying the loop, so this one counter stays.
 */
export function takePushSlot(ctx: AppContext) {
  return async (_request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (ctx.pushes.inFlight >= ctx.config.maxPushesInFlight) throw retryLater('OVERLOADED', ctx.config.overloadRetryAfterSeconds);
    ctx.pushes.inFlight++;
    reply.raw.once('close', () => void ctx.pushes.inFlight--);
  };
}
