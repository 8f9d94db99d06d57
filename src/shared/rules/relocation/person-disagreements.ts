import type { DisplacedHousehold } from '../../schema/displaced-household';
import { deduplicateHouseholds } from './deduplicate-households';
import { decidePeople, occurrenceIn } from './person-decisions';
import { plainIdKey, type PersonKeyOf } from './person-key';

export const DISAGREEMENT_FIELDS = ['casualty', 'needsEmergencySupport', 'needsTransitionalSupport'] as const;
type DisagreementField = (typeof DISAGREEMENT_FIELDS)[number];

/** One fact two registrations of a person state differently, with every registration's value. */
export interface Disagreement {
  field: DisagreementField;
  /** The household record whose value the report counts (person-decisions.ts). */
  counted: string;
  /** By household record id. casualty: none/injured/missing/dead; support: yes/no. */
  values: { householdId: string; value: string }[];
}

/**
 * What the registrations of one person (`idNumber`, or its key as `keyOf` gives it) say differently:
 * the person's casualty mark (only members carry one: a head's registration states none) and whether
 * their household needs emergency or transitional living support. The county sees both values and
 * which one counted, never a silent choice (relocation-relief.md, issue 13 item 3).
 * `households` are the records of one event that may name the person; others are ignored.
 */
export function personDisagreements(households: readonly DisplacedHousehold[], idNumberOrKey: string, keyOf: PersonKeyOf = plainIdKey, isKey = false): Disagreement[] {
  const key = isKey ? idNumberOrKey : keyOf(idNumberOrKey);
  const naming = households.flatMap((h) => {
    const o = occurrenceIn(h, key, keyOf);
    return o ? [{ h, o }] : [];
  });
  if (naming.length < 2) return [];
  const decided = decidePeople(deduplicateHouseholds(households, undefined, keyOf), keyOf).get(key);
  const counted = decided?.record.id ?? naming[0]!.h.id;
  const sorted = [...naming].sort((a, b) => (a.h.id < b.h.id ? -1 : a.h.id > b.h.id ? 1 : 0));
  const yesNo = (b: boolean) => (b ? 'yes' : 'no');
  const out: Disagreement[] = [];
  const add = (field: DisagreementField, values: { householdId: string; value: string }[]) => {
    if (values.length >= 2 && new Set(values.map((v) => v.value)).size > 1) out.push({ field, counted, values });
  };
  add('casualty', sorted.filter((x) => x.o.role === 'member').map((x) => ({ householdId: x.h.id, value: x.o.casualty })));
  add('needsEmergencySupport', sorted.map((x) => ({ householdId: x.h.id, value: yesNo(x.h.needsEmergencySupport) })));
  add('needsTransitionalSupport', sorted.map((x) => ({ householdId: x.h.id, value: yesNo(x.h.needsTransitionalSupport) })));
  return out;
}
