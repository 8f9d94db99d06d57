import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idSchema, isoDateTime } from '../../../src/shared/schema/common';
import { RELIEF_ITEM_KINDS } from '../../../src/shared/schema/relief';
import { householdForm10Rows } from '../../../src/shared/rules/relocation/form10-rows';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { form10Table } from '../reports/form10-table';
import { loadEventData } from '../reports/load-event-data';
import { relocationTable } from '../reports/relocation-table';
import { countedReport } from '../reports/counted-report';
import { ensureCounted } from '../dashboard/backfill';
import { sendDownload } from '../reports/send-download';
import { divisionNames } from '../areas/division-names';
import { readableTownships } from '../sync/scope';

/** The display names of the township codes in a JSON answer (the page shows names, keys stay codes). */
const namesFor = (names: ReadonlyMap<string, string>, codes: string[]) => Object.fromEntries([...new Set(codes)].map((c) => [c, names.get(c) ?? c]));

const formatSchema = z.enum(['json', 'xlsx', 'csv']).default('json');

const relocationQuery = z.object({ eventId: idSchema, at: isoDateTime.optional(), format: formatSchema });

const form10Query = z.object({
  eventId: idSchema,
  at: isoDateTime.optional(),
  format: formatSchema,
  /** Comma-separated item kinds, e.g. winter-spring for the winter–spring support form. */
  kinds: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map((k) => k.trim()) : undefined))
    .pipe(z.array(z.enum(RELIEF_ITEM_KINDS)).optional()),
  rounds: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map((r) => r.trim()) : undefined)),
});

/**
 * The county's relocation report and the household form 应急统表10 (relocation-relief.md), for
 * supervisors (the townships of their county) and administrators (all). Workers get 403: these are
 * statistics across townships (privacy.md §1). The relocation report sums the households counted at
 * ingest by the shared rules (issue 16, reports/counted-report.ts); form 10 lists households from the
 * stored records by the shared rules. People are keyed by the ID-number HMAC, as the id_hmac column.
 */
export function reportRoutes(app: FastifyInstance, ctx: AppContext): void {
  const guard = { preHandler: requireAuth(ctx, ['supervisor', 'admin']) };

  app.get('/api/reports/relocation', guard, async (request, reply) => {
    const { user, device } = caller(request);
    const q = relocationQuery.parse(request.query);
    // The columns: every township of the event the caller's county has in the division registry,
    // whether or not anyone has an account there (issue 10 finding 2).
    const townships = await readableTownships(ctx.store, user);
    const names = await divisionNames(ctx.store);
    const now = ctx.clock().toISOString();
    const at = q.at ?? now;
    // Issue 16: summed from the households counted at ingest, by the same shared rules (dashboard/person-rows.ts).
    await ensureCounted(ctx.store, await ctx.idHmac()); // records stored before migration 010: counted once
    const { report, skippedRecords } = await countedReport(ctx.store, q.eventId, at, townships);
    const data = { event: { name: report.eventName }, skippedRecords };
    await ctx.store.appendAudit({
      at: now, userId: user.id, deviceId: device.id, township: null, action: 'report.relocation', entity: 'event', recordId: q.eventId,
      detail: { format: q.format, at },
    });
    if (q.format === 'json') return { report, townshipNames: namesFor(names, report.townships.map((t) => t.township)), generatedAt: now, skippedRecords: data.skippedRecords };
    return sendDownload(reply, relocationTable(report, names), q.format, { ascii: `relocation-${q.eventId}`, chinese: `紧急转移安置统计-${data.event.name}` }, [
      ['灾害事件', data.event.name],
      ['统计时间', at],
      ['生成时间', now],
    ]);
  });

  app.get('/api/reports/form10', guard, async (request, reply) => {
    const { user, device } = caller(request);
    const q = form10Query.parse(request.query);
    const townships = await readableTownships(ctx.store, user);
    const names = await divisionNames(ctx.store);
    const data = await loadEventData(ctx.store, q.eventId, townships, names);
    const rows = householdForm10Rows(data.households, data.handouts, await ctx.idHmac(), {
      townshipOrder: data.event.townships, ...(q.at ? { at: q.at } : {}), ...(q.kinds ? { kinds: q.kinds } : {}), ...(q.rounds ? { rounds: q.rounds } : {}),
    });
    const now = ctx.clock().toISOString();
    // The form carries ID numbers in full: every export is audited (privacy.md §3), counts only.
    await ctx.store.appendAudit({
      at: now, userId: user.id, deviceId: device.id, township: null, action: 'report.form10', entity: 'event', recordId: q.eventId,
      detail: { format: q.format, rows: rows.length },
    });
    if (q.format === 'json') return { rows, townshipNames: namesFor(names, rows.map((r) => r.township)), generatedAt: now, skippedRecords: data.skippedRecords };
    return sendDownload(reply, form10Table(rows, names), q.format, { ascii: `form10-${q.eventId}`, chinese: `应急统表10-${data.event.name}` });
  });
}
