/**
 * Migration 017 (issue 14, fifteenth session, helper listent) on data stored before it: records get an index
 * by (township, entity, server_seq), which the records page of one entity for a county takes, area by area
 * (record-queries.ts selectRecordList). No row changes; the page gives the records the statement before
 * the migration gave (one list: the entity, the scope, after the cursor, in serverSeq order).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgresStore } from '../src/store/postgres-store';
import { openSqliteStore } from '../src/store/sqlite-store';
import type { ListRecordsQuery, Store } from '../src/store/store';
import { postgresBelow, sqliteBelow } from '../../test/helpers/legacy-store';
import { databaseUrl, dropSchema, freshSchemaName } from '../../test/helpers/server-harness';

const AT = '2026-06-20T08:00:00.000Z';
const [T1, T2] = ['130101001000', '130101002000'];

/** 60 records: households and surveys of T1, T2 and a third township, events and a household of no township; as `?` statements. */
function legacyRows(): { sql: string; params: unknown[] }[] {
  const township = (i: number) => (i % 7 === 0 ? null : i % 3 === 0 ? T2 : i % 5 === 0 ? '130102001000' : T1);
  const entity = (i: number) => (i === 14 ? 'household' : i % 7 === 0 ? 'event' : i % 4 === 0 ? 'survey' : 'household');
  return Array.from({ length: 60 }, (_, i) => ({
    sql:
      'INSERT INTO records (entity, id, township, version, fields, field_versions, field_stamps, server_seq, created_by, updated_by, origin_client, created_at, updated_at, deleted) ' +
      'VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    params: [entity(i), `rec-${i}`, township(i), JSON.stringify({ n: i }), '{}', '{}', 100 + 3 * i, 'user-li', 'user-li', 'client-1', AT, AT, i % 11 === 0 ? 1 : 0],
  }));
}

const QUERIES: ListRecordsQuery[] = [
  { entity: 'household', townships: [T1], includeNoTownship: false, limit: 100 }, { entity: 'household', townships: [T1, T2], includeNoTownship: true, limit: 5 },
  { entity: 'household', townships: [T2], includeNoTownship: true, afterSeq: 130, limit: 100 }, { entity: 'survey', townships: [T1, T2, 'gone'], includeNoTownship: false, limit: 100 },
  { entity: 'event', townships: [T2], includeNoTownship: true, afterSeq: 100, limit: 3 }, { entity: 'household', townships: null, afterSeq: 200, limit: 100 },
];

/** The page's statement before the migration, by raw SQL (one list, in serverSeq order). */
function before(l: ListRecordsQuery): { sql: string; params: unknown[] } {
  const where = ['entity = ?'];
  const params: unknown[] = [l.entity];
  if (l.townships !== null) {
    const some = `township IN (${l.townships.map(() => '?').join(', ')})`;
    where.push(l.includeNoTownship ? `(${some} OR township IS NULL)` : some);
    params.push(...l.townships);
  }
  if (l.afterSeq !== undefined) (where.push('server_seq > ?'), params.push(l.afterSeq));
  return { sql: `SELECT id, server_seq FROM records WHERE ${where.join(' AND ')} ORDER BY server_seq LIMIT ?`, params: [...params, l.limit] };
}

async function expectSameAnswers(store: Store, old: { id: string; serverSeq: number }[][]): Promise<void> {
  // The fixture's own expectation: a township's page of households with the rows of none holds rec-14 (no township).
  expect(old[2]!.map((r) => r.id)).toContain('rec-14');
  for (const [k, l] of QUERIES.entries()) {
    expect((await store.listRecords(l)).map((r) => ({ id: r.id, serverSeq: r.serverSeq })), JSON.stringify(l)).toEqual(old[k]);
  }
}

const answer = (rows: Record<string, unknown>[]) => rows.map((r) => ({ id: r.id as string, serverSeq: Number(r.server_seq) }));

/** A database migrated below 017, SQL behind the store's back (`?` parameters), the store opened on it, and its records' township indexes. */
interface Legacy {
  run(sql: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  open(): Promise<Store>;
  townshipIndexes(): Promise<string[]>;
  close(): Promise<void>;
}

function legacySqlite(): Legacy {
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-m017-'));
  const file = join(dir, 'tidemark.sqlite');
  const db = sqliteBelow(file, 17, AT);
  return {
    run: async (sql, params) => {
      const st = db.prepare(sql);
      return st.reader ? (st.all(...params) as Record<string, unknown>[]) : (st.run(...params), []);
    },
    open: async () => openSqliteStore({ file }),
    townshipIndexes: async () => (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'records' AND name LIKE 'records_township%' ORDER BY name").all() as { name: string }[]).map((r) => r.name),
    close: async () => (db.close(), rmSync(dir, { recursive: true, force: true })),
  };
}

async function legacyPostgres(): Promise<Legacy> {
  const schema = freshSchemaName();
  const pool = new pg.Pool({ connectionString: databaseUrl(), max: 1 });
  const run = await postgresBelow(pool, schema, 17, AT);
  return {
    run,
    open: () => openPostgresStore({ connectionString: databaseUrl(), schema }),
    townshipIndexes: async () => (await run("SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename = 'records' AND indexname LIKE 'records_township%' ORDER BY indexname", [schema])).map((r) => r.indexname as string),
    close: async () => (await pool.end(), await dropSchema(schema)),
  };
}

describe('migration 017: records by township and entity, on data stored before it', () => {
  it.each([['SQLite', legacySqlite], ['PostgreSQL', legacyPostgres]] as const)('[A9] %s: the index is there, no row changed, the records page of one entity gives the same records', async (_, make) => {
    const legacy = await make();
    let store: Store | undefined;
    try {
      for (const r of legacyRows()) await legacy.run(r.sql, r.params);
      const old = [];
      for (const l of QUERIES) old.push(answer(await legacy.run(before(l).sql, before(l).params)));
      const rows = await legacy.run('SELECT * FROM records ORDER BY server_seq', []);
      expect(await legacy.townshipIndexes()).toEqual(['records_township_seq']);

      store = await legacy.open();
      expect(await legacy.townshipIndexes()).toEqual(['records_township_entity_seq', 'records_township_seq']);
      expect(await legacy.run('SELECT * FROM records ORDER BY server_seq', [])).toEqual(rows);
      await expectSameAnswers(store, old);
    } finally {
      await store?.close();
      await legacy.close();
    }
  });
});
