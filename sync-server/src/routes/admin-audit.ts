import type { FastifyInstance } from 'fastify';
import { auditQuerySchema as querySchema, type AuditPage } from '../../../src/shared/protocol/admin/audit';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { appError } from '../errors';
import { readableTownships } from '../sync/scope';

/** GET /api/admin/audit, newest first; supervisors see the entries of their county's townships. */
export function adminAuditRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/audit', { preHandler: requireAuth(ctx, ['admin', 'supervisor']) }, async (request) => {
    const { user } = caller(request);
    const q = querySchema.parse(request.query);
    const readable = await readableTownships(ctx.store, user);
    if (q.township !== undefined && readable !== null && !readable.includes(q.township)) throw appError('OUT_OF_AREA');
    const entries = await ctx.store.listAudit({
      action: q.action, userId: q.userId, township: q.township, entity: q.entity, recordId: q.recordId,
      since: q.since, until: q.until, beforeId: q.before, limit: q.limit,
      ...(readable !== null && q.township === undefined ? { townships: readable } : {}),
    });
    return { entries, nextBefore: entries.length === q.limit ? entries.at(-1)!.id : null } satisfies AuditPage;
  });
}
