import type Database from 'better-sqlite3';
import { migrationFiles } from './migration-files';
import { upgradeAreasSqlite } from './migrations/sqlite/002-areas';

/**
 * Data steps that need code rather than SQL, by migration number: each runs right after its numbered
 * SQL file, in the same transaction, so a crash leaves neither half applied.
 */
const DATA_STEPS: Record<number, (db: Database.Database, at: string) => void> = { 2: upgradeAreasSqlite };

/**
 * Applies the numbered SQLite migrations not yet in schema_migrations, each in its own
 * IMMEDIATE transaction (so two processes starting at once cannot both apply one), with its data step if any.
 */
export function migrateSqlite(db: Database.Database, now: () => Date): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied: number[] = [];
  for (const m of migrationFiles('sqlite')) {
    const run = db.transaction(() => {
      const done = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version);
      if (done) return false;
      db.exec(m.sql);
      DATA_STEPS[m.version]?.(db, now().toISOString());
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, now().toISOString());
      return true;
    });
    if (run.immediate()) applied.push(m.version);
  }
  return applied;
}
