/**
 * Migration 015 (issue 14, eleventh session) on data stored before it: on SQLite the person look-ups go
 * through indexes of the HMAC's first 16 characters and person_keys is rebuilt without its wide primary
 * key; on both stores the unread audit_log_township goes. The same rows, and the same answers as the queries before the migration gave: by head,
 * by person key, shared people, the audit log, a record's keys replaced as a whole. Two HMACs with the
 * same first 16 characters stay two people (the whole HMAC decides).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrationFiles } from '../src/store/migration-files';
import { upgradeAreasPostgres } from '../src/store/migrations/postgres/002-areas';
import { upgradeAreasSqlite } from '../src/store/migrations/sqlite/002-areas';
import { openPostgresStore } from '../src/store/postgres-store';
import { openSqliteStore } from '../src/store/sqlite-store';
import { deletePersonKeys, selectRecordsByPeople, selectSharedPeople } from '../src/store/queries/batch-queries';
import { sqliteQueries } from '../src/store/queries/query-builder';
import { selectRecordsByIdHmac, selectRecordsByPersonKey } from '../src/store/queries/record-queries';
import type { Store } from '../src/store/store';
import { databaseUrl, dropSchema, freshSchemaName } from '../../test/helpers/server-harness';
import { sqlitePlan } from '../../test/helpers/query-plans';

const AT = '2026-06-20T08:00:00.000Z';
const h = (s: string) => createHash('sha256').update(s).digest('hex');
const [hA, hB, hC, hD] = ['a', 'b', 'c', 'd'].map(h) as [string, string, string, string];
// Two people whose HMACs share the 16 indexed characters.
const hX = `${'f'.repeat(16)}${'1'.repeat(48)}`;
const hY = `${'f'.repeat(16)}${'2'.repeat(48)}`;
const PEOPLE = [hA, hB, hC, hD, hX, hY];

/** [id, head HMAC, deleted, the person keys]: rec-5 is deleted, rec-6 has no HMAC (no keys). */
const RECORDS: [string, string | null, number, string[]][] = [
  ['rec-1', hA, 0, [hA, hB]],
  ['rec-2', hC, 0, [hC, hB]],
  ['rec-3', hX, 0, [hX]],
  ['rec-4', hY, 0, [hY, hD]],
  ['rec-5', hA, 1, []],
  ['rec-6', null, 0, []],
];

/** The rows the release before wrote, as `?` statements. */
function legacyRows(): { sql: string; params: unknown[] }[] {
  return [
    ...RECORDS.map(([id, head, deleted], i) => ({
      sql: 'INSERT INTO records (entity, id, township, version, fields, field_versions, field_stamps, server_seq, created_at, updated_at, deleted, id_hmac) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)',
      params: ['household', id, '411523001', JSON.stringify({ id, head: { name: `户主${i}` } }), '{}', '{}', i + 1, AT, AT, deleted, head],
    })),
    ...RECORDS.flatMap(([id, , , keys]) => keys.map((k) => ({ sql: 'INSERT INTO person_keys (entity, record_id, id_hmac) VALUES (?, ?, ?)', params: ['household', id, k] }))),
    ...[1, 2, 3].map((i) => ({
      sql: 'INSERT INTO audit_log (at, user_id, device_id, township, action, entity, record_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      params: [AT, 'user-wang', 'client-1', i === 3 ? '411523002' : '411523001', 'sync.apply', 'household', `rec-${i}`, JSON.stringify({ seq: i })],
    })),
  ];
}

/** The answers the queries before the migration gave (whole-HMAC comparisons), by raw SQL. */
const BEFORE = {
  byHead: 'SELECT id FROM records WHERE id_hmac = ? ORDER BY server_seq',
  byKey: 'SELECT r.id FROM person_keys p JOIN records r ON r.entity = p.entity AND r.id = p.record_id WHERE p.id_hmac = ? ORDER BY r.server_seq',
  keys: 'SELECT entity, record_id, id_hmac FROM person_keys ORDER BY record_id, id_hmac',
};

interface Answers {
  byHead: Record<string, string[]>;
  byKey: Record<string, string[]>;
  keys: unknown[];
}

