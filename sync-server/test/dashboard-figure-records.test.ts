import { beforeEach, describe, expect, it } from 'vitest';
import { deduplicateHouseholds } from '../../src/shared/rules/relocation/deduplicate-households';
import { roundKey } from '../../src/shared/schema/relief';
import { voidRecordId } from '../../src/shared/schema/relief-correction';
import type { Change } from '../../src/shared/protocol/messages';
import type { DashboardFigureRecordsResponse, DashboardFlagRecordsResponse, DashboardHandoutRecordsResponse, DashboardOverviewResponse } from '../../src/shared/protocol/dashboard';
import { AT, EVENT, HOUSEHOLDS, LL, QH } from '../../test/fixtures/relocation-event';
import type { StoreKind, TestServer } from '../../test/helpers/server-harness';
import { listAllRecords } from '../src/reports/list-all-records';
import { loadEventData } from '../src/reports/load-event-data';
import { sha256Hex } from '../src/sync/sha256-hex';
import { codeOf, type SeededEvent } from './relocation-seed';
import { seededEventServer } from './seeded-event-server';

/**
 * SPEC D10: every relief, "not reached" and flag figure of the dashboard opens the records it counts —
 * the same set, from the same statement or reading, on both stores. The fixture's relief-08 (柳林乡's
 * only round-1 hand-out to hh-ll-10) is voided and relief-02 corrected before the dashboard is read.
 */
