import { describe, expect, it } from 'vitest';
import { countyReport } from '../../src/shared/rules/relocation/county-report';
import { deduplicateHouseholds } from '../../src/shared/rules/relocation/deduplicate-households';
import { shelterOccupancy } from '../../src/shared/rules/relocation/shelter-occupancy';
import type { CountyReport } from '../../src/shared/rules/relocation/report-types';
import { AT, EVENT } from '../../test/fixtures/relocation-event';
import type { StoreKind, TestServer } from '../../test/helpers/server-harness';
import type { DashboardOverview } from '../src/dashboard/overview';
import type { DashboardFigureRecordsResponse } from '../../src/shared/protocol/dashboard';
import { listAllRecords } from '../src/reports/list-all-records';
import { loadEventData } from '../src/reports/load-event-data';
import type { SeededEvent } from './relocation-seed';
import { seededEventServer } from './seeded-event-server';

const url = (extra: Record<string, string> = {}) => `/api/dashboard/overview?${new URLSearchParams({ eventId: EVENT.id, at: AT, ...extra })}`;
const endOfDay = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000 - 1).toISOString();

describe.each<StoreKind>(['sqlite', 'postgres'])('event dashboard (%s, issue 16 D4–D6)', (kind) => {
  let server: TestServer;
  let seed: SeededEvent;
  let hmac: (id: string) => string;

  seededEventServer(kind, (started) => ({ server, seed, hmac } = started));

  const get = async () => {
    const res = await server.inject('GET', url(), { session: seed.supervisor });
    expect(res.statusCode).toBe(200);
    return res.json() as DashboardOverview & { townshipNames: Record<string, string> };
  };

  it('[D4][D3] the figures are the county report’s (one source: the counted households); a worker gets 403', async () => {
    const body = await get();
    const report = (await server.inject('GET', `/api/reports/relocation?${new URLSearchParams({ eventId: EVENT.id, at: AT })}`, { session: seed.supervisor })).json() as { report: CountyReport };
    expect(body.report).toEqual(report.report);
    expect(body.townshipNames[body.report.townships[0]!.township]).toBe('清河镇');
    expect((await server.inject('GET', url(), { session: seed.tablets['qh-1'] })).statusCode).toBe(403);
    expect((await server.inject('GET', `/api/dashboard/overview?eventId=${EVENT.id}&at=soon`, { session: seed.supervisor })).json().error.code).toBe('VALIDATION_FAILED');
  });

  it('[D5][D7] people by day and township, each day as the county report counts at its end (China time), from the spans’ day columns', async () => {
    const body = await get();
    const data = await loadEventData(server.store, EVENT.id, null);
    const days = [...new Set(body.series.map((p) => p.day))];
    expect(days[0]).toBe(EVENT.startDate);
    expect(days.at(-1)).toBe('2026-06-25');
    for (const day of days) {
      const at = day === '2026-06-25' ? AT : endOfDay(day);
      const rule = countyReport(data.event, data.households, data.handouts, data.sites, at, hmac);
      for (const t of rule.townships) {
        const p = body.series.find((x) => x.day === day && x.township === t.township);
        expect({ day, t: t.township, cum: p?.relocatedCumulative ?? 0, cur: p?.relocatedCurrent ?? 0, cc: p?.centralisedCurrent ?? 0, dc: p?.dispersedCurrent ?? 0 }).toEqual({
          day, t: t.township, cum: t.relocated.cumulative, cur: t.relocated.current, cc: t.relocated.centralised.current, dc: t.relocated.dispersed.current,
        });
      }
    }
  });

  it('[D6] open sites with occupancy by the shared rule, overfull first; households not reached; open flags by township', async () => {
    const body = await get();
    const data = await loadEventData(server.store, EVENT.id, null);
    expect(body.sites.length).toBeGreaterThan(0);
    for (const s of body.sites) {
      const site = data.sites.find((x) => x.id === s.siteId)!;
      const rule = shelterOccupancy(site, data.households, AT, hmac);
      expect({ id: s.siteId, people: s.people, over: s.overCapacity, sphere: s.belowSphere }).toEqual({ id: site.id, people: rule.people, over: rule.overCapacity, sphere: !rule.meetsSphere });
    }
    const flagged = body.sites.map((s) => s.overCapacity || s.belowSphere);
    expect(flagged).toEqual([...flagged].sort((a, b) => Number(b) - Number(a)));
    expect(flagged[0]).toBe(true); // the fixture's school holds more than 45 m² / 3.5 allows

    const units = deduplicateHouseholds(data.households, AT, hmac).filter((u) => u.stay.status !== 'pending');
    const given = new Set(data.handouts.filter((h) => Date.parse(h.at) <= Date.parse(AT)).map((h) => h.householdId));
    for (const r of body.reach) {
      const mine = units.filter((u) => u.representative.township === r.township);
      expect(r).toEqual({ township: r.township, households: mine.length, notReached: mine.filter((u) => !u.records.some((h) => given.has(h.id))).length });
    }
    expect(body.reach.some((r) => r.notReached > 0)).toBe(true);

    const open = (await listAllRecords(server.store, { entity: 'flag', townships: null })).filter((r) => r.fields.status === 'open' && r.fields.eventId === EVENT.id);
    expect(open.length).toBeGreaterThan(0);
    expect(body.flags.reduce((s, f) => s + f.open, 0)).toBe(open.length);
    for (const f of body.flags) expect(f.open).toBe(open.filter((r) => r.township === f.township && r.fields.kind === f.kind).length);
  });

  it('[D8] the records behind a day’s and a site’s figure are the representative records of the units the rule counts then; a worker gets 403', async () => {
    const data = await loadEventData(server.store, EVENT.id, null);
    const units = deduplicateHouseholds(data.households, AT, hmac).filter((u) => u.stay.status !== 'pending' && u.representative.evacuationKind === 'relocation');
    const records = async (extra: Record<string, string> = {}) => {
      const res = await server.inject('GET', `/api/dashboard/records?${new URLSearchParams({ eventId: EVENT.id, at: AT, ...extra })}`, { session: seed.supervisor });
      expect(res.statusCode).toBe(200);
      return res.json() as DashboardFigureRecordsResponse;
    };
    const all = await records();
    expect(all.truncated).toBe(false);
    expect(all.records.map((r) => r.id).sort()).toEqual(units.map((u) => u.representative.id).sort());
    expect(all.records.reduce((s, r) => s + r.people, 0)).toBe((await get()).report.total.relocated.cumulative);
    const site = data.sites.find((s) => units.some((u) => u.stay.status === 'current' && u.stay.siteId === s.id))!;
    const here = await records({ siteId: site.id });
    expect(here.siteName).toBe(site.name);
    expect(here.records.map((r) => r.id).sort()).toEqual(units.filter((u) => u.stay.status === 'current' && u.stay.siteId === site.id).map((u) => u.representative.id).sort());
    expect(here.records.every((r) => r.current && r.head.length > 0)).toBe(true);
    expect((await server.store.listAudit({ limit: 1000 })).filter((a) => a.action === 'dashboard.records')).toHaveLength(2);
    expect((await server.inject('GET', `/api/dashboard/records?eventId=${EVENT.id}&at=${encodeURIComponent(AT)}`, { session: seed.tablets['qh-1'] })).statusCode).toBe(403);
  });
});
