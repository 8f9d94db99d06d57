import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { appError } from '../errors';
import { readableTownships } from '../sync/scope';

const isoString = z.string().datetime({ offset: true }).transform((s) => new Date(s).toISOString());

const querySchema = z.object({
  action: z.string().max(64).optional(),
  userId: z.string().max(64).optional(),
  township: z.string().max(64).optional(),
  entity: z.string().max(32).optional(),
  recordId: z.string().max(64).optional(),
  since: isoString.optional(),
  until: isoString.optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

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
    return { entries, nextBefore: entries.length === q.limit ? entries.at(-1)!.id : null };
  });
}
