/**
 * What Kysely costs on the SQLite store (issue 14: "its SQLite dialect over better-sqlite3 is
 * async-wrapped; measure the cost"). One record look-up by key, three ways, on a migrated file with
 * WAL and synchronous=FULL: a prepared better-sqlite3 statement; Kysely used as the store uses it
 * (compile the query, run the text on the store's own prepared statement); and Kysely's own
 * SqliteDialect executing it (a promise and its connection mutex per query). Plus the compile time of
 * the batch's 200-row record upsert. `npx tsx test/bench/ingest/query-layer-cost.ts`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateSqlite } from '../../../sync-server/src/store/migrate-sqlite';
import { selectRecords, upsertRecords } from '../../../sync-server/src/store/queries/batch-queries';
import { sqliteQueries, type Tables } from '../../../sync-server/src/store/queries/query-builder';
import type { RecordWrite } from '../../../sync-server/src/store/store';

const N = 20_000;

export async function measureQueryLayer(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-kysely-'));
  const db = new Database(join(dir, 'k.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrateSqlite(db, () => new Date());
    const write = (i: number): RecordWrite => ({
      entity: 'household', id: `hh-${i}`, township: 't', version: 1, fields: { id: `hh-${i}`, notes: 'x'.repeat(200) }, fieldVersions: { id: 1, notes: 1 },
      fieldStamps: {}, createdBy: 'u', updatedBy: 'u', originClient: 'd', updatedAt: '2026-01-01T00:00:00.000Z', deleted: false, idHmac: null,
    });
    const q = sqliteQueries();
    const rows = Array.from({ length: 1000 }, (_, i) => ({ record: write(i), serverSeq: i + 1 }));
    db.transaction(() => {
      for (let i = 0; i < rows.length; i += 200) {
        const c = upsertRecords(q, rows.slice(i, i + 200));
        db.prepare(c.sql).run(...(c.parameters as unknown[]));
      }
    })();

    const out: Record<string, number> = {};
    const time = async (name: string, fn: (i: number) => unknown) => {
      for (let i = 0; i < 2000; i++) await fn(i); // warm-up
      const t0 = performance.now();
      for (let i = 0; i < N; i++) await fn(i);
      out[name] = ((performance.now() - t0) * 1000) / N; // µs per query
    };
    const raw = db.prepare('SELECT * FROM records WHERE entity = ? AND id IN (?)');
    await time('prepared better-sqlite3, µs/query', (i) => raw.all('household', `hh-${i % 1000}`));
    const cache = new Map<string, Database.Statement>();
    await time('Kysely compile + own prepared statement, µs/query', (i) => {
      const c = selectRecords(q, 'household', [`hh-${i % 1000}`]);
      let s = cache.get(c.sql);
      if (!s) cache.set(c.sql, (s = db.prepare(c.sql)));
      return s.all(...(c.parameters as unknown[]));
    });
    const k = new Kysely<Tables>({ dialect: new SqliteDialect({ database: db }) });
    await time("Kysely's SqliteDialect executing, µs/query", (i) =>
      k.selectFrom('records').selectAll().where('entity', '=', 'household').where('id', 'in', [`hh-${i % 1000}`]).execute(),
    );
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) upsertRecords(q, rows.slice(0, 200));
    out['compile a 200-row record upsert, ms'] = (performance.now() - t0) / 200;
    await k.destroy().catch(() => undefined);
    return out;
  } finally {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [k, v] of Object.entries(await measureQueryLayer())) console.log(`${k}: ${v.toFixed(2)}`);
}
