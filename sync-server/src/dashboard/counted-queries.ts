import { DummyDriver, type Generated, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql, type CompiledQuery } from 'kysely';
import { chinaDate } from '../../../src/shared/rules/china-time';
import { indexedBy } from '../store/queries/indexed-by';
import { paddedList } from '../store/queries/padded-list';
import { compiledOnce, multiRowOnce } from '../store/queries/compiled-once';
import type { CountedSpan } from './counted-spans';

/**
 * The counting tables of migration 010, queried with Kysely's compile-only builder as the store's own
 * queries are (store/queries/query-builder.ts): written once, compiled per dialect, run by the store
 * (Store.queryCompiled, StoreTx.runCompiled).
 */
interface CountedKeysTable {
  event_id: string;
  record_id: string;
  id_hmac: string;
  is_head: number;
}

interface CountedSpansTable {
  event_id: string;
  unit_key: string;
  valid_from: string;
  valid_to: string | null;
  record_id: string;
  township: string;
  status: string;
  evacuation: string;
  placement: string;
  site_id: string | null;
  people: number;
  need_emergency: number;
  need_transitional: number;
  damage_level: string;
  damage_rooms: number;
  dead: number;
  missing: number;
  injured: number;
  /** China dates of valid_from / valid_to (migration 012): the day series' index. */
  from_day: string | null;
  to_day: string | null;
}

/** Migration 012: each live hand-out as the corrected ledger counts it (counted-relief.ts). */
export interface CountedReliefTable {
  handout_id: string;
  event_id: string;
  household_id: string;
  township: string;
  at: string;
  round: string;
  category: string;
  kind: string;
  unit: string;
  quantity: number;
  fen: number;
}

interface CountedUnreadableTable {
  entity: string;
  record_id: string;
  township: string | null;
}

interface CountedStateTable {
  name: string;
  value: string;
}

/** The store's records table, the columns read here (records.township decides whose a household is). */
interface RecordsColumns {
  entity: string;
  id: string;
  township: string | null;
  version: number;
  fields: string;
  updated_at: string;
  deleted: number;
}

export interface CountedTables {
  records: RecordsColumns;
  counted_keys: CountedKeysTable;
  counted_spans: CountedSpansTable;
  counted_state: CountedStateTable;
  counted_relief: CountedReliefTable;
  counted_unreadable: CountedUnreadableTable;
  counting_due: CountingDueTable;
}

/** Migration 013 (SPEC D9): a record a write left to be counted (counter.ts). */
interface CountingDueTable {
  id: Generated<number>;
  entity: string;
  record_id: string;
}

export type CountedDb = Kysely<CountedTables>;

const cache = new Map<string, CountedDb>();
const postgresDbs = new WeakSet<CountedDb>();

/** A text field of a record's JSON fields, in the builder's dialect (the expression its index is on). */
export const jsonText = (db: CountedDb, field: string) =>
  postgresDbs.has(db) ? sql<string>`(fields ->> ${sql.lit(field)})` : sql<string>`json_extract(fields, ${sql.lit('$.' + field)})`;

/** On SQLite, the compiled query through this index (store/queries/indexed-by.ts); PostgreSQL's text as it is. */
export const throughIndex = (db: CountedDb, c: CompiledQuery, table: string, index: string): CompiledQuery => (postgresDbs.has(db) ? c : indexedBy(c, table, index));

