import { describe, expect, it } from 'vitest';
import { countyReport } from '../../src/shared/rules/relocation/county-report';
import { deduplicateHouseholds } from '../../src/shared/rules/relocation/deduplicate-households';
import { roundKey } from '../../src/shared/schema/relief';
import { voidRecordId } from '../../src/shared/schema/relief-correction';
import type { Change } from '../../src/shared/protocol/messages';
import { AT, EARLIER, ENTITLEMENTS, EVENT, HANDOUTS, HOUSEHOLDS } from '../../test/fixtures/relocation-event';
import type { StoreKind, TestServer } from '../../test/helpers/server-harness';
import { ensureCounted, recountAllRelief } from '../src/dashboard/backfill';
import { countedReliefAt } from '../src/dashboard/counted-relief-figures';
import { countedDb } from '../src/dashboard/counted-queries';
import { deleteReliefAll } from '../src/dashboard/counted-relief-queries';
import type { DashboardOverview } from '../src/dashboard/overview';
import { loadEventData } from '../src/reports/load-event-data';
import { sha256Hex } from '../src/sync/sha256-hex';
import { withCodes, type SeededEvent } from './relocation-seed';
import { seededEventServer } from './seeded-event-server';

/** Every instant a hand-out or a household's count changes at, a millisecond either side, and the report's times. */
const INSTANTS = [
  AT, EARLIER, '2026-06-01T00:00:00Z', '2026-07-30T00:00:00Z',
  ...[...HANDOUTS.map((h) => h.handout.at), ...HOUSEHOLDS.flatMap(({ household: h }) => [h.checkInAt, ...(h.transfers ?? []).map((t) => t.at), ...(h.checkOut ? [h.checkOut.at] : [])])]
    .flatMap((iso) => [-1, 0, 1].map((d) => new Date(Date.parse(iso) + d).toISOString())),
];

