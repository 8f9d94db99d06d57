/**
 * Migration 003 (client binding) on a database written by the release before: the (client id, seq)
 * marks get their owner back from the audit log where it names exactly one account, so a change a
 * re-bound client id made under another account is not taken as the owner's own (SPEC P8).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrationFiles } from '../src/store/migration-files';
import { openPostgresStore } from '../src/store/postgres-store';
import { openSqliteStore } from '../src/store/sqlite-store';
import type { Store } from '../src/store/store';
import { databaseUrl, dropSchema, freshSchemaName } from '../../test/helpers/server-harness';

const AT = '2026-06-20T08:00:00.000Z';
const result = (seq: number) => JSON.stringify({ seq, id: `rec-${seq}`, status: 'applied', version: 1 });

/** What the release before wrote: three marks of client-1; the audit log names wang for 1, li for 2, both for 3. */
const LEGACY_ROWS: { sql: string; params: unknown[] }[] = [
  ...[1, 2, 3, 4].map((seq) => ({ sql: 'INSERT INTO applied_changes (client_id, seq, result, applied_at) VALUES (?, ?, ?, ?)', params: ['client-1', seq, result(seq), AT] })),
  ...[
    ['user-wang', 1, 'record.create'],
    ['user-li', 2, 'record.create'],
    ['user-wang', 3, 'record.update'],
    ['user-li', 3, 'sync.rejected'],
  ].map(([user, seq, action]) => ({
    sql: 'INSERT INTO audit_log (at, user_id, device_id, township, action, entity, record_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    params: [AT, user, 'client-1', '清河镇', action, 'household', `rec-${String(seq)}`, JSON.stringify({ seq })],
  })),
];

async function owners(store: Store): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (const seq of [1, 2, 3, 4]) out.push((await store.transaction((tx) => tx.getAppliedChange('client-1', seq)))!.userId);
  return out;
}

describe('migration 003: client binding on a database of the release before', () => {
  it('[P8] SQLite: marks get their one owner from the audit log; unknown or ambiguous stay NULL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidemark-m003-'));
    const file = join(dir, 'tidemark.sqlite');
    try {
      const db = new Database(file);
      db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      const first = migrationFiles('sqlite')[0]!;
      db.exec(first.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(first.version, first.name, AT);
      for (const r of LEGACY_ROWS) db.prepare(r.sql).run(...r.params);
      db.close();
      const store = openSqliteStore({ file });
      expect(await owners(store)).toEqual(['user-wang', 'user-li', null, null]);
      expect((await store.transaction((tx) => tx.getAppliedChange('client-1', 1)))!.contentHash).toBeNull();
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('[P8] PostgreSQL: the same', async () => {
    const schema = freshSchemaName();
    const client = new pg.Client({ connectionString: databaseUrl() });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA "${schema}"`);
      await client.query(`SET search_path TO "${schema}"`);
      await client.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)');
      const first = migrationFiles('postgres')[0]!;
      await client.query(first.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [first.version, first.name, AT]);
      for (const r of LEGACY_ROWS) {
        let n = 0;
        await client.query(r.sql.replace(/\?/g, () => `$${++n}`), r.params);
      }
    } finally {
      await client.end();
    }
    const store = await openPostgresStore({ connectionString: databaseUrl(), schema });
    try {
      expect(await owners(store)).toEqual(['user-wang', 'user-li', null, null]);
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  });
});
