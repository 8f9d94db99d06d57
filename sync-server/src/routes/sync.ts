import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MAX_PUSH_BYTES } from '../../../src/shared/protocol/messages';
import { PROTOCOL_HEADER, SUPPORTED_PROTOCOL_VERSIONS } from '../../../src/shared/protocol/version';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { appError } from '../errors';
import { resultsBySeq } from '../http/push-answer';
import { countPushBody, exposePushCounters, takePushSlot } from '../http/push-slots';
import { mergeSetAsideResults, setAsideTooComplexChanges } from '../http/too-complex-changes';
import { applyPush } from '../sync/apply-push';
import { bindPushClient } from '../sync/push-client';
import { parsePush } from '../sync/parse-push';
import { DEFAULT_PULL_LIMIT, readPullText } from '../sync/read-pull';

const pullQuerySchema = z.object({
  since: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).default(DEFAULT_PULL_LIMIT),
});

/** POST /api/sync/push and GET /api/sync/pull, exactly per SPEC.md. */
export function syncRoutes(app: FastifyInstance, ctx: AppContext): void {
  // P3: the 2 MiB limit is checked by Fastify while reading, before any parsing (413).
  // Hook order (issue 11, SPEC B2): the token (requireAuth runs in onRequest, http/auth-first.ts), then
  // the push slot, then the body; changes too complex to apply are set aside before the handler (B1).
  const pushHooks = {
    bodyLimit: MAX_PUSH_BYTES,
    onRequest: takePushSlot(ctx),
    preParsing: countPushBody(ctx),
    preHandler: [requireAuth(ctx), setAsideTooComplexChanges(ctx)],
    // P16: results by seq alone for a tablet that asks, after the set-aside results are back in place.
    preSerialization: [mergeSetAsideResults, resultsBySeq],
  };
  exposePushCounters(app, ctx);
  app.post('/api/sync/push', pushHooks, async (request) => {
    const auth = caller(request);
    const push = parsePush(request.body, ctx.clock());
    // A4–A5: the client id is one of this account's (a fresh one is bound here); never another account's (P2).
    await bindPushClient(ctx, auth, push.deviceId);
    return applyPush(ctx, auth.user, push);
  });

  app.get('/api/sync/pull', { preHandler: requireAuth(ctx) }, async (request, reply) => {
    const { user, device } = caller(request);
    const header = request.headers[PROTOCOL_HEADER];
    const protocol = Number(Array.isArray(header) ? header[0] : header);
    if (!SUPPORTED_PROTOCOL_VERSIONS.includes(protocol)) {
      throw appError('PROTOCOL_UNSUPPORTED', { protocol: header ?? null, supported: SUPPORTED_PROTOCOL_VERSIONS });
    }
    const q = pullQuerySchema.parse(request.query);
    // The PullResponse as JSON text (read-pull.ts), sent as Fastify would send the object.
    const text = await readPullText(ctx, user, device, q.since, q.limit);
    return reply.type('application/json; charset=utf-8').send(text);
  });
}
