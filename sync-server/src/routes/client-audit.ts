import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idSchema, isoDateTime } from '../../../src/shared/schema/common';
import { FIELD_ENTITIES } from '../../../src/shared/protocol/entities';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { appError, retryLater } from '../errors';
import type { Limits } from '../http/rate-limits';

/** Events per request (SPEC B5). More is 413, never 400: the tablet drops a batch refused with 400. */
const MAX_AUDIT_EVENTS_PER_REQUEST = 100;
/** How far ahead of the server a tablet's clock may be before its time is marked as suspect. */
const AUDIT_CLOCK_SKEW_MS = 5 * 60_000;

const eventSchema = z.object({
  action: z.enum(['idnumber.reveal', 'record.export']),
  entity: z.enum(FIELD_ENTITIES).optional(),
  recordId: idSchema.optional(),
  at: isoDateTime,
});
const bodySchema = z.object({ events: z.array(z.unknown()).min(1) });

/**
 * POST /api/audit/events: deliberate acts done on a tablet that the server's audit log must hold
 * (privacy.md §3: showing an ID number in full). The tablet queues them while offline. SPEC B5: the
 * entry's `at` is the server's time of arrival; the tablet's time is kept beside it in
 * `detail.reportedAt`, marked `clockSuspect` when it is before the account existed or in the future,
 * but kept: the act happened, only its reported time is doubtful. Bounded per request and per account
 * and minute, so the log cannot be flooded. No values, ever.
 */
export function clientAuditRoutes(app: FastifyInstance, ctx: AppContext, limits: Limits): void {
  app.post('/api/audit/events', { preHandler: requireAuth(ctx) }, async (request) => {
    const { user, device } = caller(request);
    const { events: raw } = bodySchema.parse(request.body);
    if (raw.length > MAX_AUDIT_EVENTS_PER_REQUEST) throw appError('PAYLOAD_TOO_LARGE', { maxEvents: MAX_AUDIT_EVENTS_PER_REQUEST });
    const events = z.array(eventSchema).parse(raw);

    const wait = await limits.auditEvents.blockedFor(request);
    if (wait !== null) throw retryLater('RATE_LIMITED', wait);
    for (let i = 0; i < events.length; i++) {
      const r = await limits.auditEvents.hit(request);
      if (r.over) throw retryLater('RATE_LIMITED', r.retryAfter);
    }

    const now = ctx.clock();
    const at = now.toISOString();
    const accountSince = Date.parse(user.createdAt);
    for (const e of events) {
      const reported = Date.parse(e.at);
      const clockSuspect = reported < accountSince ? 'before-account' : reported > now.getTime() + AUDIT_CLOCK_SKEW_MS ? 'future' : null;
      await ctx.store.appendAudit({
        at, userId: user.id, deviceId: device.id, township: user.township, action: e.action,
        entity: e.entity ?? null, recordId: e.recordId ?? null,
        detail: { reportedAt: e.at, ...(clockSuspect ? { clockSuspect } : {}) },
      });
    }
    return { recorded: events.length };
  });
}
