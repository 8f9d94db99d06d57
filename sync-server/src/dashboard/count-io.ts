import type { CompiledQuery } from 'kysely';
import type { StoreTx, StoredRecord } from '../store/store';
import type { CountedSpan } from './counted-spans';
import {
  countedDb, deleteKeysOfRecords, deleteSpansOfUnits, inChunks, insertKeys, insertSpans, selectCountedRecords, selectKeysOfRecords, selectRecordFields, selectRecordHeads,
  selectRecordsNaming,
  type CountedDb, type CountedReliefTable,
} from './counted-queries';
import { deleteRelief, deleteUnreadable, insertRelief, insertUnreadable, selectCorrectionsOf } from './counted-relief-queries';
import { deleteDue, selectDue } from './counting-due-queries';
import { PARSE_KEPT } from './parse-kept';
import { countWrite, dueWithRecords, linkedSearch, namingRecords, recordFields, reliefReads } from './count-statements-pg';

/**
 * What the counter reads and writes in its transaction (SPEC D9), in as few statements as each store
 * wants (issue 14, fourteenth session). PostgreSQL: every round trip waits for the event loop under the
 * records lock, so each read and the writes are single statements over typed arrays whatever their
 * number of rows (count-statements-pg.ts); SQLite: no round trip, the statements as before, in chunks.
 */

/** A stored record, the columns a count reads (no stamps, no field versions: half a household's row). */
export type CountedRecord = Pick<StoredRecord, 'entity' | 'id' | 'township' | 'version' | 'fields' | 'updatedAt' | 'deleted'>;

export interface KeyRow {
  event_id: string;
  record_id: string;
  id_hmac: string;
  is_head: number;
}

/** The rows a count replaces: what goes (by its key) and what comes, per table. */
export interface CountWrites {
  /** counted_keys: every row of these household records goes; `keys` come. */
  keysOf: string[];
  keys: KeyRow[];
  /** counted_spans: every span of these units goes; `spans` come. */
  unitsOf: { eventId: string; unitKey: string }[];
  spans: CountedSpan[];
  /** counted_unreadable: these (entity, record) go; `unreadable` come. */
  unreadableOf: [string, string][];
  unreadable: { entity: string; record_id: string; township: string | null }[];
  /** counted_relief: these hand-outs' rows go; `relief` come. */
  reliefOf: string[];
  relief: CountedReliefTable[];
  /** counting_due: the marks counted. */
  due: number[];
}

export const noWrites = (): CountWrites => ({ keysOf: [], keys: [], unitsOf: [], spans: [], unreadableOf: [], unreadable: [], reliefOf: [], relief: [], due: [] });

/** A stored record without its fields: what tells whether a push's parse is still the stored row (SPEC I2). */
export type RecordHead = Omit<CountedRecord, 'fields'>;

/**
 * The push's parse of the stored row `r` if this process remembers it (counter.ts `remember`: same
 * version and time), else undefined: the count then takes that parse and reads no fields (SPEC I2).
 */
export type PushParse = (r: RecordHead) => object | undefined;

export interface Due {
  marks: { id: number; entity: string; recordId: string }[];
  /** The records the marks name as stored (absent: not stored). */
  records: CountedRecord[];
  /** Those of `records` whose fields were not read: their `fields` is the push's parse (PushParse). */
  fromPush: CountedRecord[];
  /** The counted keys of the households among them. */
  keys: KeyRow[];
}