/** The builder for a store: SQLite, or PostgreSQL with every table in the store's schema. */
export function countedDb(store: { kind: 'sqlite' | 'postgres'; schemaName: string | null }): CountedDb {
  const key = `${store.kind}:${store.schemaName ?? ''}`;
  let db = cache.get(key);
  if (db) return db;
  const pg = store.kind === 'postgres';
  db = new Kysely<CountedTables>({
    dialect: {
      createAdapter: () => (pg ? new PostgresAdapter() : new SqliteAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => (pg ? new PostgresIntrospector(k) : new SqliteIntrospector(k)),
      createQueryCompiler: () => (pg ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
    },
  });
  if (pg && store.schemaName) db = db.withSchema(store.schemaName);
  if (pg) postgresDbs.add(db);
  cache.set(key, db);
  return db;
}

/** Lists go in chunks below both databases' parameter limits. */
export function inChunks<T>(items: readonly T[], size = 400): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Records of one kind as a count reads them (count-io.ts CountedRecord): without their stamps and field versions. */
export const selectCountedRecords = (db: CountedDb, entity: string, ids: readonly string[]): CompiledQuery => {
  const list = paddedList(ids);
  return compiledOnce(db, `selectCountedRecords:${list.length}`, [entity, ...list], () =>
    db.selectFrom('records').select(['id', 'township', 'version', 'fields', 'updated_at', 'deleted']).where('entity', '=', entity).where('id', 'in', list).compile());
};

/** The same records without their fields (count-io.ts `due`: the fields only of those no push of this process parsed). */
export const selectRecordHeads = (db: CountedDb, entity: string, ids: readonly string[]): CompiledQuery => {
  const list = paddedList(ids);
  return compiledOnce(db, `selectRecordHeads:${list.length}`, [entity, ...list], () =>
    db.selectFrom('records').select(['id', 'township', 'version', 'updated_at', 'deleted']).where('entity', '=', entity).where('id', 'in', list).compile());
};

export const selectRecordFields = (db: CountedDb, entity: string, ids: readonly string[]): CompiledQuery => {
  const list = paddedList(ids);
  return compiledOnce(db, `selectRecordFields:${list.length}`, [entity, ...list], () =>
    db.selectFrom('records').select(['id', 'fields']).where('entity', '=', entity).where('id', 'in', list).compile());
};

export const selectKeysOfRecords = (db: CountedDb, recordIds: readonly string[]): CompiledQuery => {
  const list = paddedList(recordIds);
  return compiledOnce(db, `selectKeysOfRecords:${list.length}`, list, () =>
    db.selectFrom('counted_keys').select(['event_id', 'record_id', 'id_hmac', 'is_head']).where('record_id', 'in', list).compile());
};

/**
 * Through counted_keys_person on SQLite too (indexed-by.ts): its planner took the covering counted_keys_head
 * for `event_id = ?` and read every key of the event, per push (issue 14, thirteenth session).
 */
export const selectRecordsNaming = (db: CountedDb, eventId: string, keys: readonly string[]): CompiledQuery => {
  const list = paddedList(keys);
  return compiledOnce(db, `selectRecordsNaming:${list.length}`, [eventId, ...list], () =>
    throughIndex(db, db.selectFrom('counted_keys').select(['record_id']).distinct().where('event_id', '=', eventId).where('id_hmac', 'in', list).compile(), 'counted_keys', 'counted_keys_person'),
  );
};

export const deleteKeysOfRecords = (db: CountedDb, recordIds: readonly string[]): CompiledQuery => {
  const list = paddedList(recordIds);
  return compiledOnce(db, `deleteKeysOfRecords:${list.length}`, list, () => db.deleteFrom('counted_keys').where('record_id', 'in', list).compile());
};

const KEY_COLUMNS = ['event_id', 'record_id', 'id_hmac', 'is_head'] as const;

/**
 * Compiled once per number of rows (compiled-once.ts), as the push's own inserts are: Kysely's parsing of a
 * 200-row VALUES list was ~2 % of an ingest's server CPU, every count batch building the same texts again
 * (issue 14, twenty-first session).
 */
export const insertKeys = (db: CountedDb, rows: readonly CountedKeysTable[]): CompiledQuery =>
  multiRowOnce(db, 'insertKeys', rows, KEY_COLUMNS, (r) => db.insertInto('counted_keys').values(r as unknown as CountedKeysTable[]).onConflict((oc) => oc.doNothing()).compile());

export const deleteSpansOfUnits = (db: CountedDb, eventId: string, unitKeys: readonly string[]): CompiledQuery => {
  const list = paddedList(unitKeys);
  return compiledOnce(db, `deleteSpansOfUnits:${list.length}`, [eventId, ...list], () => db.deleteFrom('counted_spans').where('event_id', '=', eventId).where('unit_key', 'in', list).compile());
};

export const deleteEvent = (db: CountedDb, eventId: string): CompiledQuery[] => [
  db.deleteFrom('counted_spans').where('event_id', '=', eventId).compile(),
  db.deleteFrom('counted_keys').where('event_id', '=', eventId).compile(),
];

const SPAN_COLUMNS = [
  'event_id', 'unit_key', 'valid_from', 'valid_to', 'record_id', 'township', 'status', 'evacuation', 'placement', 'site_id', 'people', 'need_emergency',
  'need_transitional', 'damage_level', 'damage_rooms', 'dead', 'missing', 'injured', 'from_day', 'to_day',
] as const satisfies readonly (keyof CountedSpansTable)[];

/** Compiled once per number of rows, as insertKeys. */
export function insertSpans(db: CountedDb, spans: readonly CountedSpan[]): CompiledQuery {
  const rows = spans.map((s) => ({
        event_id: s.eventId, unit_key: s.unitKey, valid_from: s.validFrom, valid_to: s.validTo, record_id: s.recordId, township: s.township,
        status: s.status, evacuation: s.evacuation, placement: s.placement, site_id: s.siteId, people: s.people, need_emergency: s.needEmergency,
        need_transitional: s.needTransitional, damage_level: s.damageLevel, damage_rooms: s.damageRooms, dead: s.dead, missing: s.missing, injured: s.injured,
        from_day: chinaDate(Date.parse(s.validFrom)), to_day: s.validTo === null ? null : chinaDate(Date.parse(s.validTo)),
      }));
  return multiRowOnce(db, 'insertSpans', rows, SPAN_COLUMNS, (r) => db.insertInto('counted_spans').values(r as unknown as CountedSpansTable[]).compile());
}

/** Household records marked unreadable at ingest (person-rows.ts UNREADABLE), in these townships (null: all). */
export function selectUnreadable(db: CountedDb, townships: readonly string[] | null): CompiledQuery {
  let q = db
    .selectFrom('counted_keys as k')
    .innerJoin('records as r', (j) => j.on('r.entity', '=', 'household').onRef('r.id', '=', 'k.record_id'))
    .select('k.record_id')
    .where('k.event_id', '=', '');
  if (townships) q = q.where('r.township', 'in', townships.length ? [...townships] : ['']);
  return q.compile();
}

export const selectState = (db: CountedDb, name: string): CompiledQuery => db.selectFrom('counted_state').select('value').where('name', '=', name).compile();

export const putState = (db: CountedDb, name: string, value: string): CompiledQuery =>
  db.insertInto('counted_state').values({ name, value }).onConflict((oc) => oc.column('name').doUpdateSet({ value })).compile();

/** Integer sums come back as text from PostgreSQL (bigint) and as numbers from SQLite. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export { sql };

/** The head key (unit) of each household record of the event. */
export const selectHeads = (db: CountedDb, eventId: string): CompiledQuery =>
  db.selectFrom('counted_keys').select(['record_id', 'id_hmac']).where('event_id', '=', eventId).where('is_head', '=', 1).compile();

/** Each unit's township, site and people at `at` (UTC ISO text): the spans that hold then. */
export const selectUnitsAt = (db: CountedDb, eventId: string, at: string): CompiledQuery =>
  db
    .selectFrom('counted_spans')
    .select(['unit_key', 'township', 'site_id', 'people', 'status', 'evacuation'])
    .where('event_id', '=', eventId)
    .where('valid_from', '<=', at)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)]))
    .compile();

