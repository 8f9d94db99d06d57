/**
 * Issue 15: the working-day calendar and the counties' case parameters as reference data (SPEC K7, K8),
 * on both stores: seeded from the chinese-days package at start, replaced by an administrator, pulled
 * by tablets, and the county's parameters used by the server's transition check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushResponse } from '../../src/shared/protocol/messages';
import { workCalendarYearSchema } from '../../src/shared/schema/work-calendar';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { ANPING } from '../../test/fixtures/areas';
import { loadConfig } from '../src/config';
import { startServer } from '../src/main';
import { packageCalendarYears, seedWorkCalendar } from '../src/reference/seed-work-calendar';
import { caseFlagId } from '../src/sync/case-stale-flag';
import { newId } from './fixtures';
import { createCase, pushStep, stepFields } from './case-fixtures';

const AT = '2026-06-20T08:00:00.000Z';
/** 2027 as an administrator would upload it (invented dates: the State Council announces them late in the year before). */
const YEAR_2027 = {
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-02-06', name: '春节' },
    { date: '2027-02-08', name: '春节' },
  ],
  workdays: [{ date: '2027-02-13', name: '春节' }],
};

describe.each<StoreKind>(['sqlite', 'postgres'])('calendar and case policy as reference data (%s)', (kind) => {
  let server: TestServer;
  let admin: TestSession;
  let worker: TestSession;

  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    admin = await server.session({ role: 'admin' });
    worker = await server.session();
  });
  afterEach(() => server.close());

  it('[K7] seeds every year the package holds, once; never a year of its own; never over an administrator’s year', async () => {
    const years = packageCalendarYears();
    expect(years.length).toBeGreaterThan(10);
    for (const y of years) expect(workCalendarYearSchema.safeParse(y).success).toBe(true);
    // The administrator corrected one year before the seed ran (e.g. a newer announcement).
    const corrected = years.at(-1)!;
    const put = await server.inject('PUT', `/api/admin/calendar/${corrected.year}`, { session: admin, body: { holidays: corrected.holidays.slice(1), workdays: corrected.workdays } });
    expect(put.statusCode, put.body).toBe(200);
    const written = await seedWorkCalendar(server.store, AT);
    expect(written).toEqual(years.map((y) => y.year).filter((y) => y !== corrected.year));
    expect(await seedWorkCalendar(server.store, AT)).toEqual([]);
    const kept = await server.store.getRecord('calendar', corrected.id);
    expect(kept?.fields).toMatchObject({ source: 'admin', holidays: corrected.holidays.slice(1) });
    const audit = await server.store.listAudit({ action: 'calendar.seed', limit: 100 });
    expect(audit.length).toBe(written.length);
  });

  it('[K7] an administrator adds a year; tablets pull it; a bad year is refused with the path; others may not write', async () => {
    const res = await server.inject('PUT', '/api/admin/calendar/2027', { session: admin, body: YEAR_2027 });
    expect(res.statusCode, res.body).toBe(200);
    const pulled = (await server.pull(worker)).json() as { records: { entity: string; id: string; township: string | null; fields: Record<string, unknown> }[] };
    expect(pulled.records.find((r) => r.entity === 'calendar' && r.id === 'calendar-2027')).toMatchObject({ township: null, fields: { year: 2027, source: 'admin' } });

    const weekdayWorkday = await server.inject('PUT', '/api/admin/calendar/2027', { session: admin, body: { ...YEAR_2027, workdays: [{ date: '2027-02-10', name: '春节' }] } });
    expect(weekdayWorkday.statusCode).toBe(400);
    expect(weekdayWorkday.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(JSON.stringify(weekdayWorkday.json())).toContain('calendar.workdayNotWeekend');
    const otherYear = await server.inject('PUT', '/api/admin/calendar/2027', { session: admin, body: { ...YEAR_2027, holidays: [{ date: '2028-01-01', name: '元旦' }] } });
    expect(JSON.stringify(otherYear.json())).toContain('calendar.otherYear');
    const twice = await server.inject('PUT', '/api/admin/calendar/2027', { session: admin, body: { ...YEAR_2027, workdays: [{ date: '2027-02-06', name: '春节' }] } });
    expect(twice.statusCode).toBe(400);
    expect((await server.inject('PUT', '/api/admin/calendar/2027', { session: worker, body: YEAR_2027 })).statusCode).toBe(403);
    // A replacement keeps the record and its id; the list shows it.
    expect((await server.inject('PUT', '/api/admin/calendar/2027', { session: admin, body: { ...YEAR_2027, workdays: [] } })).statusCode).toBe(200);
    expect((await server.store.getRecord('calendar', 'calendar-2027'))?.version).toBe(2);
    const list = (await server.inject('GET', '/api/calendar', { session: worker })).json() as { years: { year: number; workdays: unknown[] }[] };
    expect(list.years.find((y) => y.year === 2027)?.workdays).toEqual([]);
  });

  it('[K8] a county’s case parameters are validated, pulled, and used by the server’s transition check', async () => {
    const bad = await server.inject('PUT', `/api/admin/case-policies/${ANPING}`, {
      session: admin, body: { programmes: { dibao: { decisionWorkingDays: 40, extendedDecisionWorkingDays: 35 } } },
    });
    expect(bad.statusCode).toBe(400);
    expect((await server.inject('PUT', '/api/admin/case-policies/139999000000', { session: admin, body: { programmes: {} } })).statusCode).toBe(400);

    // A 6-day notice: stale under the dibao default of 7 days …
    const notice6 = { start: '2026-06-12', end: '2026-06-17', objections: [] };
    const steps = async (caseId: string) => {
      let seq = (await server.store.countAppliedChanges(worker.deviceId)) + 1;
      const res = await server.push(worker, [
        { ...createCase(0, caseId), seq: seq++ },
        ...[
          stepFields(worker, caseId, 'survey', { surveyId: newId('sv'), visitKind: 'new-application' }),
          stepFields(worker, caseId, 'township-opinion', { proposal: 'grant', amount: 300 }),
          stepFields(worker, caseId, 'notice', notice6),
        ].map((f) => ({ ...pushStep(0, f), seq: seq++ })),
      ]);
      expect((res.json() as PushResponse).results.every((r) => r.status === 'applied')).toBe(true);
      return server.store.getRecord('flag', caseFlagId(caseId));
    };
    expect((await steps(newId('case')))?.fields).toMatchObject({ reasons: [{ rule: 'CL5', reason: 'notice.tooShort' }] });
    // … legal once the county sets 5 days for dibao.
    const ok = await server.inject('PUT', `/api/admin/case-policies/${ANPING}`, { session: admin, body: { programmes: { dibao: { noticeDays: 5 } } } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await steps(newId('case'))).toBeNull();
    const pulled = (await server.pull(worker)).json() as { records: { entity: string; fields: Record<string, unknown> }[] };
    expect(pulled.records.find((r) => r.entity === 'casePolicy')?.fields).toMatchObject({ county: ANPING, programmes: { dibao: { noticeDays: 5 } } });
  });
});

describe('[K7] server start', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('seeds the calendar on the first start and adds nothing on the next', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tidemark-calendar-'));
    dirs.push(dataDir);
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SCRYPT_COST: '1024' });
    const first: string[] = [];
    let running = await startServer(config, (l) => first.push(l));
    const years = packageCalendarYears();
    expect(first.some((l) => l.startsWith(`Working-day calendar: added ${years.length} year(s)`))).toBe(true);
    expect((await running.store.getRecord('calendar', years[0]!.id))?.fields).toMatchObject({ source: 'package' });
    await running.close();
    const second: string[] = [];
    running = await startServer(config, (l) => second.push(l));
    expect(second.some((l) => l.startsWith('Working-day calendar'))).toBe(false);
    await running.close();
  });
});
