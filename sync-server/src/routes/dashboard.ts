import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DashboardFigureRecordsResponse, DashboardOverviewResponse } from '../../../src/shared/protocol/dashboard';
import { idSchema, isoDateTime } from '../../../src/shared/schema/common';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { divisionNames } from '../areas/division-names';
import { ensureCounted } from '../dashboard/backfill';
import { dashboardOverview } from '../dashboard/overview';
import { figureRecords } from '../dashboard/figure-records';
import { readableTownships } from '../sync/scope';

const overviewQuery = z.object({
  eventId: idSchema,
  at: isoDateTime.optional(),
  /** The first day of the time series (China date or date-time); default the event's start date. */
  from: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), isoDateTime]).optional(),
});

const recordsQuery = z.object({
  eventId: idSchema,
  at: isoDateTime,
  township: z.string().min(1).max(40).optional(),
  siteId: idSchema.optional(),
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

  // The households behind a day's or a site's figure (SPEC D8), scoped like the overview and audited (names are shown).
  app.get('/api/dashboard/records', { preHandler: requireAuth(ctx, ['supervisor', 'admin']) }, async (request) => {
    const { user, device } = caller(request);
    const q = recordsQuery.parse(request.query);
    const townships = await readableTownships(ctx.store, user);
    const names = await divisionNames(ctx.store);
    await ensureCounted(ctx.store, await ctx.idHmac());
    const out = await figureRecords(ctx.store, q.eventId, q.at, { townships, ...(q.township ? { township: q.township } : {}), ...(q.siteId ? { siteId: q.siteId } : {}) });
    await ctx.store.appendAudit({
      at: ctx.clock().toISOString(), userId: user.id, deviceId: device.id, township: q.township ?? null, action: 'dashboard.records', entity: 'event', recordId: q.eventId,
      detail: { at: q.at, ...(q.siteId ? { siteId: q.siteId } : {}), count: out.records.length },
    });
    const codes = [...new Set(out.records.map((r) => r.township))];
    const site = q.siteId ? await ctx.store.getRecord('site', q.siteId) : null;
    const siteName = site && typeof site.fields.name === 'string' ? { siteName: site.fields.name } : {};
    return { ...out, ...siteName, townshipNames: Object.fromEntries(codes.map((c) => [c, names.get(c) ?? c])) } satisfies DashboardFigureRecordsResponse;
  });
}
