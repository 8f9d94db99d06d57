import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { retryLater } from '../errors';

/** A push waiting for a slot: `admit` hands it one. */
interface Waiter {
  admit(): void;
}

/** The pushes waiting for a slot, first come first served, per context (one per server). */
const queues = new WeakMap<AppContext['pushes'], Waiter[]>();

function queueOf(pushes: AppContext['pushes']): Waiter[] {
  let q = queues.get(pushes);
  if (!q) queues.set(pushes, (q = []));
  return q;
}

/**
 * SPEC E2, E4, I3: pushes applied at once are capped; past the cap a push waits its turn, first come
 * first served, for at most `pushWaitSeconds` and behind at most `maxPushesWaiting` others; past that
 * it hears 503 OVERLOADED with Retry-After. A reconnect storm (every tablet of a county at once after a
 * flood) is absorbed by queueing briefly: its pushes are small and the store applies them one after
 * another anyway, so sending most of them away to come back after Retry-After and back-off only made
 * every tablet wait longer (issue 14: 159 of 200 tablets heard 503 once). Waiting costs a connection
 * and a request object: the body is read only with the slot (preParsing runs after this hook).
 * The slot is taken only after the token was checked (the route's auth hook runs first,
 * http/auth-first.ts), so nobody without a session can hold one or wait for one; it is given back when
 * the answer is sent or the connection closes, which is also when a too-slow body is cut
 * (http/body-deadlines.ts). @fastify/under-pressure sheds on event-loop delay; it cannot count
 * concurrent pushes, which with PostgreSQL wait on the pool without delaying the loop, so this counter stays.
 */
export function takePushSlot(ctx: AppContext) {
  const { pushes, config } = ctx;
  const waiting = queueOf(pushes);
  const waitMs = config.pushWaitSeconds * 1000;
  const overloaded = () => retryLater('OVERLOADED', config.overloadRetryAfterSeconds);
  /** A slot given back goes to the first push waiting, or back to the pool. */
  const release = () => {
    const next = waiting.shift();
    if (next) next.admit();
    else pushes.inFlight--;
  };
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const full = pushes.inFlight >= config.maxPushesInFlight;
    if (full && (waitMs <= 0 || waiting.length >= config.maxPushesWaiting)) throw overloaded();
    // One account (a stolen token, a tablet in a loop) holds at most a few slots, waiting ones included;
    // a tablet pushes one batch at a time anyway. The map holds only accounts with a push in flight or waiting.
    const account = request.auth?.user.id ?? '';
    const mine = pushes.byAccount.get(account) ?? 0;
    if (mine >= config.maxPushesPerAccount) throw retryLater('RATE_LIMITED', config.overloadRetryAfterSeconds);
    pushes.byAccount.set(account, mine + 1);
    let holding = !full;
    if (holding) pushes.inFlight++;
    let leaveQueue: (() => void) | null = null;
    reply.raw.once('close', () => {
      const left = (pushes.byAccount.get(account) ?? 1) - 1;
      if (left > 0) pushes.byAccount.set(account, left);
      else pushes.byAccount.delete(account);
      if (holding) release();
      else leaveQueue?.();
    });
    if (holding) return;
    await new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        admit: () => {
          clearTimeout(timer);
          // A client that goes away later gives the slot back on 'close'; one gone before left the queue.
          holding = true;
          resolve();
        },
      };
      leaveQueue = () => {
        clearTimeout(timer);
        const i = waiting.indexOf(waiter);
        if (i >= 0) waiting.splice(i, 1);
        reject(overloaded());
      };
      timer = setTimeout(() => leaveQueue!(), waitMs);
      timer.unref();
      waiting.push(waiter);
    });
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The push slots' counters (tests read `bodiesRead`, SPEC I5). */
    pushes: AppContext['pushes'];
  }
}

/**
 * SPEC I5: the push route's preParsing hook, which Fastify runs after the slot was taken (onRequest) and
 * before a byte of the body is inflated or parsed (the gzip stream of http/gzip-body.ts is only read by
 * the JSON parser after every preParsing hook). A push waiting for its slot holds its connection and
 * the compressed bytes the socket already took in, nothing decoded: 200 tablets waiting cost no parsed
 * bodies. The count is what a test reads to see that a waiting push read nothing.
 */
export function countPushBody(ctx: AppContext) {
  return async (): Promise<void> => {
    ctx.pushes.bodiesRead++;
  };
}

/** Exposes the push counters on the app (read-only getter), for tests. */
export function exposePushCounters(app: FastifyInstance, ctx: AppContext): void {
  app.decorate('pushes', { getter: () => ctx.pushes });
}
