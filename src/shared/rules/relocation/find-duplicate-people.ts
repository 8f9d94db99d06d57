import type { DisplacedHousehold } from '../../schema/displaced-household';
import { plainIdKey, type PersonKeyOf } from './person-key';

interface PersonOccurrence {
  householdId: string;
  role: 'head' | 'member';
  /** The member's id, for a member. */
  memberId?: string;
}

export interface DuplicatePerson {
  eventId: string;
  /** The person key (HMAC on the server, the ID number on a tablet). */
  key: string;
  /** Two or more household records name this person; ordered by household id, head first. */
  occurrences: PersonOccurrence[];
}

/**
 * People named by more than one household record of the same event (a household registered on two
 * tablets, a son registered in two households), grouped by a key of their ID number. A person named
 * twice in one record (the head repeated in the member list) is not a duplicate. Nothing is merged here:
 * the caller shows or flags the groups; counting de-duplicates on its own (deduplicate-households.ts).
 */
export function findDuplicatePeople(households: readonly DisplacedHousehold[], keyOf: PersonKeyOf = plainIdKey): DuplicatePerson[] {
  const groups = new Map<string, DuplicatePerson>();
  const add = (h: DisplacedHousehold, idNumber: string, o: PersonOccurrence) => {
    const key = keyOf(idNumber);
    const gk = `${h.eventId}\u0000${key}`;
    const g = groups.get(gk) ?? { eventId: h.eventId, key, occurrences: [] };
    if (!g.occurrences.some((x) => x.householdId === o.householdId)) g.occurrences.push(o);
    groups.set(gk, g);
  };
  for (const h of households) {
    add(h, h.head.idNumber, { householdId: h.id, role: 'head' });
    for (const m of h.members ?? []) if (m.idNumber) add(h, m.idNumber, { householdId: h.id, role: 'member', memberId: m.id });
  }
  const byHouseholdThenRole = (a: PersonOccurrence, b: PersonOccurrence) =>
    a.householdId !== b.householdId ? (a.householdId < b.householdId ? -1 : 1) : a.role === b.role ? 0 : a.role === 'head' ? -1 : 1;
  return [...groups.values()]
    .filter((g) => g.occurrences.length > 1)
    .map((g) => ({ ...g, occurrences: [...g.occurrences].sort(byHouseholdThenRole) }))
    .sort((a, b) => (a.eventId + a.key < b.eventId + b.key ? -1 : 1));
}
