import type { FastifyInstance } from 'fastify';
import { adminRecordsQuerySchema as querySchema, type AdminRecord, type AdminRecordsPage } from '../../../src/shared/protocol/admin/records';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { appError } from '../errors';
import type { StoredRecord } from '../store/store';
import { readableTownships } from '../sync/scope';

/** A stored record as the administration pages see it. */
export function adminRecordView(r: StoredRecord): AdminRecord {
  return {
    entity: r.entity, id: r.id, township: r.township, version: r.version, serverSeq: r.serverSeq, fields: r.fields,
    createdBy: r.createdBy, updatedBy: r.updatedBy, createdAt: r.createdAt, updatedAt: r.updatedAt, deleted: r.deleted,
  };
}

/**
 * GET /api/admin/records: stored records with their versions and fields, paged by serverSeq.
 * Supervisors see their county's townships, administrators all. Reading personal records is audited.
 */
export function adminRecordRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/records', { preHandler: requireAuth(ctx, ['admin', 'supervisor']) }, async (request) => {
    const { user, device } = caller(request);
    const q = querySchema.parse(request.query);
    const readable = await readableTownships(ctx.store, user);
    if (q.township !== undefined && readable !== null && !readable.includes(q.township)) throw appError('OUT_OF_AREA');
    const townships = q.township !== undefined ? [q.township] : readable;
    const rows = await ctx.store.listRecords({
      entity: q.entity, townships, includeNoTownship: q.township === undefined, afterSeq: q.after, limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    await ctx.store.appendAudit({
      at: ctx.clock().toISOString(), userId: user.id, deviceId: device.id, township: q.township ?? null, action: 'records.list',
      entity: q.entity ?? null, detail: { count: page.length, ...(q.township ? { township: q.township } : {}) },
    });
    return { records: page.map(adminRecordView), cursor: page.at(-1)?.serverSeq ?? q.after ?? 0, hasMore: rows.length > q.limit } satisfies AdminRecordsPage;
  });
}