export interface CountIo {
  /**
   * The oldest marks (at most `limit`, in mark order), the records they name as stored and the counted keys
   * of those households. Each record's version and time are read first; its fields only when `pushParse`
   * has no parse of that row (issue 14, seventeenth session: the count re-read and JSON.parsed every
   * household a push had just parsed).
   */
  due(limit: number, pushParse: PushParse): Promise<Due>;
  /** The household records of each event that name one of its people (counted_keys), and those of them not in `fetched`, as stored. */
  naming(people: readonly { eventId: string; key: string }[], fetched: ReadonlySet<string>): Promise<{ found: { eventId: string; recordId: string }[]; records: CountedRecord[] }>;
  /**
   * PostgreSQL only (absent on SQLite, where a step costs no round trip): the whole search for linked
   * households in one read (count-statements-pg.ts linkedSearch) — the people it reached, the records naming
   * each, and those records not in `fetched` as stored. The counter asks `naming` for the people it did not reach.
   */
  linked?(
    seeds: readonly { eventId: string; key: string }[], fresh: readonly KeyRow[], changed: readonly string[], fetched: ReadonlySet<string>,
  ): Promise<{ reached: Map<string, string[]>; records: CountedRecord[] }>;
  /** The hand-outs `originals` as stored, and the live corrections of the hand-outs `correctionsOf` (their fields). */
  relief(originals: readonly string[], correctionsOf: readonly string[]): Promise<{ originals: CountedRecord[]; corrections: unknown[] }>;
  /** Replaces the counted rows: the tables then hold what deleting the rows named and inserting the new ones gives. */
  write(w: CountWrites): Promise<void>;
}

type CountTx = Pick<StoreTx, 'runCompiled'>;

/** A person of an event, as the key of CountIo.linked's `reached`. */
export const personKey = (eventId: string, key: string): string => `${eventId}\u0000${key}`;

/** A records row of selectCountedRecords or the PostgreSQL statements: jsonb and Date from `pg`, text from SQLite. */
export function countedRecord(entity: string, r: Record<string, unknown>): CountedRecord {
  return { ...recordHead(entity, r), fields: storedFields(r.fields) };
}

const storedFields = (f: unknown) => (typeof f === 'string' ? JSON.parse(f) : f) as Record<string, unknown>;

function recordHead(entity: string, r: Record<string, unknown>): RecordHead {
  const at = r.updated_at;
  return {
    entity, id: String(r.id), township: r.township === null || r.township === undefined ? null : String(r.township), version: Number(r.version),
    updatedAt: at instanceof Date ? at.toISOString() : String(at), deleted: r.deleted === true || r.deleted === 1,
  };
}

/**
 * The records of `due` from their heads: those the push parsed take its parse; the others' fields are
 * read (`read`: by entity and id, the stored fields, in the same transaction as the heads).
 */
async function withFields(
  heads: readonly (RecordHead & { fields?: unknown })[], pushParse: PushParse, read: (unread: readonly RecordHead[]) => Promise<Map<string, unknown>>,
): Promise<Pick<Due, 'records' | 'fromPush'>> {
  const records: CountedRecord[] = [];
  const fromPush: CountedRecord[] = [];
  const unread: RecordHead[] = [];
  for (const h of heads) {
    if (h.fields !== undefined && h.fields !== null) {
      records.push({ ...h, fields: storedFields(h.fields) }); // read with its head (not a PARSE_KEPT entity)
      continue;
    }
    const value = pushParse(h);
    if (value === undefined) unread.push(h);
    else {
      const r = { ...h, fields: value as Record<string, unknown> };
      records.push(r);
      fromPush.push(r);
    }
  }
  if (unread.length > 0) {
    const fields = await read(unread);
    for (const h of unread) {
      const f = fields.get(`${h.entity}\u0000${h.id}`);
      // Read under the same lock as its head: a record's row cannot go between the two reads.
      if (f === undefined) throw new Error(`count: the fields of ${h.entity} ${h.id} were not read`);
      records.push({ ...h, fields: storedFields(f) });
    }
  }
  return { records, fromPush };
}

export function countIo(tx: CountTx, store: { kind: 'sqlite' | 'postgres'; schemaName: string | null }): CountIo {
  const db = countedDb(store);
  return store.kind === 'postgres' ? postgresIo(tx, store.schemaName) : sqliteIo(tx, db);
}

