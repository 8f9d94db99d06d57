/**
 * Migration 016 (issue 14, fourteenth session, helper adminreads) on data stored before it: the audit log
 * gets back an index by (township, id) and audit_areas one by (area_code, audit_id), which the audit page's
 * read of a county or a township takes (record-queries.ts selectAudit). No row changes; the audit page
 * gives the entries the query before the migration gave (the view, filtered, newest first), release-1
 * entries by the area they are mapped to.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgresStore } from '../src/store/postgres-store';
import { openSqliteStore } from '../src/store/sqlite-store';
import type { AuditFilter, Store } from '../src/store/store';
import { postgresBelow, sqliteBelow } from '../../test/helpers/legacy-store';
import { databaseUrl, dropSchema, freshSchemaName } from '../../test/helpers/server-harness';

const AT = '2026-06-20T08:00:00.000Z';
const [T1, T2] = ['130101001000', '130101002000'];

/** Divisions, 40 audit rows (T1, T2, none, a release-1 name), the name's rows mapped to T1 or T2, as `?` statements. */
function legacyRows(): { sql: string; params: unknown[] }[] {
  const written = (i: number) => (i % 7 === 0 ? null : i % 5 === 0 ? '清河镇' : i % 3 === 0 ? T2 : T1);
  return [
    ...[T1, T2].map((code, i) => ({ sql: 'INSERT INTO divisions (code, name, level, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', params: [code, `镇${i}`, 'township', AT, AT] })),
    ...Array.from({ length: 40 }, (_, i) => ({
      sql: 'INSERT INTO audit_log (id, at, user_id, device_id, township, action, entity, record_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      params: [i + 1, AT, i % 2 ? 'user-wang' : 'user-li', 'client-1', written(i), i % 4 ? 'sync.apply' : 'records.list', 'household', `rec-${i % 6}`, JSON.stringify({ seq: i })],
    })),
    ...Array.from({ length: 40 }, (_, i) => i)
      .filter((i) => written(i) === '清河镇')
      .map((i) => ({ sql: 'INSERT INTO audit_areas (audit_id, area_code) VALUES (?, ?)', params: [i + 1, i % 3 ? T1 : T2] })),
  ];
}

const FILTERS: AuditFilter[] = [
  { township: T1, limit: 100 }, { township: T2, limit: 3 }, { townships: [T1, T2], limit: 7 }, { townships: [T2], beforeId: 30, limit: 100 },
  { township: T1, action: 'sync.apply', userId: 'user-wang', limit: 100 }, { townships: [T1, 'gone'], recordId: 'rec-1', entity: 'household', limit: 100 },
];

/** The page's statement before the migration, by raw SQL (the view, filtered, newest first). */
function before(f: AuditFilter): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...ps: unknown[]) => (where.push(sql), params.push(...ps));
  if (f.township !== undefined) add('township = ?', f.township);
  if (f.townships !== undefined) add(`township IN (${f.townships.map(() => '?').join(', ')})`, ...f.townships);
  if (f.action !== undefined) add('action = ?', f.action);
  if (f.userId !== undefined) add('user_id = ?', f.userId);
  if (f.entity !== undefined) add('entity = ?', f.entity);
  if (f.recordId !== undefined) add('record_id = ?', f.recordId);
  if (f.beforeId !== undefined) add('id < ?', f.beforeId);
  return { sql: `SELECT id, township FROM audit_log_areas WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`, params: [...params, f.limit] };
}

async function expectSameAnswers(store: Store, old: { id: number; township: string }[][]): Promise<void> {
  // The fixture's own expectation: a release-1 row (id 6, written 清河镇) is T1's by its mapping.
  expect(old[0]!.map((r) => r.id)).toContain(6);
  for (const [k, f] of FILTERS.entries()) {
    expect((await store.listAudit(f)).map((e) => ({ id: e.id, township: e.township })), JSON.stringify(f)).toEqual(old[k]);
  }
}

describe('migration 016: the audit log by area, on data stored before it', () => {
  it('[A9] SQLite: the indexes are there, no row changed, the audit page gives the same entries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidemark-m016-'));
    const file = join(dir, 'tidemark.sqlite');
    try {
      const db = sqliteBelow(file, 16, AT);
      for (const r of legacyRows()) db.prepare(r.sql).run(...r.params);
      const old = FILTERS.map((f) => db.prepare(before(f).sql).all(...before(f).params) as { id: number; township: string }[]);
      const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all();
      db.close();

      const store = openSqliteStore({ file });
      const read = new Database(file, { readonly: true });
      try {
        const indexes = (read.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('audit_log', 'audit_areas') AND sql IS NOT NULL ORDER BY name").all() as { name: string }[]).map((r) => r.name);
        expect(indexes).toEqual(['audit_areas_area', 'audit_log_at', 'audit_log_record', 'audit_log_township_id']);
        expect(read.prepare('SELECT * FROM audit_log ORDER BY id').all()).toEqual(rows);
        await expectSameAnswers(store, old);
      } finally {
        read.close();
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('[A9] PostgreSQL: the same', async () => {
    const schema = freshSchemaName();
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: 1 });
    let store: Store | undefined;
    try {
      const run = await postgresBelow(pool, schema, 16, AT);
      for (const r of legacyRows()) await run(r.sql, r.params);
      const old = [];
      for (const f of FILTERS) old.push((await run(before(f).sql, before(f).params)).map((r) => ({ id: Number(r.id), township: r.township as string })));
      const rows = await run('SELECT * FROM audit_log ORDER BY id', []);

      store = await openPostgresStore({ connectionString: databaseUrl(), schema });
      const indexes = (await run('SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename IN (?, ?) ORDER BY indexname', [schema, 'audit_log', 'audit_areas'])).map((r) => r.indexname);
      expect(indexes).toEqual(['audit_areas_area', 'audit_areas_pkey', 'audit_log_at', 'audit_log_pkey', 'audit_log_record', 'audit_log_township_id']);
      expect(await run('SELECT * FROM audit_log ORDER BY id', [])).toEqual(rows);
      await expectSameAnswers(store, old);
    } finally {
      await store?.close();
      await pool.end();
      await dropSchema(schema);
    }
  });
});
