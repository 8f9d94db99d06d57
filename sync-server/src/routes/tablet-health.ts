import type { FastifyInstance } from 'fastify';
import { HEALTH_REPORT_MAX_BYTES, healthReportSchema, tabletHealthQuerySchema } from '../../../src/shared/protocol/tablet-health';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { listTabletHealth } from '../health/list-tablet-health';

const ago = (at: Date, seconds: number | null) => (seconds === null ? null : new Date(at.getTime() - seconds * 1000).toISOString());

/**
 * POST /api/sync/health: a tablet's sync-health report (SPEC H1–H3), kept per (client id, account).
 * GET /api/admin/tablet-health: the county's tablets, most at risk first (H4–H5).
 */
export function tabletHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/sync/health', { bodyLimit: HEALTH_REPORT_MAX_BYTES, preHandler: requireAuth(ctx) }, async (request, reply) => {
    // H1: who reports is the session's — the account and the client id bound to it — never the body's.
    const { user, device } = caller(request);
    const report = healthReportSchema.parse(request.body);
    const at = ctx.clock();
    await ctx.store.putTabletHealth({
      clientId: device.id,
      userId: user.id,
      tabletId: device.tabletId ?? null,
      kind: report.kind,
      appVersion: report.appVersion,
      receivedAt: at.toISOString(),
      // H2: ages on the tablet's clock, anchored to the server's time of arrival.
      lastSyncedAt: ago(at, report.lastSyncAgeSeconds),
      pendingRecords: report.pendingRecords,
      oldestPendingAt: ago(at, report.oldestPendingAgeSeconds),
      pendingAttachments: report.pendingAttachments,
      rejected: report.rejected,
      storagePersisted: report.storage.persisted,
      storageUsageBytes: report.storage.usageBytes,
      storageQuotaBytes: report.storage.quotaBytes,
      lastErrorCode: report.lastErrorCode,
    });
    return reply.status(204).send();
  });

  app.get('/api/admin/tablet-health', { preHandler: requireAuth(ctx, ['admin', 'supervisor']) }, async (request) => {
    const q = tabletHealthQuerySchema.parse(request.query);
    return listTabletHealth(ctx, caller(request).user, q.staleHours ?? ctx.config.tabletStaleHours);
  });
}
