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

interface CountedTables {
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

export const selectState = (db: CountedDb, name: string): CompiledQuery => db.selectFrom('counted_state').select('value').where('name', '=', name).compile();

export const putState = (db: CountedDb, name: string, value: string): CompiledQuery =>
  db.insertInto('counted_state').values({ name, value }).onConflict((oc) => oc.column('name').doUpdateSet({ value })).compile();

/** Integer sums come back as text from PostgreSQL (bigint) and as numbers from SQLite. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export { sql };
