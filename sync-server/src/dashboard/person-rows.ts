import { displacedHouseholdSchema, type DisplacedHousehold } from '../../../src/shared/schema/displaced-household';
import type { InTownship } from '../../../src/shared/rules/relocation/county-report';
import type { PersonKeyOf } from '../../../src/shared/rules/relocation/person-key';
import { personKey, type CountIo, type CountWrites, type CountedRecord, type KeyRow } from './count-io';
import { countedSpans, linkedGroups, namedIds, type CountedSpan } from './counted-spans';

/** The event of the counted_keys row that marks a household record that no longer parses (reported as skipped). */
export const UNREADABLE = '';

/** The person rows of a stored household: its people, or one row marking it unreadable; none when deleted. */
export function keyRowsOf(r: CountedRecord, keyOf: PersonKeyOf): KeyRow[] {
  if (r.entity !== 'household' || r.deleted) return [];
  const h = countedHousehold(r);
  return h ? keyRows(h, keyOf) : [{ event_id: UNREADABLE, record_id: r.id, id_hmac: '', is_head: 0 }];
}

/** Each record read parsed once (SPEC I2): a count reads a household as changed, as linked and for its rows. */
const parsed = new WeakMap<CountedRecord, InTownship<DisplacedHousehold> | null>();

/** A stored household as the report reads it (load-event-data.ts): parsed by the shared schema, in its record's township. */
export function countedHousehold(r: CountedRecord): InTownship<DisplacedHousehold> | null {
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
export function seedCountedHousehold(r: CountedRecord, value: unknown): void {
  if (r.entity === 'household' && !r.deleted) parsed.set(r, { ...(value as DisplacedHousehold), township: r.township ?? '' });
}

export function keyRows(h: DisplacedHousehold, keyOf: PersonKeyOf): KeyRow[] {
  const head = keyOf(h.head.idNumber);
  const keys = new Set(namedIds(h).map(keyOf));
  return [...keys].map((k) => ({ event_id: h.eventId, record_id: h.id, id_hmac: k, is_head: k === head ? 1 : 0 }));
}

/**
 * Re-counts what these written records change (issue 16): called by the counter (counter.ts, SPEC D9)
 * for the records marked since, in the counter's transaction. For each event a changed household
 * was or is in, the households linked to it by a shared person (as head or member, found through
 * counted_keys: one read a step of the search, all events at once, count-io.ts) are de-duplicated again
 * by the shared rules (counted-spans.ts) and their units' spans replaced. Other records are ignored.
 * `oldKeys`: the counted keys of the changed households as they stand. Returns the rows to replace.
 */
export async function recountHouseholds(io: Pick<CountIo, 'naming' | 'linked'>, written: readonly CountedRecord[], oldKeys: readonly KeyRow[], keyOf: PersonKeyOf): Promise<Pick<CountWrites, 'keysOf' | 'keys' | 'unitsOf' | 'spans'>> {
  const changed = written.filter((r) => r.entity === 'household');
  if (changed.length === 0) return { keysOf: [], keys: [], unitsOf: [], spans: [] };
  const changedIds = changed.map((r) => r.id);
  const now = new Map(changed.map((r) => [r.id, countedHousehold(r)] as const));

  // Per event: the people to follow (before and after the change) and the records found so far.
  const events = new Map<string, { keys: Set<string>; records: Set<string>; units: Set<string>; frontier: string[] }>();
  const ev = (e: string) => {
    let x = events.get(e);
    if (!x) events.set(e, (x = { keys: new Set(), records: new Set(), units: new Set(), frontier: [] }));
    return x;
  };
  for (const r of oldKeys) {
    if (r.event_id === UNREADABLE) continue;
    const e = ev(r.event_id);
    e.keys.add(r.id_hmac);
    if (r.is_head === 1) e.units.add(r.id_hmac);
  }
  for (const h of now.values()) if (h) for (const k of keyRows(h, keyOf)) ev(h.eventId).keys.add(k.id_hmac);

  // The linked records: whoever names a followed person, then whoever names one of theirs, until none is new
  // (every event's step in one read).
  const fetched = new Map<string, CountedRecord>(changed.map((r) => [r.id, r]));
  for (const e of events.values()) e.frontier = [...e.keys];
  // PostgreSQL: the whole search in one read first; each step below then takes from it what it reached.
  const seeds = [...events].flatMap(([eventId, e]) => e.frontier.map((key) => ({ eventId, key })));
  const fresh = changed.flatMap((r) => keyRowsOf(r, keyOf)).filter((k) => k.event_id !== UNREADABLE);
  const search = io.linked ? await io.linked(seeds, fresh, changedIds, new Set(fetched.keys())) : null;
  for (const r of search?.records ?? []) fetched.set(r.id, r);
  for (;;) {
    const asked = [...events].flatMap(([eventId, e]) => e.frontier.map((key) => ({ eventId, key })));
    if (asked.length === 0) break;
    const people = search ? asked.filter((p) => !search.reached.has(personKey(p.eventId, p.key))) : asked;
    const step = people.length ? await io.naming(people, new Set(fetched.keys())) : { found: [], records: [] };
    if (search) for (const p of asked) for (const recordId of search.reached.get(personKey(p.eventId, p.key)) ?? []) step.found.push({ eventId: p.eventId, recordId });
    for (const r of step.records) fetched.set(r.id, r);
    const found = new Map<string, string[]>();
    for (const f of step.found) {
      const list = found.get(f.eventId);
      if (list) list.push(f.recordId);
      else found.set(f.eventId, [f.recordId]);
    }
    for (const [eventId, e] of events) {
      e.frontier = [];
      for (const id of found.get(eventId) ?? []) {
        if (e.records.has(id)) continue;
        e.records.add(id);
        const h = countedHousehold(fetched.get(id) ?? NONE);
        if (!h || h.eventId !== eventId) continue;
        for (const k of keyRows(h, keyOf)) if (!e.keys.has(k.id_hmac)) (e.keys.add(k.id_hmac), e.frontier.push(k.id_hmac));
      }
    }
  }
  for (const [eventId, e] of events) for (const id of changedIds) if (now.get(id)?.eventId === eventId) e.records.add(id);

  const out = { keysOf: changedIds, keys: changed.flatMap((r) => keyRowsOf(r, keyOf)), unitsOf: [] as { eventId: string; unitKey: string }[], spans: [] as CountedSpan[] };
  for (const [eventId, e] of events) {
    const households = [...e.records].flatMap((id) => {
      const h = now.has(id) ? now.get(id)! : countedHousehold(fetched.get(id) ?? NONE);
      return h && h.eventId === eventId ? [h] : [];
    });
    for (const h of households) e.units.add(keyOf(h.head.idNumber));
    for (const unitKey of e.units) out.unitsOf.push({ eventId, unitKey });
    out.spans.push(...linkedGroups(households, keyOf).flatMap((g) => countedSpans(eventId, g, keyOf)));
  }
  return out;
}

const NONE = { entity: 'none' } as CountedRecord;
