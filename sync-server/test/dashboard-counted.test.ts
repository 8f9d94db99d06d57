import { describe, expect, it } from 'vitest';
import { countyReport } from '../../src/shared/rules/relocation/county-report';
import type { ReportFigures } from '../../src/shared/rules/relocation/report-types';
import { AT, EARLIER, EVENT, HOUSEHOLDS } from '../../test/fixtures/relocation-event';
import type { StoreKind, TestServer } from '../../test/helpers/server-harness';
import { recountAll, ensureCounted } from '../src/dashboard/backfill';
import { countedFiguresAt, type CountedFigures } from '../src/dashboard/counted-figures';
import { countedDb, deleteEvent } from '../src/dashboard/counted-queries';
import { loadEventData } from '../src/reports/load-event-data';
import { tabletBatch, type SeededEvent } from './relocation-seed';
import { seededEventServer } from './seeded-event-server';

/** The figures of a report row that the spans hold (sites and relief are counted elsewhere). */
const counted = (f: ReportFigures): CountedFigures => ({
  relocated: f.relocated, evacuated: f.evacuated, needEmergencySupport: f.needEmergencySupport, needTransitionalSupport: f.needTransitionalSupport,
  houses: f.houses, casualties: f.casualties,
});

/** Every instant the fixture's counts change at, a millisecond either side, and the report's times. */
const INSTANTS = [
  AT, EARLIER, '2026-06-01T00:00:00Z', '2026-07-30T00:00:00Z',
  ...HOUSEHOLDS.flatMap(({ household: h }) => [h.checkInAt, ...(h.transfers ?? []).map((t) => t.at), ...(h.checkOut ? [h.checkOut.at] : [])])
    .flatMap((iso) => [-1, 0, 1].map((d) => new Date(Date.parse(iso) + d).toISOString())),
];

describe.each<StoreKind>(['sqlite', 'postgres'])('counted households at ingest (%s, issue 16 D1–D2)', (kind) => {
  let server: TestServer;
  let seed: SeededEvent;
  let hmac: (id: string) => string;

  seededEventServer(kind, (started) => ({ server, seed, hmac } = started));

  /** The county report's rule over the same stored records, as the report computed it before issue 16. */
  async function byRule(at: string) {
    const data = await loadEventData(server.store, EVENT.id, null);
    return countyReport(data.event, data.households, data.handouts, data.sites, at, hmac);
  }

  async function expectSameAsRule() {
    for (const at of INSTANTS) {
      const rule = await byRule(at);
      const sums = await countedFiguresAt(server.store, EVENT.id, at, null);
      for (const t of rule.townships) {
        const mine = sums.get(t.township);
        if (mine) expect({ at, t: t.township, f: mine }).toEqual({ at, t: t.township, f: counted(t) });
        else expect(counted(t).relocated.cumulative + counted(t).evacuated).toBe(0);
      }
    }
  }

  it('[D1][D3] the pushed fixture’s spans sum, at every instant its counts change, to the county report’s figures by township', async () => {
    await expectSameAsRule();
    const atAT = await countedFiguresAt(server.store, EVENT.id, AT, null);
    expect([...atAT.values()].reduce((s, f) => s + f.relocated.cumulative, 0)).toBe((await byRule(AT)).total.relocated.cumulative);
  });

  it('[D1] a later push (check-out, a member added who heads another household) re-counts the linked households', async () => {
    const change = tabletBatch('qh-1').find((c) => c.id === 'hh-qh-01')!;
    const h = HOUSEHOLDS.find((x) => x.household.id === 'hh-qh-02')!.household;
    const fields = { ...change.fields, checkOut: { at: '2026-06-24T08:00:00+08:00', destination: 'home' }, members: [{ id: 'member-01-x', name: '李秀英', idNumber: h.head.idNumber, sex: 'female', ageBand: '18-59' }] };
    const res = await server.push(seed.tablets['qh-1'], [{ ...change, seq: 100, baseVersion: 1, fields }]);
    expect(res.statusCode).toBe(200);
    expect((res.json() as { results: { status: string }[] }).results[0]).toMatchObject({ status: 'applied' });
    await expectSameAsRule();
  });

  it('[D2] the backfill counts records stored before migration 010 exactly as ingest does, and runs once', async () => {
    const before = await countedFiguresAt(server.store, EVENT.id, AT, null);
    await server.store.transaction(async (tx) => {
      for (const q of deleteEvent(countedDb(server.store), EVENT.id)) await tx.runCompiled(q);
    });
    expect((await countedFiguresAt(server.store, EVENT.id, AT, null)).size).toBe(0);
    expect(await ensureCounted(server.store, hmac)).toBe(true);
    expect(await countedFiguresAt(server.store, EVENT.id, AT, null)).toEqual(before);
    expect(await ensureCounted(server.store, hmac)).toBe(false);
    const again = await recountAll(server.store, hmac);
    expect(again.households).toBe(HOUSEHOLDS.length);
    await expectSameAsRule();
  });
});
