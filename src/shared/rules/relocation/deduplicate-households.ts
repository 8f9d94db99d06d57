import type { DisplacedHousehold } from '../../schema/displaced-household';
import { plainIdKey, type PersonKeyOf } from './person-key';
import { stayAt, type StayAt } from './stay-at';
import { instant } from './time';

/**
 * One household as counted, however many times it was registered: the records that share a head's
 * ID number (two tablets, two sites) form one unit.
 */
export interface HouseholdUnit<H extends DisplacedHousehold = DisplacedHousehold> {
  /** The head's person key (HMAC on the server). */
  key: string;
  /** Every record of the household, by record id. */
  records: H[];
  /** The record whose figures count (see `rank`). */
  representative: H;
  stay: StayAt;
  /** Distinct people of the household (max of its membersCount and its identified present members). */
  headcount: number;
  /** People counted for this unit after de-duplication across all units. */
  people: number;
  /** The identified people (keys) counted in this unit. */
  identified: string[];
  /** 0 for the strongest unit (`rank`), 1 for the next...: a person named by several units counts in the strongest. */
  strength: number;
  /** People the unit's records name, each counted on its own (see `recordHeadcount`), before de-duplication. */
  registeredPeople: number;
}

/** A record's people on its own: the larger of its membersCount and its identified present people. */
function recordHeadcount(h: DisplacedHousehold, keyOf: PersonKeyOf = plainIdKey): number {
  return Math.max(h.membersCount, new Set(presentKeys(h, keyOf)).size);
}

/**
 * The representative record, and the unit a person shared by several households counts in, is the
 * strongest by: relocated and still there > relocated and checked out > evacuated only > not yet
 * checked in at the reporting time; then the later check-in; then the greater record id (so every
 * arrival order gives the same answer).
 */
function rank(h: DisplacedHousehold, stay: StayAt): [number, number, string] {
  const tier = stay.status === 'pending' ? 0 : h.evacuationKind === 'evacuation' ? 1 : stay.status === 'past' ? 2 : 3;
  return [tier, instant(h.checkInAt), h.id];
}

function stronger(a: [number, number, string], b: [number, number, string]): boolean {
  if (a[0] !== b[0]) return a[0] > b[0];
  if (a[1] !== b[1]) return a[1] > b[1];
  return a[2] > b[2];
}

/** The head and the registered members with an ID number who are not marked dead or missing. */
function presentKeys(h: DisplacedHousehold, keyOf: PersonKeyOf): string[] {
  const keys = [keyOf(h.head.idNumber)];
  for (const m of h.members ?? []) {
    if (m.idNumber && m.casualty !== 'dead' && m.casualty !== 'missing') keys.push(keyOf(m.idNumber));
  }
  return keys;
}

/**
 * People are de-duplicated by ID number across tablets and sites before counting
 * (relocation-relief.md). The exact rule:
 * 1. Records with the same head ID number are one household (unit); its representative record gives
 *    the household's figures (placement, needs, damage, casualties, membersCount).
 * 2. A unit's identified people are the head and the registered members with an ID number (all its
 *    records together), without members marked dead or missing: membersCount is read as the people
 *    relocated with the household.
 * 3. headcount = max(representative's membersCount, identified people); the difference are the members
 *    without an ID number, who can only be counted through membersCount.
 * 4. A person with an ID number in several units (a son registered in his parents' household and in his
 *    own) counts once, in the strongest unit (`rank`); the unit's people = its identified people
 *    still assigned to it + its members without an ID number.
 * `at` undefined: every record counts as checked in (registers and exports that are not about a time).
 */
export function deduplicateHouseholds<H extends DisplacedHousehold>(
  households: readonly H[],
  at?: string,
  keyOf: PersonKeyOf = plainIdKey,
): HouseholdUnit<H>[] {
  const atMs = at === undefined ? Infinity : instant(at);
  const byHead = new Map<string, H[]>();
  for (const h of households) {
    const key = keyOf(h.head.idNumber);
    byHead.set(key, [...(byHead.get(key) ?? []), h]);
  }

  const units = [...byHead.entries()].map(([key, records]) => {
    records.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let representative = records[0]!;
    let best = rank(representative, stayAt(representative, atMs));
    for (const r of records.slice(1)) {
      const rk = rank(r, stayAt(r, atMs));
      if (stronger(rk, best)) [representative, best] = [r, rk];
    }
    const keys = [...new Set(records.flatMap((r) => presentKeys(r, keyOf)))];
    const headcount = Math.max(representative.membersCount, keys.length);
    return { key, records, representative, stay: stayAt(representative, atMs), headcount, keys, rank: best };
  });

  // Rule 4: the strongest unit takes a shared person first.
  const order = [...units].sort((a, b) => (stronger(a.rank, b.rank) ? -1 : stronger(b.rank, a.rank) ? 1 : 0));
  const taken = new Set<string>();
  const assigned = new Map<string, string[]>();
  const strength = new Map<string, number>();
  order.forEach((u, i) => {
    const mine = u.keys.filter((k) => !taken.has(k));
    for (const k of mine) taken.add(k);
    assigned.set(u.key, mine);
    strength.set(u.key, i);
  });

  return units
    .map(({ key, records, representative, stay, headcount, keys }) => {
      const identified = assigned.get(key)!;
      const registeredPeople = records.reduce((s, r) => s + recordHeadcount(r, keyOf), 0);
      return {
        key, records, representative, stay, headcount, identified, people: identified.length + (headcount - keys.length), strength: strength.get(key)!, registeredPeople,
      };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
