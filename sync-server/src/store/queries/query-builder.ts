import {
  DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
  sql, type CompiledQuery, type Generated, type RawBuilder,
} from 'kysely';
import { indexedBy } from './indexed-by';
import type {
  AccountAreasTable, AreaQueueTable, AttachmentsTable, AuditAreasTable, AuditLogAreasView, CaseStepsTable, DevicesTable, DivisionsTable,
  HandoverKeysTable, ServerSecretsTable, SessionsTable, TabletHealthTable, UsersTable,
} from './tables';

/**
 * One query layer for both stores (issue 14): each query is written once with Kysely's typed builder
 * and compiled to the store's SQL; the stores run the compiled text on their own connections
 * (better-sqlite3 synchronously, `pg` on the transaction's client), so the transactions, the
 * serialising lock and the write queue stay the stores' own. Kysely runs no query itself: its
 * better-sqlite3 dialect would wrap every synchronous call in a promise and a connection mutex of its
 * own, and the PostgreSQL one would take clients from its own pool (the measured cost is in the
 * bench notes, test/bench/ingest/query-layer-cost.ts).
 *
 * Column types are what both drivers accept as parameters: JSON as text (jsonb parses it), booleans
 * as 0/1 (PostgreSQL's boolean input takes '1' and '0'), times as ISO-8601 text. Reading rows back
 * stays per store (sqlite-rows.ts, postgres-rows.ts): that is where the drivers truly differ.
 */
export interface RecordsTable {
  entity: string;
  id: string;
  township: string | null;
  version: number;
  fields: string;
  field_versions: string;
  field_stamps: string;
  server_seq: number;
  created_by: string | null;
  updated_by: string | null;
  origin_client: string | null;
  created_at: string;
  updated_at: string;
  deleted: number;
  id_hmac: string | null;
}

export interface AppliedChangesTable {
  client_id: string;
  seq: number;
  result: string;
  applied_at: string;
  user_id: string | null;
  content_hash: string | null;
}

export interface AuditLogTable {
  /** AUTOINCREMENT / bigserial: written by the database. */
  id: Generated<number>;
  at: string;
  user_id: string | null;
  device_id: string | null;
  township: string | null;
  action: string;
  entity: string | null;
  record_id: string | null;
  detail: string | null;
}

export interface PersonKeysTable {
  entity: string;
  record_id: string;
  id_hmac: string;
}

export interface Tables {
  records: RecordsTable;
  applied_changes: AppliedChangesTable;
  audit_log: AuditLogTable;
  person_keys: PersonKeysTable;
  // The other tables (tables.ts): every query of the stores is written once (queries/*-queries.ts).
  users: UsersTable;
  devices: DevicesTable;
  sessions: SessionsTable;
  account_areas: AccountAreasTable;
  attachments: AttachmentsTable;
  audit_log_areas: AuditLogAreasView;
  audit_areas: AuditAreasTable;
  server_secrets: ServerSecretsTable;
  case_steps: CaseStepsTable;
  divisions: DivisionsTable;
  area_queue: AreaQueueTable;
  tablet_health: TabletHealthTable;
  handover_keys: HandoverKeysTable;
}

/** A compile-only builder, and the few expressions whose SQL differs between the two databases. */
export interface QueryDialect {
  db: Kysely<Tables>;
  /** The relief hand-out's household id, as the index of migration 007 is written. */
  reliefHouseholdId: RawBuilder<string>;
  /** The index a query must take (indexed-by.ts): SQLite's planner, without statistics, needs telling; PostgreSQL's does not. */
  indexedBy: (c: CompiledQuery, table: string, index: string) => CompiledQuery;
  /**
   * Whether the planner has statistics to choose by a table's shares: PostgreSQL's (autovacuum analyses);
   * SQLite's has none (the server runs no ANALYZE), so a statement whose best plan depends on them is written for one plan.
   */
  statistics: boolean;
  /** Row locks (SELECT … FOR UPDATE): PostgreSQL's; SQLite has none and needs none (one writer, BEGIN IMMEDIATE). */
  rowLocks: boolean;
  /**
   * SQLite: the person look-ups' indexes hold the first this-many characters of the ID-number HMAC
   * (migration 015), so the queries compare the prefix (for the index) and the whole HMAC (for the
   * answer). PostgreSQL: null, its indexes hold the whole HMAC (its plans for these lists are left as they were).
   */
  hmacPrefix: number | null;
}

export function sqliteQueries(): QueryDialect {
  const db = new Kysely<Tables>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new SqliteIntrospector(k),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
  return { db, reliefHouseholdId: sql<string>`json_extract(fields, '$.householdId')`, indexedBy, statistics: false, rowLocks: false, hmacPrefix: 16 };
}

/** Every table qualified with the store's schema (no search_path: PGlite shares one session). */
export function postgresQueries(schema: string): QueryDialect {
  const db = new Kysely<Tables>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }).withSchema(schema);
  return { db, reliefHouseholdId: sql<string>`(fields ->> 'householdId')`, indexedBy: (c) => c, statistics: true, rowLocks: true, hmacPrefix: null };
}
