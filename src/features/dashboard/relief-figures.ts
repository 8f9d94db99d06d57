import type { DashboardEntitlement, DashboardOverviewResponse, DashboardReliefLine } from '../../shared/protocol/dashboard';

/** Rounds in the county's order: numbered ones by number, then named ones by name. */
const byRound = (a: string, b: string) => {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  if (Number.isFinite(na) !== Number.isFinite(nb)) return Number.isFinite(na) ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
};

export interface RoundReach {
  township: string;
  round: string;
  /** Households counted at the report's time. */
  counted: number;
  reached: number;
  notReached: number;
}

/**
 * Per township (the report's order) and every round any hand-out names: households counted, those the
 * round reached and those it has not yet (SPEC D8). A township no hand-out of a round reached has that
 * round too, with none reached.
 */
export function roundReach(o: DashboardOverviewResponse): RoundReach[] {
  const rounds = [...new Set([...o.relief.map((l) => l.round), ...o.reachByRound.map((r) => r.round)])].sort(byRound);
  return o.reach.flatMap((t) =>
    rounds.map((round) => {
      const reached = o.reachByRound.find((r) => r.township === t.township && r.round === round)?.reached ?? 0;
      return { township: t.township, round, counted: t.households, reached, notReached: t.households - reached };
    }),
  );
}

/** The relief lines by township (the report's order), round and item, with the township's households counted. */
export function reliefLines(o: DashboardOverviewResponse): (DashboardReliefLine & { counted: number })[] {
  const order = (t: string) => {
    const i = o.report.townships.findIndex((x) => x.township === t);
    return i === -1 ? Infinity : i;
  };
  return o.relief
    .map((l) => ({ ...l, counted: o.reach.find((r) => r.township === l.township)?.households ?? 0 }))
    .sort((a, b) => order(a.township) - order(b.township) || byRound(a.round, b.round) || (a.kind + a.unit < b.kind + b.unit ? -1 : 1));
}

/** The entitlement of an item in a round for a township: the township's own over the county-wide one (entitlement.ts). */
export function entitlementOf(list: readonly DashboardEntitlement[], township: string, round: string, kind: string): DashboardEntitlement | null {
  const mine = list.filter((e) => e.round === round && e.itemKind === kind);
  return mine.find((e) => e.township === township) ?? mine.find((e) => e.township === null) ?? null;
}
