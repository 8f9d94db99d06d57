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
  const { pushes, config } = ctx;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (pushes.inFlight >= config.maxPushesInFlight) throw retryLater('OVERLOADED', config.overloadRetryAfterSeconds);
    // One account (a stolen token, a tablet in a loop) holds at most a few slots; a tablet pushes one
    // batch at a time anyway. The map holds only accounts with a push in flight: bounded by the slots.
    const account = request.auth?.user.id ?? '';
    const mine = pushes.byAccount.get(account) ?? 0;
    if (mine >= config.maxPushesPerAccount) throw retryLater('RATE_LIMITED', config.overloadRetryAfterSeconds);
    pushes.inFlight++;
    pushes.byAccount.set(account, mine + 1);
    reply.raw.once('close', () => {
      pushes.inFlight--;
      const left = (pushes.byAccount.get(account) ?? 1) - 1;
      if (left > 0) pushes.byAccount.set(account, left);
      else pushes.byAccount.delete(account);
    });
  };
}
