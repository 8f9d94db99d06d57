import type { Entitlement } from '../../schema/entitlement';
import { roundKey, type ReliefDistribution } from '../../schema/relief';
import { toFen, toYuan } from './time';

interface EntitlementFigures {
  /** Earlier hand-outs of this item to this household in this round. */
  previousCount: number;
  /** Quantities are summed only in the entitlement's unit (when it names one). */
  previousQuantity: number;
  previousValue: number;
  thisQuantity: number;
  thisValue: number;
  totalQuantity: number;
  totalValue: number;
  maxQuantity?: number;
  maxValue?: number;
}

export type EntitlementCheck =
  | { result: 'ok'; entitlement: Entitlement | null; figures: EntitlementFigures }
  | { result: 'warn'; reason: 'repeat-in-round'; entitlement: Entitlement | null; figures: EntitlementFigures }
  | {
      result: 'refuse';
      reason: 'over-entitlement';
      entitlement: Entitlement;
      figures: EntitlementFigures;
      /** By how much the totals pass the limits. */
      over: { quantity?: number; value?: number };
    };

export interface CheckEntitlementOptions {
  /** The township handing out: its own entitlement wins over the county-wide one (township null). */
  township?: string | null;
  /**
   * Whether an earlier hand-out went to the same household. Default: the same household record. A caller
   * that knows two records are one household (same head ID) passes a comparison by head key.
   */
  sameHousehold?: (earlier: ReliefDistribution, handout: ReliefDistribution) => boolean;
}

function applicable(handout: ReliefDistribution, entitlements: readonly Entitlement[], township: string | null | undefined) {
  const candidates = entitlements
    .filter((e) => e.eventId === handout.eventId && e.itemKind === handout.item.kind && roundKey(e.round) === roundKey(handout.round))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const own = township ? candidates.find((e) => e.township === township) : undefined;
  return own ?? candidates.find((e) => e.township === null) ?? null;
}

/**
 * Checks one hand-out against the county's entitlements before it is saved (relocation-relief.md):
 * refuse when it takes the household past the max quantity or value of the item in the round; warn
 * when the household already received this item in this round (the worker confirms, e.g. a first
 * hand-out was short); ok otherwise. An item with no entitlement has no limit, but a repeat still warns
 * because the domain file asks that a second hand-out of an item in a round be caught.
 */
export function checkEntitlement(
  handout: ReliefDistribution,
  previousHandouts: readonly ReliefDistribution[],
  entitlements: readonly Entitlement[],
  options: CheckEntitlementOptions = {},
): EntitlementCheck {
  const same = options.sameHousehold ?? ((a, b) => a.householdId === b.householdId);
  const entitlement = applicable(handout, entitlements, options.township);
  const earlier = previousHandouts.filter(
    (p) =>
      p.id !== handout.id &&
      p.eventId === handout.eventId &&
      p.item.kind === handout.item.kind &&
      roundKey(p.round) === roundKey(handout.round) &&
      same(p, handout),
  );
  const unit = entitlement?.unit ?? handout.unit;
  const inUnit = (h: ReliefDistribution) => (h.unit === unit ? h.quantity : 0);
  const previousQuantity = earlier.reduce((s, p) => s + inUnit(p), 0);
  const previousFen = earlier.reduce((s, p) => s + toFen(p.cashValue), 0);
  const figures: EntitlementFigures = {
    previousCount: earlier.length,
    previousQuantity,
    previousValue: toYuan(previousFen),
    thisQuantity: handout.quantity,
    thisValue: handout.cashValue,
    totalQuantity: previousQuantity + inUnit(handout),
    totalValue: toYuan(previousFen + toFen(handout.cashValue)),
  };
  if (entitlement?.maxQuantity !== undefined) figures.maxQuantity = entitlement.maxQuantity;
  if (entitlement?.maxValue !== undefined) figures.maxValue = entitlement.maxValue;

  if (entitlement) {
    const over: { quantity?: number; value?: number } = {};
    if (entitlement.maxQuantity !== undefined && figures.totalQuantity > entitlement.maxQuantity) {
      over.quantity = figures.totalQuantity - entitlement.maxQuantity;
    }
    if (entitlement.maxValue !== undefined && toFen(figures.totalValue) > toFen(entitlement.maxValue)) {
      over.value = toYuan(toFen(figures.totalValue) - toFen(entitlement.maxValue));
    }
    if (over.quantity !== undefined || over.value !== undefined) {
      return { result: 'refuse', reason: 'over-entitlement', entitlement, figures, over };
    }
  }
  if (earlier.length > 0 && (entitlement?.oncePerRound ?? true)) {
    return { result: 'warn', reason: 'repeat-in-round', entitlement, figures };
  }
  return { result: 'ok', entitlement, figures };
}
