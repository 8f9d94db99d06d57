import type { DisplacedHousehold } from '../../schema/displaced-household';
import type { HouseholdUnit } from './deduplicate-households';
import type { PersonKeyOf } from './person-key';

export type CasualtyValue = 'none' | 'injured' | 'missing' | 'dead';

/** Where one identified person's own facts are read from. */
export interface PersonDecision<H extends DisplacedHousehold = DisplacedHousehold> {
  unit: HouseholdUnit<H>;
  /** The record that decides: the unit's representative when it names the person, else its first record that does. */
  record: H;
  role: 'head' | 'member';
  /** As a member, the member's mark; a head has no casualty field (none). */
  casualty: CasualtyValue;
}

/** How a record names a person: as head, as a member (with the member), or not at all. */
export function occurrenceIn(h: DisplacedHousehold, key: string, keyOf: PersonKeyOf): { role: 'head' | 'member'; casualty: CasualtyValue } | null {
  if (keyOf(h.head.idNumber) === key) return { role: 'head', casualty: 'none' };
  const m = (h.members ?? []).find((x) => x.idNumber && keyOf(x.idNumber) === key);
  return m ? { role: 'member', casualty: m.casualty ?? 'none' } : null;
}

/**
 * Each identified person's deciding registration (relocation-relief.md: a person is counted once in
 * every people figure; two registrations that disagree are counted one way and flagged with both values).
 * The deciding one is the strongest unit naming the person (deduplicate-households.ts `rank`: relocated
 * and still there, then the later check-in, then the record id): the same unit the person's head count
 * goes to, so every figure of a person comes from one registration.
 */
export function decidePeople<H extends DisplacedHousehold>(units: readonly HouseholdUnit<H>[], keyOf: PersonKeyOf): Map<string, PersonDecision<H>> {
  const out = new Map<string, PersonDecision<H>>();
  for (const unit of [...units].sort((a, b) => a.strength - b.strength)) {
    const records = [unit.representative, ...unit.records.filter((r) => r !== unit.representative)];
    for (const record of records) {
      const named = [record.head.idNumber, ...(record.members ?? []).map((m) => m.idNumber)].filter((x): x is string => !!x);
      for (const id of named) {
        const key = keyOf(id);
        if (out.has(key)) continue;
        const o = occurrenceIn(record, key, keyOf)!;
        out.set(key, { unit, record, role: o.role, casualty: o.casualty });
      }
    }
  }
  return out;
}