async function before(run: (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>): Promise<Answers> {
  const out: Answers = { byHead: {}, byKey: {}, keys: [] };
  for (const p of PEOPLE) {
    out.byHead[p] = (await run(BEFORE.byHead, [p])).map((r) => String(r.id));
    out.byKey[p] = (await run(BEFORE.byKey, [p])).map((r) => String(r.id));
  }
  out.keys = (await run(BEFORE.keys, [])).map((r) => ({ ...r }));
  return out;
}

async function expectSameAnswers(store: Store, old: Answers, keysNow: () => Promise<unknown[]>): Promise<void> {
  // The fixture's own expectations, so that "the same" is not "the same and wrong".
  expect(old.byHead[hA]).toEqual(['rec-1', 'rec-5']);
  expect(old.byKey[hB]).toEqual(['rec-1', 'rec-2']);
  expect(old.byHead[hX]).toEqual(['rec-3']);
  expect(old.byKey[hY]).toEqual(['rec-4']);
  for (const p of PEOPLE) {
    expect((await store.findRecordsByIdHmac(p)).map((r) => r.id)).toEqual(old.byHead[p]);
    expect((await store.findRecordsByPersonKey(p)).map((r) => r.id)).toEqual(old.byKey[p]);
  }
  expect(await keysNow()).toEqual(old.keys);
  expect((await store.findRecordsByPeople([hB])).map((r) => r.id)).toEqual(['rec-1', 'rec-2']);
  expect((await store.findRecordsByPeople([hX])).map((r) => r.id)).toEqual(['rec-3']);
  expect((await store.findRecordsByPeople([hA, hD])).map((r) => r.id)).toEqual(['rec-1', 'rec-4', 'rec-5']);
  // hA: rec-1 and rec-5 by head; hB: two records' keys; hX and hY: one record each, prefix shared or not.
  expect([...(await store.sharedPeople(PEOPLE))].sort()).toEqual([hA, hB].sort());
  expect((await store.listAudit({ township: '411523001', limit: 10 })).map((r) => r.recordId)).toEqual(['rec-2', 'rec-1']);
  expect((await store.listAudit({ entity: 'household', recordId: 'rec-3', limit: 10 })).map((r) => r.township)).toEqual(['411523002']);
  // A record's keys are still replaced as a whole, and a record named twice in one call keeps each key once.
  await store.replacePersonKeys('household', 'rec-2', [hC]);
  expect((await store.findRecordsByPersonKey(hB)).map((r) => r.id)).toEqual(['rec-1']);
  await store.replacePersonKeysMany([
    { entity: 'household', recordId: 'rec-3', idHmacs: [hX, hY] },
    { entity: 'household', recordId: 'rec-3', idHmacs: [hY, hX] },
  ]);
  expect((await store.findRecordsByPersonKey(hY)).map((r) => r.id)).toEqual(['rec-3', 'rec-4']);
  expect((await store.findRecordsByPersonKey(hX)).map((r) => r.id)).toEqual(['rec-3']);
}

describe('migration 015: narrower person indexes on data stored before it', () => {
  it('[I1] SQLite: the same rows and the same answers; the whole HMAC decides', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidemark-m015-'));
    const file = join(dir, 'tidemark.sqlite');
    try {
      const db = new Database(file);
      db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      for (const m of migrationFiles('sqlite').filter((f) => f.version < 15)) {
        db.exec(m.sql);
        if (m.version === 2) upgradeAreasSqlite(db, AT);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, AT);
      }
      for (const r of legacyRows()) db.prepare(r.sql).run(...r.params);
      const old = await before(async (sql, params) => db.prepare(sql).all(...params) as Record<string, unknown>[]);
      db.close();

      const store = openSqliteStore({ file });
      const read = new Database(file, { readonly: true });
      try {
        const indexes = (read.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('person_keys', 'records', 'audit_log') AND sql IS NOT NULL ORDER BY name").all() as { name: string }[]).map((r) => r.name);
        // audit_log_township_id: migration 016's index of the audit log by area (migration-016.test.ts), read by the audit page.
        // records_township_entity_seq: migration 017's, read by the records page of one entity (migration-017.test.ts).
        expect(indexes).toEqual([
          'audit_log_at', 'audit_log_record', 'audit_log_township_id', 'person_keys_id_hmac16', 'person_keys_record', 'records_correction_original', 'records_entity_seq',
          'records_id_hmac16', 'records_relief_household', 'records_township_entity_seq', 'records_township_seq',
        ]);
        // Every person look-up searches the narrow indexes (none scans a table).
        const q = sqliteQueries();
        const plan = (c: { sql: string; parameters: readonly unknown[] }) =>
          sqlitePlan(read, c).filter((d) => /SCAN|SEARCH/.test(d));
        for (const c of [selectRecordsByPeople(q, [hA, hB]), selectSharedPeople(q, [hA, hB])]) {
          expect(plan(c)).toEqual(expect.arrayContaining([expect.stringContaining('USING INDEX records_id_hmac16'), expect.stringContaining('USING INDEX person_keys_id_hmac16')]));
          expect(plan(c).filter((d) => /SCAN (records|person_keys)/.test(d))).toEqual([]);
        }
        expect(plan(selectRecordsByIdHmac(q, hA))).toEqual([expect.stringContaining('USING INDEX records_id_hmac16')]);
        expect(plan(selectRecordsByPersonKey(q, hA))[0]).toContain('USING INDEX person_keys_id_hmac16');
        expect(plan(deletePersonKeys(q, 'household', ['rec-1', 'rec-2']))).toEqual([expect.stringContaining('USING INDEX person_keys_record')]);
        await expectSameAnswers(store, old, async () => read.prepare(BEFORE.keys).all().map((r) => ({ ...(r as object) })));
      } finally {
        read.close();
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('[I1] PostgreSQL: the same', async () => {
    const schema = freshSchemaName();
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: 1 });
    const run = async (sql: string, params: unknown[]) => {
      let n = 0;
      return (await pool.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as Record<string, unknown>[];
    };
    let store: Store | undefined;
    try {
      const client = await pool.connect();
      try {
        await client.query(`CREATE SCHEMA "${schema}"`);
        await client.query(`SET search_path TO "${schema}"`);
        await client.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)');
        for (const m of migrationFiles('postgres').filter((f) => f.version < 15)) {
          await client.query(m.sql);
          if (m.version === 2) await upgradeAreasPostgres(client, AT);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, AT]);
        }
      } finally {
        client.release();
      }
      for (const r of legacyRows()) await run(r.sql, r.params);
      const old = await before(run);

      store = await openPostgresStore({ connectionString: databaseUrl(), schema });
      const indexes = (await run('SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename IN (?, ?, ?) ORDER BY indexname', [schema, 'person_keys', 'records', 'audit_log'])).map((r) => r.indexname);
      // PostgreSQL keeps its whole-HMAC indexes and person_keys' primary key; only the unread audit index goes.
      expect(indexes).toEqual(expect.arrayContaining(['person_keys_id_hmac', 'person_keys_pkey', 'records_id_hmac', 'audit_log_record', 'audit_log_at']));
      expect(indexes).not.toContain('audit_log_township');
      await expectSameAnswers(store, old, async () => (await run(BEFORE.keys, [])).map((r) => ({ ...r })));
    } finally {
      await store?.close();
      await pool.end();
      await dropSchema(schema);
    }
  });
});