function postgresIo(tx: CountTx, schema: string | null): CountIo {
  return {
    async due(limit, pushParse) {
      const marks: { id: number; entity: string; recordId: string }[] = [];
      const heads: (RecordHead & { fields: unknown })[] = [];
      const keys: KeyRow[] = [];
      for (const r of await tx.runCompiled(dueWithRecords(schema, limit))) {
        if (r.kind === 'd') marks.push({ id: Number(r.mark), entity: String(r.entity), recordId: String(r.id) });
        else if (r.kind === 'r') heads.push({ ...recordHead(String(r.entity), r), fields: r.fields });
        else keys.push(keyRow(r));
      }
      marks.sort((a, b) => a.id - b.id);
      // A second round trip only when some record was not the push's (another process's write, after a restart).
      const read = async (unread: readonly RecordHead[]) =>
        new Map((await tx.runCompiled(recordFields(schema, unread))).map((r) => [`${String(r.entity)}\u0000${String(r.id)}`, r.fields] as const));
      return { marks, keys, ...(await withFields(heads, pushParse, read)) };
    },
    async naming(people, fetched) {
      const found: { eventId: string; recordId: string }[] = [];
      const records: CountedRecord[] = [];
      if (people.length === 0) return { found, records };
      for (const r of await tx.runCompiled(namingRecords(schema, people, [...fetched]))) {
        if (r.kind === 'f') found.push({ eventId: String(r.event_id), recordId: String(r.id) });
        else records.push(countedRecord('household', r));
      }
      return { found, records };
    },
    async linked(seeds, fresh, changed, fetched) {
      const reached = new Map<string, string[]>();
      const records: CountedRecord[] = [];
      if (seeds.length === 0) return { reached, records };
      for (const r of await tx.runCompiled(linkedSearch(schema, seeds, fresh, changed, [...fetched]))) {
        if (r.kind === 'r') {
          records.push(countedRecord('household', r));
          continue;
        }
        const k = personKey(String(r.event_id), String(r.id_hmac));
        let list = reached.get(k);
        if (!list) reached.set(k, (list = []));
        if (r.kind === 'e') list.push(String(r.id));
      }
      return { reached, records };
    },
    async relief(originals, correctionsOf) {
      const out = { originals: [] as CountedRecord[], corrections: [] as unknown[] };
      if (originals.length + correctionsOf.length === 0) return out;
      for (const r of await tx.runCompiled(reliefReads(schema, originals, correctionsOf))) {
        if (r.kind === 'o') out.originals.push(countedRecord('relief', r));
        else out.corrections.push(r.fields);
      }
      return out;
    },
    async write(w) {
      const rows = w.keysOf.length + w.unitsOf.length + w.unreadableOf.length + w.reliefOf.length + w.due.length + w.keys.length + w.spans.length + w.unreadable.length + w.relief.length;
      if (rows > 0) await tx.runCompiled(countWrite(schema, w));
    },
  };
}

const keyRow = (r: Record<string, unknown>): KeyRow => ({ event_id: String(r.event_id), record_id: String(r.record_id), id_hmac: String(r.id_hmac), is_head: Number(r.is_head) });

