import type { FastifyInstance } from 'fastify';
import { SUPPORTED_PROTOCOL_VERSIONS } from '../../../src/shared/protocol/version';
import type { AppContext } from '../context';

/** GET /api/health: for load balancers and the tablet's "is the server there" check. */
export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/health', async (_request, reply) => {
    const body = { ok: true, store: ctx.store.kind, protocol: [...SUPPORTED_PROTOCOL_VERSIONS] };
    try {
      await ctx.store.ping();
      return body;
    } catch {
      return reply.status(503).send({ ...body, ok: false });
    }
  });
}