describe.each<StoreKind>(['sqlite', 'postgres'])('relief counted at ingest (%s, issue 16 D7–D8)', (kind) => {
  let server: TestServer;
  let seed: SeededEvent;
  let hmac: (id: string) => string;
  let seq = 200;

  seededEventServer(kind, (started) => ({ server, seed, hmac } = started));

  /** The county report's rule over the stored records (hand-outs read through their corrections). */
  async function byRule(at: string, round?: string) {
    const data = await loadEventData(server.store, EVENT.id, null);
    const handouts = round === undefined ? data.handouts : data.handouts.filter((h) => roundKey(h.round) === round);
    return countyReport(data.event, data.households, handouts, data.sites, at, hmac);
  }

  async function expectSameAsRule() {
    for (const at of INSTANTS) {
      const rule = await byRule(at);
      const sums = await countedReliefAt(server.store, EVENT.id, at, null);
      expect({ at, total: sums.total }).toEqual({ at, total: rule.total.relief });
      for (const t of rule.townships) {
        const mine = sums.byTownship.get(t.township);
        if (mine) expect({ at, t: t.township, relief: mine }).toEqual({ at, t: t.township, relief: t.relief });
        else expect({ at, t: t.township, reached: t.relief.householdsReached, cash: t.relief.cashYuan, goods: t.relief.goods }).toEqual({ at, t: t.township, reached: 0, cash: 0, goods: [] });
      }
    }
  }

  const correction = async (originalId: string, action: 'void' | 'correct', corrected?: Record<string, unknown>): Promise<Change> => {
    const id = action === 'void' ? await voidRecordId(originalId, sha256Hex) : `rc-dash-${++seq}`;
    return {
      seq: ++seq, entity: 'relief-correction', baseVersion: 0, formVersion: 1, changedAt: '2026-06-27T02:00:00.000Z', id,
      fields: JSON.parse(JSON.stringify({ id, originalId, action, reason: '核对', at: '2026-06-27T10:00:00+08:00', by: '王干事', corrected })) as Record<string, unknown>,
    };
  };

  it('[D7][D3] the pushed hand-outs’ rows sum, at every instant, to the county report’s relief by township and in total', async () => {
    await expectSameAsRule();
    const total = (await countedReliefAt(server.store, EVENT.id, AT, null)).total;
    expect(total.cashYuan).toBeGreaterThan(0);
    expect(total.goods.length).toBeGreaterThan(0);
  });

  it('[D7] a void and a correction pushed later change the hand-out’s row in the same transaction; the backfill counts the same rows', async () => {
    const before = (await countedReliefAt(server.store, EVENT.id, AT, null)).total;
    const pushed = await server.push(seed.tablets['qh-1'], [
      await correction('relief-01', 'void'),
      await correction('relief-02', 'correct', { item: { category: 'goods', kind: 'quilt' }, quantity: 2, unit: '床', cashValue: 100, payment: 'in-kind' }),
    ]);
    expect((pushed.json() as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const after = (await countedReliefAt(server.store, EVENT.id, AT, null)).total;
    expect(after.cashYuan).toBe(before.cashYuan - 1000);
    expect(after.goodsValueYuan).toBe(before.goodsValueYuan - 100);
    await expectSameAsRule();

    const counted = await countedReliefAt(server.store, EVENT.id, AT, null);
    await server.store.transaction(async (tx) => {
      for (const q of deleteReliefAll(countedDb(server.store))) await tx.runCompiled(q);
    });
    expect((await countedReliefAt(server.store, EVENT.id, AT, null)).total.householdsReached).toBe(0);
    expect(await recountAllRelief(server.store)).toEqual({ handouts: HANDOUTS.length });
    expect(await countedReliefAt(server.store, EVENT.id, AT, null)).toEqual(counted);
    await ensureCounted(server.store, hmac);
    expect(await ensureCounted(server.store, hmac)).toBe(false);
    expect(await countedReliefAt(server.store, EVENT.id, AT, null)).toEqual(counted);
  });

  it('[D7][D9] a void and a correction the county makes online (POST /api/relief/:id/corrections) are counted as pushed ones are', async () => {
    const before = (await countedReliefAt(server.store, EVENT.id, AT, null)).total;
    const voided = await server.inject('POST', '/api/relief/relief-01/corrections', { session: seed.supervisor, body: { action: 'void', reason: '县里核实重复' } });
    expect(voided.statusCode).toBe(201);
    const corrected = await server.inject('POST', '/api/relief/relief-02/corrections', {
      session: seed.supervisor,
      body: { action: 'correct', reason: '核对领款单', corrected: { item: { category: 'goods', kind: 'quilt' }, quantity: 2, unit: '床', cashValue: 100, payment: 'in-kind' } },
    });
    expect(corrected.statusCode).toBe(201);
    const after = (await countedReliefAt(server.store, EVENT.id, AT, null)).total;
    expect(after.cashYuan).toBe(before.cashYuan - 1000);
    expect(after.goodsValueYuan).toBe(before.goodsValueYuan - 100);
    await expectSameAsRule();
  });

  it('[D8] the dashboard’s relief by township, round and item sums to the rule over that round’s hand-outs; households reached per round; the entitlements', async () => {
    for (const e of ENTITLEMENTS) {
      const res = await server.inject('POST', '/api/admin/entitlements', { session: seed.admin, body: withCodes(JSON.parse(JSON.stringify(e)) as Record<string, unknown>) });
      expect(res.statusCode).toBe(201);
    }
    const res = await server.inject('GET', `/api/dashboard/overview?${new URLSearchParams({ eventId: EVENT.id, at: AT })}`, { session: seed.supervisor });
    expect(res.statusCode).toBe(200);
    const body = res.json() as DashboardOverview;
    const rounds = [...new Set(body.relief.map((l) => l.round))].sort();
    expect(rounds).toEqual(['1', '2']);
    const data = await loadEventData(server.store, EVENT.id, null);
    const units = deduplicateHouseholds(data.households, AT, hmac).filter((u) => u.stay.status !== 'pending');
    for (const round of rounds) {
      const rule = await byRule(AT, round);
      for (const t of rule.townships) {
        const lines = body.relief.filter((l) => l.round === round && l.township === t.township);
        const cashFen = lines.filter((l) => l.category === 'cash').reduce((s, l) => s + l.fen, 0);
        const goods = lines.filter((l) => l.category === 'goods').map((l) => ({ kind: l.kind, unit: l.unit, quantity: l.quantity, valueYuan: l.fen / 100 }));
        expect({ round, t: t.township, cash: cashFen / 100, goods: goods.sort((a, b) => (a.kind + a.unit < b.kind + b.unit ? -1 : 1)) }).toEqual({
          round, t: t.township, cash: t.relief.cashYuan, goods: [...t.relief.goods].sort((a, b) => (a.kind + a.unit < b.kind + b.unit ? -1 : 1)),
        });
        // Households of this township counted at AT that a hand-out of this round reached (by any of their records).
        const given = new Set(data.handouts.filter((h) => roundKey(h.round) === round && Date.parse(h.at) <= Date.parse(AT)).map((h) => h.householdId));
        const reached = units.filter((u) => u.representative.township === t.township && u.records.some((h) => given.has(h.id))).length;
        expect({ round, t: t.township, reached: body.reachByRound.find((r) => r.round === round && r.township === t.township)?.reached ?? 0 }).toEqual({ round, t: t.township, reached });
      }
    }
    expect(body.entitlements.map((e) => `${e.round}:${e.itemKind}:${e.township === null ? '*' : 'T'}`).sort()).toEqual(
      ENTITLEMENTS.map((e) => `${roundKey(e.round)}:${e.itemKind}:${e.township === null ? '*' : 'T'}`).sort(),
    );
  });
});
