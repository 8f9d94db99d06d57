import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DashboardOverviewResponse, DashboardRecordsResponse } from '../../../src/shared/protocol/dashboard';
import { idSchema, isoDateTime } from '../../../src/shared/schema/common';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { divisionNames } from '../areas/division-names';
import { ensureCounted } from '../dashboard/backfill';
import { dashboardOverview } from '../dashboard/overview';
import { figureRecords, notReachedRecords } from '../dashboard/figure-records';
import { flagRecords } from '../dashboard/flag-records';
import { handoutRecords } from '../dashboard/handout-records';
import { appError } from '../errors';
import { readableTownships } from '../sync/scope';

const overviewQuery = z.object({
  eventId: idSchema,
  at: isoDateTime.optional(),
  /** The first day of the time series (China date or date-time); default the event's start date. */
  from: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), isoDateTime]).optional(),
});

const township = z.string().min(1).max(40);
const round = z.string().min(1).max(40);
const recordsBase = { eventId: idSchema, at: isoDateTime };
/** Which figure's records (SPEC D8, D10; the protocol's DashboardRecordsFigure): `kind` absent is the people figures' households. */
const recordsQuery = z.union([
  z.object({ ...recordsBase, kind: z.literal('households').default('households'), township: township.optional(), siteId: idSchema.optional() }),
  z.object({ ...recordsBase, kind: z.literal('relief'), township, round, item: z.string().min(1).max(40).optional() }),
  z.object({ ...recordsBase, kind: z.literal('not-reached'), township, round: round.optional() }),
  z.object({ ...recordsBase, kind: z.literal('flags'), township, flagKind: z.enum(['duplicate-person', 'double-handout']) }),
]);

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

  // The records behind a figure (SPEC D8, D10), scoped like the overview and audited (names are shown).
  app.get('/api/dashboard/records', { preHandler: requireAuth(ctx, ['supervisor', 'admin']) }, async (request) => {
    const { user, device } = caller(request);
    const q = recordsQuery.parse(request.query);
    const townships = await readableTownships(ctx.store, user);
    // A township figure of another county's township is not the caller's to open.
    if (q.township !== undefined && townships !== null && !townships.includes(q.township)) throw appError('OUT_OF_AREA');
    const names = await divisionNames(ctx.store);
    await ensureCounted(ctx.store, await ctx.idHmac());
    const named = (codes: string[]) => Object.fromEntries([...new Set(codes)].map((c) => [c, names.get(c) ?? c]));
    let out: DashboardRecordsResponse;
    let count: number;
    if (q.kind === 'relief') {
      const r = await handoutRecords(ctx.store, q.eventId, q.at, { townships, township: q.township, round: q.round, ...(q.item ? { item: q.item } : {}) });
      out = { kind: 'relief', ...r, townshipNames: named([q.township, ...r.handouts.map((h) => h.township)]) };
      count = r.handouts.length;
    } else if (q.kind === 'not-reached') {
      const r = await notReachedRecords(ctx.store, q.eventId, q.at, { townships, township: q.township, ...(q.round ? { round: q.round } : {}) });
      out = { kind: 'not-reached', ...r, townshipNames: named([q.township, ...r.records.map((h) => h.township)]) };
      count = r.records.length;
    } else if (q.kind === 'flags') {
      const r = await flagRecords(ctx.store, q.eventId, { townships, township: q.township, flagKind: q.flagKind });
      out = { kind: 'flags', ...r, townshipNames: named([q.township, ...r.flags.flatMap((f) => [f.township, ...f.records.map((x) => x.township)])].filter(Boolean)) };
      count = r.flags.length;
    } else {
      const r = await figureRecords(ctx.store, q.eventId, q.at, { townships, ...(q.township ? { township: q.township } : {}), ...(q.siteId ? { siteId: q.siteId } : {}) });
      const site = q.siteId ? await ctx.store.getRecord('site', q.siteId) : null;
      const siteName = site && typeof site.fields.name === 'string' ? { siteName: site.fields.name } : {};
      out = { kind: 'households', ...r, ...siteName, townshipNames: named(r.records.map((h) => h.township)) };
      count = r.records.length;
    }
    const { eventId, at, ...figure } = q;
    await ctx.store.appendAudit({
      at: ctx.clock().toISOString(), userId: user.id, deviceId: device.id, township: q.township ?? null, action: 'dashboard.records', entity: 'event', recordId: eventId,
      detail: { at, ...(figure.kind === 'households' ? (figure.siteId ? { siteId: figure.siteId } : {}) : figure), count },
    });
    return out;
  });
}