/** SQLite: the statements the counter sent before (no round trips to save), the records without their stamps. */
function sqliteIo(tx: CountTx, db: CountedDb): CountIo {
  const read = async (entity: string, ids: readonly string[]) => {
    const out: CountedRecord[] = [];
    for (const c of inChunks([...new Set(ids)])) for (const r of await tx.runCompiled(selectCountedRecords(db, entity, c))) out.push(countedRecord(entity, r));
    return out;
  };
  /** By entity: each list's rows of one statement per chunk. */
  const byEntity = async (keys: readonly { entity: string; id: string }[], each: (entity: string, ids: string[]) => CompiledQuery, row: (entity: string, r: Record<string, unknown>) => void) => {
    for (const entity of [...new Set(keys.map((k) => k.entity))]) {
      for (const c of inChunks([...new Set(keys.filter((k) => k.entity === entity).map((k) => k.id))])) for (const r of await tx.runCompiled(each(entity, c))) row(entity, r);
    }
  };
  return {
    async due(limit, pushParse) {
      const marks = (await tx.runCompiled(selectDue(db, limit))).map((d) => ({ id: Number(d.id), entity: String(d.entity), recordId: String(d.record_id) }));
      const heads: (RecordHead & { fields?: unknown })[] = [];
      // Households without their fields first; hand-outs and corrections (no push parse kept) with them.
      const each = (entity: string, ids: string[]) => (entity === PARSE_KEPT ? selectRecordHeads(db, entity, ids) : selectCountedRecords(db, entity, ids));
      await byEntity(marks.map((m) => ({ entity: m.entity, id: m.recordId })), each, (entity, r) => heads.push({ ...recordHead(entity, r), fields: r.fields }));
      const fields = async (unread: readonly RecordHead[]) => {
        const out = new Map<string, unknown>();
        await byEntity(unread, (entity, ids) => selectRecordFields(db, entity, ids), (entity, r) => out.set(`${entity}\u0000${String(r.id)}`, r.fields));
        return out;
      };
      const households = [...new Set(marks.filter((m) => m.entity === 'household').map((m) => m.recordId))];
      const keys: KeyRow[] = [];
      for (const c of inChunks(households)) for (const r of await tx.runCompiled(selectKeysOfRecords(db, c))) keys.push(keyRow(r));
      return { marks, keys, ...(await withFields(heads, pushParse, fields)) };
    },
    async naming(people, fetched) {
      const byEvent = new Map<string, string[]>();
      for (const p of people) {
        const list = byEvent.get(p.eventId);
        if (list) list.push(p.key);
        else byEvent.set(p.eventId, [p.key]);
      }
      const found: { eventId: string; recordId: string }[] = [];
      for (const [eventId, keys] of byEvent) {
        for (const c of inChunks(keys)) for (const r of await tx.runCompiled(selectRecordsNaming(db, eventId, c))) found.push({ eventId, recordId: String(r.record_id) });
      }
      return { found, records: await read('household', found.map((f) => f.recordId).filter((id) => !fetched.has(id))) };
    },
    async relief(originals, correctionsOf) {
      const corrections: unknown[] = [];
      for (const c of inChunks(correctionsOf)) for (const row of await tx.runCompiled(selectCorrectionsOf(db, c))) corrections.push(typeof row.fields === 'string' ? JSON.parse(row.fields) : row.fields);
      return { originals: await read('relief', originals), corrections };
    },
    async write(w) {
      for (const c of inChunks(w.keysOf)) await tx.runCompiled(deleteKeysOfRecords(db, c));
      for (const c of inChunks(w.keys, 200)) await tx.runCompiled(insertKeys(db, c));
      const units = new Map<string, string[]>();
      for (const u of w.unitsOf) {
        const list = units.get(u.eventId);
        if (list) list.push(u.unitKey);
        else units.set(u.eventId, [u.unitKey]);
      }
      for (const [eventId, keys] of units) for (const c of inChunks(keys)) await tx.runCompiled(deleteSpansOfUnits(db, eventId, c));
      for (const c of inChunks(w.spans, 100)) await tx.runCompiled(insertSpans(db, c));
      for (const c of inChunks(w.unreadableOf)) await tx.runCompiled(deleteUnreadable(db, c));
      for (const c of inChunks(w.unreadable, 200)) await tx.runCompiled(insertUnreadable(db, c));
      for (const c of inChunks(w.reliefOf)) await tx.runCompiled(deleteRelief(db, c));
      for (const c of inChunks(w.relief, 200)) await tx.runCompiled(insertRelief(db, c));
      for (const c of inChunks(w.due)) await tx.runCompiled(deleteDue(db, c));
    },
  };
}
