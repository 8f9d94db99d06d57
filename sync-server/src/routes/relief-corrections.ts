import { sha256Hex } from '../sync/sha256-hex';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FieldStamp } from '../../../src/shared/rules/merge';
import { idSchema } from '../../../src/shared/schema/common';
import {
  CORRECTION_ACTIONS, correctedValuesSchema, RELIEF_CORRECTION_ENTITY, reliefCorrectionSchema, voidRecordId, type ReliefCorrection,
} from '../../../src/shared/schema/relief-correction';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { appError } from '../errors';
import { countWritten } from '../dashboard/count-written';
import { correctionRefusalFor, isVoided } from '../sync/check-correction';
import { detectFlags } from '../sync/after-push-detect';
import { mayReadTownship } from '../sync/scope';

const bodySchema = z.object({
  action: z.enum(CORRECTION_ACTIONS),
  reason: z.string().trim().min(1).max(500),
  corrected: correctedValuesSchema.optional(),
});

/**
 * The county page's void and correction of a hand-out (SPEC R2): a supervisor (or an administrator)
 * acts online, on any hand-out of a township they may read. The correction is the same append-only
 * record a tablet pushes (R1), stored in the original's township so that township's tablets pull it
 * (L1), checked by the same rules as a push (check-correction.ts) in one transaction, and audited (R5).
 */
export function reliefCorrectionRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/relief/:id/corrections', { preHandler: requireAuth(ctx, ['supervisor', 'admin']) }, async (request, reply) => {
    const { user, device } = caller(request);
    const originalId = idSchema.parse((request.params as { id: string }).id);
    const body = bodySchema.parse(request.body);
    const original = await ctx.store.getRecord('relief', originalId);
    if (!original || original.deleted) throw appError('NOT_FOUND', { entity: 'relief', id: originalId });
    if (!(await mayReadTownship(ctx.store, user, original.township))) throw appError('OUT_OF_AREA');
    const at = ctx.clock().toISOString();
    const id = body.action === 'void' ? await voidRecordId(originalId, sha256Hex) : `rc-${randomUUID()}`;
    const fields: ReliefCorrection = reliefCorrectionSchema.parse({
      id, originalId, action: body.action, reason: body.reason, at, by: (user.displayName || user.username).slice(0, 50),
      ...(body.corrected ? { corrected: body.corrected } : {}),
    });
    const record = await ctx.store.transaction(async (tx) => {
      // The push path meets a second void as its record id already stored (check-correction.ts); here it is looked up.
      if (await isVoided(tx, originalId)) throw appError('ALREADY_EXISTS', { issues: [{ path: 'originalId', message: 'correction.alreadyVoided' }] });
      const refusal = await correctionRefusalFor(tx, user, originalId, body.action, id);
      if (refusal) {
        const message = refusal.issues[0]?.message;
        throw appError(message === 'correction.alreadyVoided' ? 'ALREADY_EXISTS' : refusal.code === 'FORBIDDEN' ? 'FORBIDDEN' : 'VALIDATION_FAILED', { issues: refusal.issues });
      }
      const f = fields as unknown as Record<string, unknown>;
      const fieldVersions = Object.fromEntries(Object.keys(f).map((k) => [k, 1]));
      const fieldStamps: Record<string, FieldStamp> = Object.fromEntries(Object.keys(f).map((k) => [k, { at, device: 'server' }]));
      const written = await tx.putRecord({
        entity: RELIEF_CORRECTION_ENTITY, id, township: original.township, version: 1, fields: f, fieldVersions, fieldStamps,
        createdBy: user.id, updatedBy: user.id,
        // Written on the server: every device of the township pulls it, the supervisor's own included (L3).
        originClient: null, updatedAt: at, deleted: false, idHmac: null,
      });
      // Counted as a pushed correction is (SPEC D7, D9): the mark in this transaction, the count after it.
      await countWritten(tx, [written], ctx.store);
      // The reason is free text and may name people: the audit keeps the action and the hand-out (privacy.md §6).
      await tx.appendAudit({
        at, userId: user.id, deviceId: device.id, township: original.township, action: `relief.${body.action}`, entity: RELIEF_CORRECTION_ENTITY, recordId: id,
        detail: { originalId },
      });
      return written;
    });
    // A correction may make or unmake a double hand-out (R6): the same detection as after a push.
    await detectFlags(ctx, [original], { userId: user.id, deviceId: device.id }).catch(() => undefined);
    return reply.code(201).send({ correction: { ...fields, township: record.township, version: record.version } });
  });
}
