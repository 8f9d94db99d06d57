import type Database from 'better-sqlite3';
import { migrationFiles } from './migration-files';

/**
 * Applies the numbered SQLite migrations not yet in schema_migrations, each in its own
 * IMMEDIATE transaction (so two processes starting at once cannot both apply one).
 */
export function migrateSqlite(db: Database.Database, now: () => Date): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied: number[] = [];
  for (const m of migrationFiles('sqlite')) {
    const run = db.transaction(() => {
      const done = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version);
      if (done) return false;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, now().toISOString());
      return true;
    });
    if (run.immediate()) applied.push(m.version);
  }
  return applied;
}
