import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrateSqlite } from '../../../sync-server/src/store/migrate-sqlite';
import { pushBodies, rawLogin, rawPushAll } from '../lib/raw-protocol';
import { startBenchServer, type BenchServer } from '../lib/tidemark-server';
import type { WorkloadRecord } from '../workload/generate';
import type { IngestResult } from './ingest-result';

type Row = Record<string, unknown>;

/** The rows one device's pushes wrote: its records and applied changes, and its audit entries after `auditAfter`. */
function writtenRows(file: string, deviceId: string, auditAfter: number): { table: string; rows: Row[] }[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return [
      { table: 'records', rows: db.prepare('SELECT * FROM records WHERE origin_client = ? ORDER BY server_seq').all(deviceId) as Row[] },
      { table: 'applied_changes', rows: db.prepare('SELECT * FROM applied_changes WHERE client_id = ?').all(deviceId) as Row[] },
      { table: 'audit_log', rows: db.prepare('SELECT * FROM audit_log WHERE id > ? AND device_id = ? ORDER BY id').all(auditAfter, deviceId) as Row[] },
    ];
  } finally {
    db.close();
  }
}

function maxAuditId(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM audit_log').get() as { m: number }).m;
  } finally {
    db.close();
  }
}

/**
 * The physical limit of the server's SQLite store for the same work: a fresh database from the same
 * migrations, with the server's durability (WAL, synchronous=FULL), and the exact rows the pushes
 * wrote, inserted with prepared statements in one transaction.
 */
function rawInsert(tables: { table: string; rows: Row[] }[]): { ms: number; rows: number } {
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-raw-'));
  const db = new Database(join(dir, 'raw.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrateSqlite(db, () => new Date());
    const inserts = tables
      .filter((t) => t.rows.length > 0)
      .map((t) => {
        const cols = Object.keys(t.rows[0]!);
        return { rows: t.rows, st: db.prepare(`INSERT INTO ${t.table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`) };
      });
    const t0 = performance.now();
    db.transaction(() => {
      for (const { rows, st } of inserts) for (const row of rows) st.run(row);
    })();
    return { ms: performance.now() - t0, rows: inserts.reduce((s, i) => s + i.rows.length, 0) };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Records per second through POST /api/sync/push (SQLite store) against a raw insert of the same rows. */
export async function benchIngestSqlite(records: WorkloadRecord[], options: { log?: (line: string) => void; server?: BenchServer } = {}): Promise<IngestResult> {
  const log = options.log ?? (() => undefined);
  const server: BenchServer = options.server ?? (await startBenchServer());
  try {
    const worker = await server.createWorker(`ingest_${Date.now()}`);
    const session = await rawLogin(server.url, worker.username, worker.password);
    const bodies = pushBodies(session.deviceId, records);
    const file = join(server.process.dataDir, 'tidemark.sqlite');
    const auditAfter = maxAuditId(file);
    log(`ingest (SQLite): pushing ${records.length} records, 500 per request`);
    const t0 = performance.now();
    await rawPushAll(session, bodies);
    const pushMs = performance.now() - t0;
    const serverPeakRss = server.rss.peak();
    const rows = writtenRows(file, session.deviceId, auditAfter);
    log('ingest (SQLite): raw insert of the same rows in one transaction');
    const raw = rawInsert(rows);
    return { store: 'SQLite', n: records.length, pushMs, rawMs: raw.ms, rawRows: raw.rows, serverPeakRss };
  } finally {
    if (!options.server) await server.stop();
  }
}
