import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { calendarRecordId, workCalendarYearSchema } from '../../../src/shared/schema/work-calendar';
import { casePolicyId, casePolicySchema } from '../../../src/shared/schema/case-policy';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { appError } from '../errors';
import { listAllRecords } from '../reports/list-all-records';
import { writeReferenceRecord } from '../sync/write-reference-record';
import { adminRecordView } from './admin-records';

const yearParam = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
const countyParam = z.object({ county: z.string().regex(/^\d{6}000000$/, 'division.countyCode') });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The working-day calendar and the counties' case-lifecycle parameters (issue 15): reference data that
 * tablets pull (SPEC K7, K8). An administrator adds or replaces a calendar year as a whole (an upload of
 * the State Council's announcement), and sets a county's parameters per programme. Everyone signed in
 * may read them.
 */
export function adminCalendarRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/calendar', { preHandler: requireAuth(ctx) }, async () => {
    const years = await listAllRecords(ctx.store, { entity: 'calendar', townships: null });
    return { years: years.map((r) => r.fields).sort((a, b) => Number(a.year) - Number(b.year)) };
  });

  app.put('/api/admin/calendar/:year', { preHandler: requireAuth(ctx, ['admin']) }, async (request) => {
    const { user, device } = caller(request);
    const { year } = yearParam.parse(request.params);
    if (!isObject(request.body)) throw appError('VALIDATION_FAILED', { issues: [{ path: '', message: 'body.object' }] });
    // An administrator's year replaces the package's; the URL names the year.
    const fields = workCalendarYearSchema.parse({ ...request.body, id: calendarRecordId(year), year, source: 'admin' });
    const existing = await ctx.store.getRecord('calendar', fields.id);
    const record = await writeReferenceRecord(ctx, {
      entity: 'calendar', id: fields.id, township: null, fields: fields as unknown as Record<string, unknown>,
      mode: existing ? 'update' : 'create', userId: user.id, deviceId: device.id,
    });
    return { record: adminRecordView(record) };
  });

  app.put('/api/admin/case-policies/:county', { preHandler: requireAuth(ctx, ['admin']) }, async (request) => {
    const { user, device } = caller(request);
    const { county } = countyParam.parse(request.params);
    if (!isObject(request.body)) throw appError('VALIDATION_FAILED', { issues: [{ path: '', message: 'body.object' }] });
    const fields = casePolicySchema.parse({ ...request.body, id: casePolicyId(county), county });
    const known = (await ctx.store.listDivisions()).some((d) => d.code === county && d.level === 'county');
    if (!known) throw appError('VALIDATION_FAILED', { issues: [{ path: 'county', message: 'division.unknownCounty' }] });
    const existing = await ctx.store.getRecord('casePolicy', fields.id);
    // Pulled by every tablet (township null): each picks its own county's record.
    const record = await writeReferenceRecord(ctx, {
      entity: 'casePolicy', id: fields.id, township: null, fields: fields as unknown as Record<string, unknown>,
      mode: existing ? 'update' : 'create', userId: user.id, deviceId: device.id,
    });
    return { record: adminRecordView(record) };
  });
}
