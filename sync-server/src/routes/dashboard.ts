import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DashboardOverviewResponse } from '../../../src/shared/protocol/dashboard';
import { idSchema, isoDateTime } from '../../../src/shared/schema/common';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { divisionNames } from '../areas/division-names';
import { ensureCounted } from '../dashboard/backfill';
import { dashboardOverview } from '../dashboard/overview';
import { readableTownships } from '../sync/scope';

const overviewQuery = z.object({
  eventId: idSchema,
  at: isoDateTime.optional(),
  /** The first day of the time series (China date or date-time); default the event's start date. */
  from: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), isoDateTime]).optional(),
});

/**
 * GET /api/dashboard/overview (issue 16): the event dashboard for supervisors (their county's
 * townships) and administrators (all), scoped like the county report. Workers get 403.
 */
export function dashboardRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/dashboard/overview', { preHandler: requireAuth(ctx, ['supervisor', 'admin']) }, async (request) => {
    const { user, device } = caller(request);
    const q = overviewQuery.parse(request.query);
    const townships = await readableTownships(ctx.store, user);
    const names = await divisionNames(ctx.store);
    await ensureCounted(ctx.store, await ctx.idHmac());
    const now = ctx.clock().toISOString();
    const overview = await dashboardOverview(ctx.store, q.eventId, q.at ?? now, q.from ?? null, townships);
    await ctx.store.appendAudit({ at: now, userId: user.id, deviceId: device.id, township: null, action: 'dashboard.overview', entity: 'event', recordId: q.eventId, detail: { at: q.at ?? now } });
    const codes = [...overview.report.townships.map((t) => t.township), ...overview.sites.map((s) => s.township), ...overview.flags.map((f) => f.township)];
    return { ...overview, townshipNames: Object.fromEntries([...new Set(codes)].map((c) => [c, names.get(c) ?? c])), generatedAt: now } satisfies DashboardOverviewResponse; // the shared wire type the page reads
  });
}