/** People at each centralised site at `at`: relocated units still there (shelter-occupancy.ts peopleAtSite). */
export const selectSitePeopleAt = (db: CountedDb, eventId: string, at: string): CompiledQuery =>
  db
    .selectFrom('counted_spans')
    .select((eb) => ['site_id', eb.fn.sum<number>('people').as('people'), eb.fn.countAll<number>().as('households')])
    .where('event_id', '=', eventId)
    .where('evacuation', '=', 'relocation')
    .where('status', '=', 'current')
    .where('site_id', 'is not', null)
    .where('valid_from', '<=', at)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)]))
    .groupBy('site_id')
    .compile();

/** Every site the event's households were placed at, at any time, and every township they were counted in. */
export const selectUsedSites = (db: CountedDb, eventId: string): CompiledQuery =>
  db.selectFrom('counted_spans').select('site_id').distinct().where('event_id', '=', eventId).where('site_id', 'is not', null).compile();
export const selectCountedTownships = (db: CountedDb, eventId: string): CompiledQuery =>
  db.selectFrom('counted_spans').select('township').distinct().where('event_id', '=', eventId).compile();

/**
 * What the spans add by township on the China day they start (sign +1) and take away on the day they end
 * (sign -1), up to `lastDay`, in one statement over the day indexes (migration 012, SPEC D7): summed
 * in day order, these give every day's figures at its last instant (a span holds at the end of day d iff
 * from_day <= d and (to_day is null or to_day > d)). Days before the range are in the running sum too.
 */
