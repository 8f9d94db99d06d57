import { roundKey, type ReliefDistribution, type ReliefItemKind } from '../../schema/relief';

export interface DoubleHandout {
  eventId: string;
  /** The household key: the household record id, or its head's key when the caller maps it. */
  householdKey: string;
  itemKind: ReliefItemKind;
  round: string;
  /** Two or more hand-outs, by time then id. */
  handoutIds: string[];
}

/**
 * Hand-outs of the same item in the same round to the same household, more than one (the second from
 * another tablet, after sync). `householdKeyOf` maps a household record id to the household's key;
 * the server maps both records of a household registered twice to its head's id_hmac, so a double
 * hand-out across the two registrations is found too. Nothing is dropped: every ledger entry stays.
 */
export function findDoubleHandouts(
  handouts: readonly ReliefDistribution[],
  householdKeyOf: (householdId: string) => string = (id) => id,
): DoubleHandout[] {
  const groups = new Map<string, { g: DoubleHandout; items: ReliefDistribution[] }>();
  for (const h of handouts) {
    const householdKey = householdKeyOf(h.householdId);
    const round = roundKey(h.round);
    const k = [h.eventId, householdKey, h.item.kind, round].join('\u0000');
    const entry = groups.get(k) ?? { g: { eventId: h.eventId, householdKey, itemKind: h.item.kind, round, handoutIds: [] }, items: [] };
    entry.items.push(h);
    groups.set(k, entry);
  }
  return [...groups.entries()]
    .filter(([, e]) => e.items.length > 1)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, e]) => {
      const sorted = [...e.items].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1));
      return { ...e.g, handoutIds: sorted.map((h) => h.id) };
    });
}
