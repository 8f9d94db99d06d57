import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MAX_PUSH_BYTES } from '../../../src/shared/protocol/messages';
import { PROTOCOL_HEADER, SUPPORTED_PROTOCOL_VERSIONS } from '../../../src/shared/protocol/version';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { appError, retryLater } from '../errors';
import { applyPush } from '../sync/apply-push';
import { bindPushClient } from '../sync/push-client';
import { parsePush } from '../sync/parse-push';
import { DEFAULT_PULL_LIMIT, readPull } from '../sync/read-pull';

const pullQuerySchema = z.object({
  since: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).default(DEFAULT_PULL_LIMIT),
});

/**
 * E2: a reconnect storm after a flood is the normal case; shed load early and say when to come back.
 * Runs on arrival, before the body is read and before authentication: with SQLite the session look-up
 * already waits in the store's serial queue behind the pushes being applied, so a check after it never
 * sheds anything. A push counts from arrival until its answer is sent (or its connection closes).
 */
function shedPushes(ctx: AppContext) {
  return async (_request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (ctx.pushes.inFlight >= ctx.config.maxPushesInFlight) throw retryLater('OVERLOADED', ctx.config.overloadRetryAfterSeconds);
    ctx.pushes.inFlight++;
    reply.raw.once('close', () => void ctx.pushes.inFlight--);
  };
}

/** POST /api/sync/push and GET /api/sync/pull, exactly per SPEC.md. */
export function syncRoutes(app: FastifyInstance, ctx: AppContext): void {
  // P3: the 2 MiB limit is checked by Fastify while reading, before any parsing (413).
  app.post('/api/sync/push', { bodyLimit: MAX_PUSH_BYTES, onRequest: shedPushes(ctx), preHandler: requireAuth(ctx) }, async (request) => {
    const auth = caller(request);
    const push = parsePush(request.body, ctx.clock());
    // A4–A5: the client id is one of this account's (a fresh one is bound here); never another account's (P2).
    await bindPushClient(ctx, auth, push.deviceId);
    return applyPush(ctx, auth.user, push);
  });

  app.get('/api/sync/pull', { preHandler: requireAuth(ctx) }, async (request) => {
    const { user, device } = caller(request);
    const header = request.headers[PROTOCOL_HEADER];
    const protocol = Number(Array.isArray(header) ? header[0] : header);
    if (!SUPPORTED_PROTOCOL_VERSIONS.includes(protocol)) {
      throw appError('PROTOCOL_UNSUPPORTED', { protocol: header ?? null, supported: SUPPORTED_PROTOCOL_VERSIONS });
    }
    const q = pullQuerySchema.parse(request.query);
    return readPull(ctx, user, device, q.since, q.limit);
  });
}
