import type pg from 'pg';
import { migrationFiles } from './migration-files';
import { upgradeAreasPostgres } from './migrations/postgres/002-areas';

/**
 * Data steps that need code rather than SQL, by migration number: each runs right after its numbered
 * SQL file, inside the migration transaction (search_path set to the schema).
 */
const DATA_STEPS: Record<number, (client: pg.PoolClient, at: string) => Promise<void>> = { 2: upgradeAreasPostgres };

/**
 * Applies the numbered PostgreSQL migrations not yet in `<schema>.schema_migrations`, all in one
 * transaction under an advisory lock, so two server processes starting at once apply each exactly once.
 */
export async function migratePostgres(client: pg.PoolClient, schema: string, now: () => Date): Promise<number[]> {
  const applied: number[] = [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tidemark-migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    // Transaction-local: the migration files use unqualified names and land in this schema.
    await client.query("SELECT set_config('search_path', $1, true)", [`"${schema}"`]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)');
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const m of migrationFiles('postgres')) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await DATA_STEPS[m.version]?.(client, now().toISOString());
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, now().toISOString()]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return applied;
}
