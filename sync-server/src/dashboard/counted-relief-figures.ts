import { GOODS_KINDS, type GoodsKind } from '../../../src/shared/schema/relief';
import type { ReportFigures } from '../../../src/shared/rules/relocation/report-types';
import { toYuan } from '../../../src/shared/rules/relocation/time';
import type { DashboardReliefLine } from '../../../src/shared/protocol/dashboard';
import type { Store } from '../store/store';
import { countedDb, num } from './counted-queries';
import { selectReliefByRound, selectReliefReached } from './counted-relief-queries';
import { utc } from './counted-spans';

type Relief = ReportFigures['relief'];

/** A report row's relief from its summed lines, as ReliefTally.figures() gives it (goods by kind, then unit). */
function figures(lines: readonly DashboardReliefLine[], households: number): Relief {
  const goods = new Map<string, { kind: GoodsKind; unit: string; quantity: number; fen: number }>();
  let cashFen = 0;
  for (const l of lines) {
    if (l.category === 'cash') {
      cashFen += l.fen;
      continue;
    }
    const k = `${l.kind}\u0000${l.unit}`;
    const g = goods.get(k) ?? { kind: l.kind as GoodsKind, unit: l.unit, quantity: 0, fen: 0 };
    g.quantity += l.quantity;
    g.fen += l.fen;
    goods.set(k, g);
  }
  const order = (k: GoodsKind) => GOODS_KINDS.indexOf(k);
  return {
    cashYuan: toYuan(cashFen),
    goods: [...goods.values()]
      .sort((a, b) => order(a.kind) - order(b.kind) || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0))
      .map((g) => ({ kind: g.kind, unit: g.unit, quantity: Math.round(g.quantity * 1000) / 1000, valueYuan: toYuan(g.fen) })),
    goodsValueYuan: toYuan([...goods.values()].reduce((s, g) => s + g.fen, 0)),
    householdsReached: households,
  };
}

/**
 * The report's relief (SPEC D3, D7) summed by the database from the hand-outs counted at ingest: each
 * hand-out given by `at` in the row of the township its household counts in then. Also the lines by
 * township, round and item (the dashboard's relief against entitlements, D8).
 */
export async function countedReliefAt(store: Store, eventId: string, at: string, townships: readonly string[] | null) {
  const db = countedDb(store);
  const atUtc = utc(at);
  const [byRound, reached] = await Promise.all([
    store.queryCompiled(selectReliefByRound(db, eventId, atUtc, townships)),
    store.queryCompiled(selectReliefReached(db, eventId, atUtc, townships)),
  ]);
  const lines: DashboardReliefLine[] = byRound.map((r) => ({
    township: String(r.row_township), round: String(r.round), category: r.category === 'cash' ? 'cash' : 'goods', kind: String(r.kind), unit: String(r.unit),
    quantity: num(r.quantity), fen: num(r.fen), households: num(r.households),
  }));
  const reachedBy = new Map(reached.map((r) => [r.row_township === null ? null : String(r.row_township), num(r.households)]));
  const byTownship = new Map<string, Relief>();
  for (const t of new Set(lines.map((l) => l.township))) byTownship.set(t, figures(lines.filter((l) => l.township === t), reachedBy.get(t) ?? 0));
  return { byTownship, total: figures(lines, reachedBy.get(null) ?? 0), lines };
}
