import { GOODS_KINDS, type GoodsKind, type ReliefDistribution } from '../../schema/relief';
import type { ReportFigures } from './report-types';
import { toFen, toYuan } from './time';

/**
 * Sums hand-outs for one report row: cash in fen (never drifting floats), goods by kind and unit
 * (quilts in 床 and rice in kg cannot be added), households reached by household key. Every ledger
 * entry counts, a double hand-out included: it was handed out (the county resolves its flag).
 */
export class ReliefTally {
  private cashFen = 0;
  private readonly goods = new Map<string, { kind: GoodsKind; unit: string; quantity: number; fen: number }>();
  private readonly households = new Set<string>();

  add(h: ReliefDistribution, householdKey: string): void {
    this.households.add(householdKey);
    if (h.item.category === 'cash') {
      this.cashFen += toFen(h.cashValue);
      return;
    }
    const k = `${h.item.kind}\u0000${h.unit}`;
    const line = this.goods.get(k) ?? { kind: h.item.kind, unit: h.unit, quantity: 0, fen: 0 };
    line.quantity += h.quantity;
    line.fen += toFen(h.cashValue);
    this.goods.set(k, line);
  }

  figures(): ReportFigures['relief'] {
    const order = (k: GoodsKind) => GOODS_KINDS.indexOf(k);
    const goods = [...this.goods.values()]
      .sort((a, b) => order(a.kind) - order(b.kind) || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0))
      .map((g) => ({ kind: g.kind, unit: g.unit, quantity: Math.round(g.quantity * 1000) / 1000, valueYuan: toYuan(g.fen) }));
    return {
      cashYuan: toYuan(this.cashFen),
      goods,
      goodsValueYuan: toYuan([...this.goods.values()].reduce((s, g) => s + g.fen, 0)),
      householdsReached: this.households.size,
    };
  }
}