export function selectDayChanges(db: CountedDb, eventId: string, lastDay: string, townships: readonly string[] | null): CompiledQuery {
  const reloc = sql`evacuation = 'relocation'`;
  const cur = sql`evacuation = 'relocation' and status = 'current'`;
  const sumIf = (c: ReturnType<typeof sql>) => sql<number>`sum(case when ${c} then people else 0 end)`;
  const sums = [
    sumIf(reloc).as('cum'), sumIf(cur).as('cur'),
    sumIf(sql`${reloc} and placement = 'centralised'`).as('cum_c'), sumIf(sql`${cur} and placement = 'centralised'`).as('cur_c'),
    sumIf(sql`${reloc} and placement = 'dispersed'`).as('cum_d'), sumIf(sql`${cur} and placement = 'dispersed'`).as('cur_d'),
  ];
  let starts = db
    .selectFrom('counted_spans')
    .select([sql<string>`from_day`.as('day'), sql<number>`1`.as('sign'), 'township', ...sums])
    .where('event_id', '=', eventId)
    .where('from_day', '<=', lastDay)
    .groupBy(['from_day', 'township']);
  let ends = db
    .selectFrom('counted_spans')
    .select([sql<string>`to_day`.as('day'), sql<number>`-1`.as('sign'), 'township', ...sums])
    .where('event_id', '=', eventId)
    .where('to_day', '<=', lastDay)
    .groupBy(['to_day', 'township']);
  if (townships) {
    const list = townships.length ? [...townships] : [''];
    starts = starts.where('township', 'in', list);
    ends = ends.where('township', 'in', list);
  }
  return starts.unionAll(ends).compile();
}

/**
 * The live records of one kind in these townships (null: all), in one statement: a report reads a whole
 * ledger at once, where paging along serverSeq (list-all-records.ts) costs a scan per page.
 */
export function selectLiveRecords(db: CountedDb, entity: string, townships: readonly string[] | null): CompiledQuery {
  let q = db.selectFrom('records').select(['id', 'township', 'fields']).where('entity', '=', entity).where('deleted', '=', 0);
  if (townships) q = q.where('township', 'in', townships.length ? [...townships] : ['']);
  return q.compile();
}

/** A row of selectLiveRecords as the loaders read it (PostgreSQL returns jsonb parsed, SQLite text). */
export const liveRecord = (r: Record<string, unknown>) => ({
  id: String(r.id),
  township: r.township === null ? null : String(r.township),
  fields: (typeof r.fields === 'string' ? JSON.parse(r.fields) : r.fields) as Record<string, unknown>,
});

/**
 * Refreshes the planner's statistics of the counting tables: run after a backfill, which fills them at
 * once (the attribution's joins are planned from these; stale statistics make PostgreSQL loop).
 */
export function analyzeCounted(store: { kind: 'sqlite' | 'postgres'; schemaName: string | null }): CompiledQuery[] {
  const db = countedDb(store);
  return ['counted_spans', 'counted_keys', 'counted_relief'].map((t) =>
    (store.kind === 'postgres' && store.schemaName ? sql`analyze ${sql.id(store.schemaName, t)}` : sql`analyze ${sql.id(t)}`).compile(db),
  );
}

/**
 * The records behind a figure at `at` (SPEC D8): the representative record of each relocated unit counted
 * then, in these townships (null: all), at one site (still there) or in one township when given. At most
 * `limit` rows, in township and record order.
 */
export function selectFigureRecords(db: CountedDb, eventId: string, at: string, o: { townships: readonly string[] | null; township?: string; siteId?: string; limit: number }): CompiledQuery {
  let q = db
    .selectFrom('counted_spans')
    .select(['record_id', 'township', 'site_id', 'status', 'placement', 'people'])
    .where('event_id', '=', eventId)
    .where('evacuation', '=', 'relocation')
    .where('valid_from', '<=', at)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)]));
  if (o.townships) q = q.where('township', 'in', o.townships.length ? [...o.townships] : ['']);
  if (o.township !== undefined) q = q.where('township', '=', o.township);
  if (o.siteId !== undefined) q = q.where('site_id', '=', o.siteId).where('status', '=', 'current');
  return q.orderBy('township').orderBy('record_id').limit(o.limit).compile();
}
