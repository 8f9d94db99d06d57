import { displacedHouseholdSchema, type DisplacedHousehold } from '../../../src/shared/schema/displaced-household';
import type { InTownship } from '../../../src/shared/rules/relocation/county-report';
import type { PersonKeyOf } from '../../../src/shared/rules/relocation/person-key';
import type { StoreTx, StoredRecord } from '../store/store';
import { countedSpans, linkedGroups, namedIds } from './counted-spans';
import {
  countedDb, deleteKeysOfRecords, deleteSpansOfUnits, inChunks, insertKeys, insertSpans, selectKeysOfRecords, selectRecordsNaming, type CountedDb,
} from './counted-queries';

/** The event of the counted_keys row that marks a household record that no longer parses (reported as skipped). */
export const UNREADABLE = '';

/** The person rows of a stored household: its people, or one row marking it unreadable; none when deleted. */
export function keyRowsOf(r: StoredRecord, keyOf: PersonKeyOf) {
  if (r.entity !== 'household' || r.deleted) return [];
  const h = countedHousehold(r);
  return h ? keyRows(h, keyOf) : [{ event_id: UNREADABLE, record_id: r.id, id_hmac: '', is_head: 0 }];
}

type CountTx = Pick<StoreTx, 'runCompiled' | 'getRecords'>;

/** Each record read parsed once (SPEC I2): a count reads a household as changed, as linked and for its rows. */
const parsed = new WeakMap<StoredRecord, InTownship<DisplacedHousehold> | null>();

/** A stored household as the report reads it (load-event-data.ts): parsed by the shared schema, in its record's township. */
export function countedHousehold(r: StoredRecord): InTownship<DisplacedHousehold> | null {
  if (r.entity !== 'household' || r.deleted) return null;
  if (parsed.has(r)) return parsed.get(r)!;
  const p = displacedHouseholdSchema.safeParse(r.fields);
  const h = p.success ? { ...p.data, township: r.township ?? '' } : null;
  parsed.set(r, h);
  return h;
}

/**
 * The parse a push made of exactly this stored household (SPEC I2, counter.ts): taken as the count's, with
 * the stored row's township, as `countedHousehold` would make it by parsing the fields again.
 */
export function seedCountedHousehold(r: StoredRecord, value: unknown): void {
  if (r.entity === 'household' && !r.deleted) parsed.set(r, { ...(value as DisplacedHousehold), township: r.township ?? '' });
}

export function keyRows(h: DisplacedHousehold, keyOf: PersonKeyOf) {
  const head = keyOf(h.head.idNumber);
  const keys = new Set(namedIds(h).map(keyOf));
  return [...keys].map((k) => ({ event_id: h.eventId, record_id: h.id, id_hmac: k, is_head: k === head ? 1 : 0 }));
}

/**
 * Re-counts what these written records change (issue 16): called by the counter (counter.ts, SPEC D9)
 * for the records marked since, in the counter's transaction. For each event a changed household
 * was or is in, the households linked to it by a shared person (as head or member, found through
 * counted_keys, a few multi-row queries per batch) are de-duplicated again by the shared rules
 * (counted-spans.ts) and their units' spans replaced. Other records are ignored.
 */
export async function recountHouseholds(tx: CountTx, written: readonly StoredRecord[], keyOf: PersonKeyOf, db: CountedDb): Promise<void> {
  const changed = written.filter((r) => r.entity === 'household');
  if (changed.length === 0) return;
  const changedIds = changed.map((r) => r.id);
  const now = new Map(changed.map((r) => [r.id, countedHousehold(r)] as const));

  // Per event: the people to follow (before and after the change) and the records found so far.
  const events = new Map<string, { keys: Set<string>; records: Set<string>; units: Set<string> }>();
  const ev = (e: string) => {
    let x = events.get(e);
    if (!x) events.set(e, (x = { keys: new Set(), records: new Set(), units: new Set() }));
    return x;
  };
  for (const c of inChunks(changedIds)) {
    for (const r of await tx.runCompiled(selectKeysOfRecords(db, c))) {
      if (r.event_id === UNREADABLE) continue;
      const e = ev(String(r.event_id));
      e.keys.add(String(r.id_hmac));
      if (Number(r.is_head) === 1) e.units.add(String(r.id_hmac));
    }
  }
  for (const h of now.values()) if (h) for (const k of keyRows(h, keyOf)) ev(h.eventId).keys.add(k.id_hmac);

  // The linked records: whoever names a followed person, then whoever names one of theirs, until none is new.
  const fetched = new Map<string, StoredRecord>(changed.map((r) => [r.id, r]));
  for (const [eventId, e] of events) {
    let frontier = [...e.keys];
    while (frontier.length) {
      const found: string[] = [];
      for (const c of inChunks(frontier)) for (const r of await tx.runCompiled(selectRecordsNaming(db, eventId, c))) if (!e.records.has(String(r.record_id))) found.push(String(r.record_id));
      for (const id of found) e.records.add(id);
      const unread = [...new Set(found)].filter((id) => !fetched.has(id));
      for (const c of inChunks(unread)) for (const r of await tx.getRecords(c.map((id) => ({ entity: 'household', id })))) fetched.set(r.id, r);
      frontier = [];
      for (const id of found) {
        const h = countedHousehold(fetched.get(id) ?? ({ entity: 'none' } as StoredRecord));
        if (!h || h.eventId !== eventId) continue;
        for (const k of keyRows(h, keyOf)) if (!e.keys.has(k.id_hmac)) (e.keys.add(k.id_hmac), frontier.push(k.id_hmac));
      }
    }
    for (const id of changedIds) if (now.get(id)?.eventId === eventId) e.records.add(id);
  }

  for (const c of inChunks(changedIds)) await tx.runCompiled(deleteKeysOfRecords(db, c));
  const newKeys = changed.flatMap((r) => keyRowsOf(r, keyOf));
  for (const c of inChunks(newKeys, 200)) await tx.runCompiled(insertKeys(db, c));

  for (const [eventId, e] of events) {
    const households = [...e.records].flatMap((id) => {
      const h = now.has(id) ? now.get(id)! : countedHousehold(fetched.get(id) ?? ({ entity: 'none' } as StoredRecord));
      return h && h.eventId === eventId ? [h] : [];
    });
    for (const h of households) e.units.add(keyOf(h.head.idNumber));
    for (const c of inChunks([...e.units])) await tx.runCompiled(deleteSpansOfUnits(db, eventId, c));
    const spans = linkedGroups(households, keyOf).flatMap((g) => countedSpans(eventId, g, keyOf));
    for (const c of inChunks(spans, 100)) await tx.runCompiled(insertSpans(db, c));
  }
}