describe.each<StoreKind>(['sqlite', 'postgres'])('the records behind the relief, reach and flag figures (%s, issue 16 D10)', (kind) => {
  let server: TestServer;
  let seed: SeededEvent;
  let hmac: (id: string) => string;

  seededEventServer(kind, (started) => ({ server, seed, hmac } = started));
  beforeEach(async () => {
    const change = (seq: number, id: string, fields: Record<string, unknown>): Change => ({ seq, entity: 'relief-correction', baseVersion: 0, formVersion: 1, changedAt: '2026-06-24T02:00:00.000Z', id, fields: { id, ...fields } });
    const voidId = await voidRecordId('relief-08', sha256Hex);
    const fixQh = await server.push(seed.tablets['qh-1'], [
      change(300, 'rc-d10-02', { originalId: 'relief-02', action: 'correct', reason: '核对', at: '2026-06-24T10:00:00+08:00', by: '王干事', corrected: { item: { category: 'goods', kind: 'quilt' }, quantity: 2, unit: '床', cashValue: 100, payment: 'in-kind' } }),
    ]);
    const voidLl = await server.push(seed.tablets['ll-1'], [change(301, voidId, { originalId: 'relief-08', action: 'void', reason: '重复登记', at: '2026-06-24T10:00:00+08:00', by: '李干事' })]);
    for (const res of [fixQh, voidLl]) expect((res.json() as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['applied']);
  });

  const get = async <T,>(path: string, q: Record<string, string>) => {
    const res = await server.inject('GET', `${path}?${new URLSearchParams({ eventId: EVENT.id, at: AT, ...q })}`, { session: seed.supervisor });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  };
  const overview = () => get<DashboardOverviewResponse>('/api/dashboard/overview', {});
  const records = <T,>(q: Record<string, string>) => get<T>('/api/dashboard/records', q);

  it('[D10][D8] a township’s relief of a round (and of one item) opens the hand-outs it sums: corrected values, the voided one left out', async () => {
    const body = await overview();
    const keys = [...new Set(body.relief.map((l) => `${l.township}\u0000${l.round}`))];
    expect(keys.length).toBeGreaterThan(2);
    for (const key of keys) {
      const [township, round] = key.split('\u0000') as [string, string];
      const lines = body.relief.filter((l) => l.township === township && l.round === round);
      const list = await records<DashboardHandoutRecordsResponse>({ kind: 'relief', township, round });
      expect(list.kind).toBe('relief');
      expect(list.truncated).toBe(false);
      expect(list.handouts.every((h) => h.township === township && h.round === round && h.head.length > 0)).toBe(true);
      // Each line of the figure is the sum of its hand-outs, and its households the distinct households they count as.
      const sums = (hs: typeof list.handouts) =>
        [...new Set(hs.map((h) => `${h.kind}\u0000${h.unit}`))].sort().map((k) => {
          const mine = hs.filter((h) => `${h.kind}\u0000${h.unit}` === k);
          return { k, quantity: Math.round(mine.reduce((s, h) => s + h.quantity, 0) * 1000) / 1000, fen: mine.reduce((s, h) => s + h.fen, 0), households: new Set(mine.map((h) => h.countedAs)).size };
        });
      expect({ key, sums: sums(list.handouts) }).toEqual({ key, sums: lines.map((l) => ({ k: `${l.kind}\u0000${l.unit}`, quantity: l.quantity, fen: l.fen, households: l.households })).sort((a, b) => (a.k < b.k ? -1 : 1)) });
      for (const l of lines) {
        const one = await records<DashboardHandoutRecordsResponse>({ kind: 'relief', township, round, item: l.kind });
        expect(one.handouts.filter((h) => h.unit === l.unit).reduce((s, h) => s + h.fen, 0)).toBe(l.fen);
      }
    }
    const all = (await Promise.all(keys.map((k) => records<DashboardHandoutRecordsResponse>({ kind: 'relief', township: k.split('\u0000')[0]!, round: k.split('\u0000')[1]! })))).flatMap((r) => r.handouts);
    expect(all.map((h) => h.id)).not.toContain('relief-08');
    expect(all.find((h) => h.id === 'relief-02')).toMatchObject({ corrected: true, kind: 'quilt', quantity: 2, fen: 10000 });
    expect(all.find((h) => h.id === 'relief-01')).toMatchObject({ corrected: false, category: 'cash', fen: 100000 });
  });

  it('[D10][D6] a township’s “not reached” (by round, and by any round) opens exactly the households it counts', async () => {
    const body = await overview();
    const data = await loadEventData(server.store, EVENT.id, null);
    const units = deduplicateHouseholds(data.households, AT, hmac).filter((u) => u.stay.status !== 'pending');
    const rounds = [...new Set(body.relief.map((l) => l.round))];
    let some = 0;
    for (const r of body.reach) {
      const mine = units.filter((u) => u.representative.township === r.township);
      for (const round of [undefined, ...rounds]) {
        const given = new Set(data.handouts.filter((h) => (round === undefined || roundKey(h.round) === round) && Date.parse(h.at) <= Date.parse(AT)).map((h) => h.householdId));
        const figure = round === undefined ? r.notReached : r.households - (body.reachByRound.find((x) => x.township === r.township && x.round === round)?.reached ?? 0);
        const list = await records<DashboardFigureRecordsResponse>({ kind: 'not-reached', township: r.township, ...(round ? { round } : {}) });
        expect(list.kind).toBe('not-reached');
        expect({ t: r.township, round, n: list.records.length }).toEqual({ t: r.township, round, n: figure });
        expect(list.records.map((x) => x.id).sort()).toEqual(mine.filter((u) => !u.records.some((h) => given.has(h.id))).map((u) => u.representative.id).sort());
        some += figure;
      }
    }
    expect(some).toBeGreaterThan(0);
    // The voided hand-out was hh-ll-10's only one of round 1: it is not reached now.
    const ll = body.reach.find((r) => r.township !== body.report.townships[0]!.township)!;
    expect((await records<DashboardFigureRecordsResponse>({ kind: 'not-reached', township: ll.township, round: '1' })).records.map((x) => x.id)).toContain('hh-ll-10');
  });

  it('[D10][D6] a township’s open flags of a kind open those flags with the records they name', async () => {
    const body = await overview();
    const open = (await listAllRecords(server.store, { entity: 'flag', townships: null })).filter((r) => r.fields.status === 'open' && r.fields.eventId === EVENT.id);
    expect([...new Set(body.flags.map((f) => f.kind))].sort()).toEqual(['double-handout', 'duplicate-person']);
    for (const f of body.flags) {
      const list = await records<DashboardFlagRecordsResponse>({ kind: 'flags', township: f.township, flagKind: f.kind });
      expect(list.flags).toHaveLength(f.open);
      const stored = open.filter((r) => r.township === f.township && r.fields.kind === f.kind);
      expect(list.flags.map((x) => x.id).sort()).toEqual(stored.map((r) => r.id).sort());
      for (const x of list.flags) {
        expect(x.records.map((r) => r.id).sort()).toEqual([...(stored.find((r) => r.id === x.id)!.fields.recordIds as string[])].sort());
        expect(x.records.every((r) => r.head.length > 0 && r.entity === (f.kind === 'double-handout' ? 'relief' : 'household'))).toBe(true);
      }
      if (f.kind === 'double-handout') expect(list.flags.flatMap((x) => x.records.map((r) => r.handout?.kind))).toContain('quilt');
    }
  });

  it('[D10] a flag naming a household of a township outside the caller’s area lists it without its head or village', async () => {
    // 张建国 (清河镇's hh-qh-01) registered again by a 柳林乡 tablet, dispersed: a person named in both townships.
    const again = JSON.parse(JSON.stringify(HOUSEHOLDS.find((h) => h.household.id === 'hh-qh-01')!.household)) as Record<string, unknown>;
    Object.assign(again, { id: 'hh-ll-d10', placement: 'dispersed', dispersedKind: 'relatives', origin: { village: '柳林村' } });
    delete again.shelterSiteId;
    const pushed = await server.push(seed.tablets['ll-1'], [{ seq: 400, entity: 'household', id: 'hh-ll-d10', baseVersion: 0, formVersion: 1, changedAt: '2026-06-24T02:00:00.000Z', fields: again }]);
    expect((pushed.json() as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['applied']);
    let elsewhere = 0;
    for (const name of [QH, LL]) {
      const mine = codeOf(name);
      const township = await server.session({ role: 'supervisor', township: mine, county: null });
      for (const flagKind of ['duplicate-person', 'double-handout']) {
        const res = await server.inject('GET', `/api/dashboard/records?${new URLSearchParams({ eventId: EVENT.id, at: AT, kind: 'flags', township: mine, flagKind })}`, { session: township });
        expect(res.statusCode, res.body).toBe(200);
        const named = (res.json() as DashboardFlagRecordsResponse).flags.flatMap((f) => f.records);
        expect(named.filter((r) => r.township !== mine).every((r) => r.head === '' && r.village === '')).toBe(true);
        expect(named.filter((r) => r.township === mine).every((r) => r.head.length > 0)).toBe(true);
        elsewhere += named.filter((r) => r.township !== mine).length;
      }
    }
    expect(elsewhere).toBeGreaterThan(0); // the fixture's person registered in both townships
  });

  it('[D10] scoped and audited: a township out of the caller’s area is OUT_OF_AREA, a worker 403, a figure without its township invalid', async () => {
    const township = (await overview()).reach[0]!.township;
    await records({ kind: 'not-reached', township });
    const audit = (await server.store.listAudit({ limit: 1000 })).filter((a) => a.action === 'dashboard.records');
    expect(audit.at(-1)?.detail).toMatchObject({ kind: 'not-reached', township, count: expect.any(Number) });
    const q = (extra: Record<string, string>) => `/api/dashboard/records?${new URLSearchParams({ eventId: EVENT.id, at: AT, ...extra })}`;
    expect((await server.inject('GET', q({ kind: 'relief', township: '110101001', round: '1' }), { session: seed.supervisor })).json().error.code).toBe('OUT_OF_AREA');
    expect((await server.inject('GET', q({ kind: 'relief', township }), { session: seed.supervisor })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await server.inject('GET', q({ kind: 'flags', township, flagKind: 'double-handout' }), { session: seed.tablets['qh-1'] })).statusCode).toBe(403);
  });
});
