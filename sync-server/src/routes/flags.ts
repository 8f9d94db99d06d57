import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idSchema } from '../../../src/shared/schema/common';
import { FLAG_RESOLUTIONS, type FlagFields } from '../../../src/shared/rules/relocation/flag-fields';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { appError } from '../errors';
import { listAllRecords } from '../reports/list-all-records';
import type { StoredRecord } from '../store/store';
import { detectFlags } from '../sync/after-push-detect';
import { FLAG_ENTITY, putFlag } from '../sync/after-push-flag-write';
import { mayReadTownship, readableTownships } from '../sync/scope';
import { withHandoutLedger } from './flag-ledger';

const listQuery = z.object({ eventId: idSchema.optional(), status: z.enum(['open', 'resolved']).optional() });
const resolveBody = z.object({ action: z.enum(FLAG_RESOLUTIONS), reason: z.string().trim().min(1).max(500) });
const rescanBody = z.object({ eventId: idSchema });

function flagView(r: StoredRecord) {
  return { id: r.id, township: r.township, version: r.version, updatedAt: r.updatedAt, ...(r.fields as unknown as FlagFields) };
}

/**
 * Duplicate-person and double hand-out flags (relocation-relief.md). Everyone lists the flags of the
 * townships they may read; supervisors and administrators resolve them. Resolving records the county's
 * decision ('merge': the records are one household / one hand-out; 'keep-both': they are not) and never
 * deletes or rewrites the flagged records: the report already counts each person once either way.
 */
export function flagRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/flags', { preHandler: requireAuth(ctx) }, async (request) => {
    const { user } = caller(request);
    const q = listQuery.parse(request.query);
    const townships = await readableTownships(ctx.store, user);
    const flags = (await listAllRecords(ctx.store, { entity: FLAG_ENTITY, townships }))
      .filter((r) => (!q.eventId || r.fields.eventId === q.eventId) && (!q.status || r.fields.status === q.status))
      .sort((a, b) => (a.serverSeq < b.serverSeq ? -1 : 1));
    return { flags: await withHandoutLedger(ctx.store, townships, flags.map(flagView)) };
  });

  app.post('/api/flags/:id/resolve', { preHandler: requireAuth(ctx, ['supervisor', 'admin']) }, async (request) => {
    const { user, device } = caller(request);
    const { id } = request.params as { id: string };
    const body = resolveBody.parse(request.body);
    const at = ctx.clock().toISOString();
    const found = await ctx.store.getRecord(FLAG_ENTITY, id);
    if (!found || found.deleted) throw appError('NOT_FOUND', { entity: FLAG_ENTITY, id });
    if (!(await mayReadTownship(ctx.store, user, found.township))) throw appError('OUT_OF_AREA');
    const record = await ctx.store.transaction(async (tx) => {
      const existing = await tx.getRecord(FLAG_ENTITY, id);
      if (!existing) throw appError('NOT_FOUND', { entity: FLAG_ENTITY, id });
      const fields: FlagFields = {
        ...(existing.fields as unknown as FlagFields),
        status: 'resolved',
        resolution: { action: body.action, reason: body.reason, by: user.id, at },
      };
      const written = await putFlag(tx, id, existing, existing.township, fields, at, user.id);
      // The reason is free text and may name people: the audit keeps the action only (privacy.md §6).
      await tx.appendAudit({
        at, userId: user.id, deviceId: device.id, township: existing.township, action: 'flag.resolve', entity: FLAG_ENTITY, recordId: id,
        detail: { action: body.action, kind: fields.kind },
      });
      return written;
    });
    return { flag: flagView(record) };
  });

  // Repair: runs the after-push detection over every household and hand-out of an event (idempotent).
  app.post('/api/flags/rescan', { preHandler: requireAuth(ctx, ['supervisor', 'admin']) }, async (request) => {
    const { user, device } = caller(request);
    const { eventId } = rescanBody.parse(request.body);
    const townships = await readableTownships(ctx.store, user);
    const seeds = [
      ...(await listAllRecords(ctx.store, { entity: 'household', townships })),
      ...(await listAllRecords(ctx.store, { entity: 'relief', townships })),
    ].filter((r) => r.fields.eventId === eventId);
    const written = await detectFlags(ctx, seeds, { userId: user.id, deviceId: device.id });
    return { scanned: seeds.length, written };
  });
}
