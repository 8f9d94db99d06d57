import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql, type CompiledQuery } from 'kysely';
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
  fields: string;
  deleted: number;
}

interface CountedTables {
  records: RecordsColumns;
  counted_keys: CountedKeysTable;
  counted_spans: CountedSpansTable;
  counted_state: CountedStateTable;
}

export type CountedDb = Kysely<CountedTables>;

const cache = new Map<string, CountedDb>();

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
  cache.set(key, db);
  return db;
}

/** Lists go in chunks below both databases' parameter limits. */
export function inChunks<T>(items: readonly T[], size = 400): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const selectKeysOfRecords = (db: CountedDb, recordIds: readonly string[]): CompiledQuery =>
  db.selectFrom('counted_keys').select(['event_id', 'record_id', 'id_hmac', 'is_head']).where('record_id', 'in', recordIds).compile();

export const selectRecordsNaming = (db: CountedDb, eventId: string, keys: readonly string[]): CompiledQuery =>
  db.selectFrom('counted_keys').select(['record_id']).distinct().where('event_id', '=', eventId).where('id_hmac', 'in', keys).compile();

export const deleteKeysOfRecords = (db: CountedDb, recordIds: readonly string[]): CompiledQuery =>
  db.deleteFrom('counted_keys').where('record_id', 'in', recordIds).compile();

export const insertKeys = (db: CountedDb, rows: readonly CountedKeysTable[]): CompiledQuery =>
  db.insertInto('counted_keys').values([...rows]).onConflict((oc) => oc.doNothing()).compile();

export const deleteSpansOfUnits = (db: CountedDb, eventId: string, unitKeys: readonly string[]): CompiledQuery =>
  db.deleteFrom('counted_spans').where('event_id', '=', eventId).where('unit_key', 'in', unitKeys).compile();

export const deleteEvent = (db: CountedDb, eventId: string): CompiledQuery[] => [
  db.deleteFrom('counted_spans').where('event_id', '=', eventId).compile(),
  db.deleteFrom('counted_keys').where('event_id', '=', eventId).compile(),
];

export function insertSpans(db: CountedDb, spans: readonly CountedSpan[]): CompiledQuery {
  return db
    .insertInto('counted_spans')
    .values(
      spans.map((s) => ({
        event_id: s.eventId, unit_key: s.unitKey, valid_from: s.validFrom, valid_to: s.validTo, record_id: s.recordId, township: s.township,
        status: s.status, evacuation: s.evacuation, placement: s.placement, site_id: s.siteId, people: s.people, need_emergency: s.needEmergency,
        need_transitional: s.needTransitional, damage_level: s.damageLevel, damage_rooms: s.damageRooms, dead: s.dead, missing: s.missing, injured: s.injured,
      })),
    )
    .compile();
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
 * People relocated by township at the end of each day (China time), from the same spans: the day's
 * instants joined as a derived table, so the database sums every day in one statement.
 */
export function selectDailyPeople(db: CountedDb, eventId: string, days: readonly { day: string; at: string }[], townships: readonly string[] | null): CompiledQuery {
  const dayRows = sql.join(days.map((d) => sql`select cast(${d.day} as text) as day, cast(${d.at} as text) as at`), sql` union all `);
  const reloc = sql`s.evacuation = 'relocation'`;
  const cur = sql`s.evacuation = 'relocation' and s.status = 'current'`;
  const sumIf = (c: ReturnType<typeof sql>) => sql<number>`sum(case when ${c} then s.people else 0 end)`;
  let q = db
    .selectFrom(['counted_spans as s', sql<{ day: string; at: string }>`(${dayRows})`.as('d')])
    .select([
      sql<string>`d.day`.as('day'), 's.township',
      sumIf(reloc).as('cum'), sumIf(cur).as('cur'),
      sumIf(sql`${reloc} and s.placement = 'centralised'`).as('cum_c'), sumIf(sql`${cur} and s.placement = 'centralised'`).as('cur_c'),
      sumIf(sql`${reloc} and s.placement = 'dispersed'`).as('cum_d'), sumIf(sql`${cur} and s.placement = 'dispersed'`).as('cur_d'),
    ])
    .where('s.event_id', '=', eventId)
    .where(sql<boolean>`s.valid_from <= d.at and (s.valid_to is null or s.valid_to > d.at)`)
    .groupBy([sql`d.day`, 's.township']);
  if (townships) q = q.where('s.township', 'in', townships.length ? [...townships] : ['']);
  return q.compile();
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
