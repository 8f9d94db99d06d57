import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idSchema, isoDateTime } from '../../../src/shared/schema/common';
import { FIELD_ENTITIES } from '../../../src/shared/protocol/entities';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';

/**
 * POST /api/audit/events: deliberate acts done on a tablet that the server's audit log must hold
 * (privacy.md §3: showing an ID number in full). The tablet queues them while offline; the entry
 * records the server time of arrival and the tablet's time in `detail.reportedAt`. No values, ever.
 */
const bodySchema = z.object({
  events: z
    .array(
      z.object({
        action: z.enum(['idnumber.reveal', 'record.export']),
        entity: z.enum(FIELD_ENTITIES).optional(),
        recordId: idSchema.optional(),
        at: isoDateTime,
      }),
    )
    .min(1)
    .max(500),
});

export function clientAuditRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/audit/events', { preHandler: requireAuth(ctx) }, async (request) => {
    const { user, device } = caller(request);
    const { events } = bodySchema.parse(request.body);
    const at = ctx.clock().toISOString();
    for (const e of events) {
      await ctx.store.appendAudit({
        at, userId: user.id, deviceId: device.id, township: user.township, action: e.action,
        entity: e.entity ?? null, recordId: e.recordId ?? null, detail: { reportedAt: e.at },
      });
    }
    return { recorded: events.length };
  });
}
