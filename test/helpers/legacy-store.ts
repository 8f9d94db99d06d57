/**
 * A database as an earlier release left it, for the migration and upgrade tests: SQL run behind the store's
 * back, and a database migrated only up to a version.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { migrationFiles } from '../../sync-server/src/store/migration-files';
import { upgradeAreasPostgres } from '../../sync-server/src/store/migrations/postgres/002-areas';
import { upgradeAreasSqlite } from '../../sync-server/src/store/migrations/sqlite/002-areas';
import { databaseUrl, type TempStore } from './server-harness';

/** Runs SQL (`?` parameters) behind the store's back: what the release before left in a database. */
export async function rawExec(temp: TempStore, sql: string, params: unknown[]): Promise<void> {
  if (temp.kind === 'sqlite') {
    const db = new Database(temp.location);
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${temp.location}"`);
    await client.query(sql.replace(/\?/g, (() => { let n = 0; return () => `$${++n}`; })()), params);
  } finally {
    await client.end();
  }
}

/** A new SQLite file with the migrations below `version` applied, as the store would have applied them at `at`. */
export function sqliteBelow(file: string, version: number, at: string): Database.Database {
  const db = new Database(file);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const m of migrationFiles('sqlite').filter((f) => f.version < version)) {
    db.exec(m.sql);
    if (m.version === 2) upgradeAreasSqlite(db, at);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, at);
  }
  return db;
}

/** A new PostgreSQL schema with the migrations below `version` applied; `run` takes `?` parameters. */
export async function postgresBelow(pool: pg.Pool, schema: string, version: number, at: string): Promise<(sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>> {
  const client = await pool.connect();
  try {
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    await client.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)');
    for (const m of migrationFiles('postgres').filter((f) => f.version < version)) {
      await client.query(m.sql);
      if (m.version === 2) await upgradeAreasPostgres(client, at);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, at]);
    }
  } finally {
    client.release();
  }
  return async (sql, params) => {
    let n = 0;
    return (await pool.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as Record<string, unknown>[];
  };
}
