import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseUrl, dropSchema, freshSchemaName } from '../../test/helpers/server-harness';
import { openPostgresStore } from '../src/store/postgres-store';
import { openSqliteStore } from '../src/store/sqlite-store';
import type { Store } from '../src/store/store';

const AT = '2026-06-20T08:00:00.000Z';
const hash = (c: string) => c.repeat(64);
const migration001 = (dialect: 'sqlite' | 'postgres') =>
  readFileSync(new URL(`../src/store/migrations/${dialect}/001-initial.sql`, import.meta.url), 'utf8');

/** Rows as the first schema held them: sha256 the key, the first uploader's township, none for an administrator. */
const OLD_ROWS = [
  ['a', '清河镇', null],
  ['b', null, 'hh-00000001'], // an administrator's upload for a record of 柳林乡
  ['c', null, null], // an administrator's upload with no record
] as const;

async function expectMigrated(store: Store): Promise<void> {
  expect(await store.attachmentTownships(hash('a'))).toEqual(['清河镇']);
  expect(await store.attachmentTownships(hash('b'))).toEqual(['柳林乡']);
  // No area a worker or supervisor has: only an administrator reads it.
  expect(await store.attachmentTownships(hash('c'))).toEqual(['']);
  expect((await store.getAttachment('柳林乡', hash('b')))?.bytes).toEqual(Buffer.from('b'));
  // Now the same bytes can be held by a second area.
  expect(await store.putAttachment({ sha256: hash('a'), bytes: Buffer.from('a'), size: 1, contentType: 'image/jpeg', recordId: null, township: '柳林乡', uploadedBy: 'u2', createdAt: AT })).toBe(true);
}

describe('[T3] migration 004: attachments by (area, hash), from data written under the first schema', () => {
  let cleanup: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await cleanup?.();
    cleanup = null;
  });

  it('SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidemark-mig-'));
    const file = join(dir, 'tidemark.sqlite');
    const db = new Database(file);
    db.exec(migration001('sqlite'));
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    db.prepare('INSERT INTO schema_migrations VALUES (1, ?, ?)').run('001-initial.sql', AT);
    db.prepare(`INSERT INTO records (entity, id, township, version, fields, field_versions, field_stamps, server_seq, created_at, updated_at)
                VALUES ('household', 'hh-00000001', '柳林乡', 1, '{}', '{}', '{}', 1, ?, ?)`).run(AT, AT);
    for (const [c, township, recordId] of OLD_ROWS) {
      db.prepare('INSERT INTO attachments (sha256, bytes, size, content_type, record_id, township, uploaded_by, created_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?)')
        .run(hash(c), Buffer.from(c), 'image/jpeg', recordId, township, 'u1', AT);
    }
    db.close();
    const store = openSqliteStore({ file });
    cleanup = async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
    await expectMigrated(store);
  });

  it('PostgreSQL', async () => {
    const schema = freshSchemaName();
    const client = new pg.Client({ connectionString: databaseUrl() });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA "${schema}"`);
      await client.query(`SET search_path TO "${schema}"`);
      await client.query(migration001('postgres'));
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)');
      await client.query('INSERT INTO schema_migrations VALUES (1, $1, $2)', ['001-initial.sql', AT]);
      await client.query(`INSERT INTO records (entity, id, township, version, fields, field_versions, field_stamps, server_seq, created_at, updated_at)
                          VALUES ('household', 'hh-00000001', '柳林乡', 1, '{}', '{}', '{}', 1, $1, $1)`, [AT]);
      for (const [c, township, recordId] of OLD_ROWS) {
        await client.query('INSERT INTO attachments (sha256, bytes, size, content_type, record_id, township, uploaded_by, created_at) VALUES ($1, $2, 1, $3, $4, $5, $6, $7)',
          [hash(c), Buffer.from(c), 'image/jpeg', recordId, township, 'u1', AT]);
      }
    } finally {
      await client.end();
    }
    const store = await openPostgresStore({ connectionString: databaseUrl(), schema, poolMax: 2 });
    cleanup = async () => {
      await store.close();
      await dropSchema(schema);
    };
    await expectMigrated(store);
  });
});
