import { drainCounting } from './counter';
import { GOODS_KINDS, type GoodsKind } from '../../../src/shared/schema/relief';
import type { ReportFigures } from '../../../src/shared/rules/relocation/report-types';
import { toYuan } from '../../../src/shared/rules/relocation/time';
import type { DashboardReliefLine } from '../../../src/shared/protocol/dashboard';
import type { Store } from '../store/store';
import { countedDb, num } from './counted-queries';
import { selectReliefAt } from './counted-relief-queries';
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
 * The report's relief (SPEC D3, D7) summed by the database from the hand-outs counted at ingest, in one
 * statement (selectReliefAt): each hand-out given by `at` in the row of the township its household counts
 * in then. Also the lines by township, round and item, and the units counted at `at` each round reached
 * and any hand-out reached (the dashboard's relief against entitlements and households not reached, D8).
 */
export async function countedReliefAt(store: Store, eventId: string, at: string, townships: readonly string[] | null) {
  await drainCounting(store); // SPEC D9
  const rows = await store.queryCompiled(selectReliefAt(countedDb(store), eventId, utc(at), townships));
  const lines: DashboardReliefLine[] = [];
  const reached = new Map<string | null, number>();
  const reachedUnits = new Map<string, number>();
  const reachByRound: { township: string; round: string; reached: number }[] = [];
  for (const r of rows) {
    const n = num(r.households);
    if (r.what === 'line') {
      lines.push({
        township: String(r.row_t), round: String(r.round), category: r.category === 'cash' ? 'cash' : 'goods', kind: String(r.kind), unit: String(r.unit),
        quantity: num(r.quantity), fen: num(r.fen), households: n,
      });
    } else if (r.what === 'row') reached.set(String(r.row_t), n);
    else if (r.what === 'total') reached.set(null, n);
    else if (r.what === 'any') reachedUnits.set(String(r.row_t), n);
    else reachByRound.push({ township: String(r.row_t), round: String(r.round), reached: n });
  }
  const byTownship = new Map<string, Relief>();
  for (const t of new Set(lines.map((l) => l.township))) byTownship.set(t, figures(lines.filter((l) => l.township === t), reached.get(t) ?? 0));
  return { byTownship, total: figures(lines, reached.get(null) ?? 0), lines, reachedUnits, reachByRound };
}
