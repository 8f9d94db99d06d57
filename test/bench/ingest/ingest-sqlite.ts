import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrateSqlite } from '../../../sync-server/src/store/migrate-sqlite';
import { pushBodies, rawLogin, rawPushAll } from '../lib/raw-protocol';
import { startBenchServer, type BenchServer } from '../lib/tidemark-server';
import type { WorkloadRecord } from '../workload/generate';
import { untilCounted } from './until-counted';
import { commitCounter, splitForCommits, type IngestResult, type TableRows } from './ingest-result';

type Row = Record<string, unknown>;

/**
 * The rows one account's pushes wrote: the records it last wrote (its own, normalised ones and the
 * flags its pushes opened), their person keys, its applied changes and its audit entries after `auditAfter`.
 */
function writtenRows(file: string, userId: string, deviceId: string, auditAfter: number): TableRows[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return [
      { table: 'records', rows: db.prepare('SELECT * FROM records WHERE updated_by = ? ORDER BY server_seq').all(userId) as Row[] },
      {
        table: 'person_keys',
        rows: db.prepare('SELECT p.* FROM person_keys p JOIN records r ON r.entity = p.entity AND r.id = p.record_id WHERE r.updated_by = ? ORDER BY r.server_seq').all(userId) as Row[],
      },
      { table: 'applied_changes', rows: db.prepare('SELECT * FROM applied_changes WHERE client_id = ?').all(deviceId) as Row[] },
      { table: 'audit_log', rows: db.prepare('SELECT * FROM audit_log WHERE id > ? AND device_id = ? ORDER BY id').all(auditAfter, deviceId) as Row[] },
      // The dashboard's counted rows (issue 16) the pushes' counting wrote (after their commits, SPEC D9): the same rows.
      {
        table: 'counted_keys',
        rows: db.prepare("SELECT k.* FROM counted_keys k JOIN records r ON r.entity = 'household' AND r.id = k.record_id WHERE r.updated_by = ? ORDER BY r.server_seq").all(userId) as Row[],
      },
      {
        table: 'counted_spans',
        rows: db.prepare("SELECT s.* FROM counted_spans s JOIN records r ON r.entity = 'household' AND r.id = s.record_id WHERE r.updated_by = ? ORDER BY r.server_seq").all(userId) as Row[],
      },
    ].filter((t) => t.rows.length > 0);
  } finally {
    db.close();
  }
}

/** The dashboard's counting still due (SPEC D9), read beside the server as any reader would. */
function marksLeft(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM counting_due').get() as { n: number }).n;
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
 * wrote, inserted with prepared statements, one transaction per part (one part: one commit for all).
 */
function rawInsert(parts: TableRows[][]): { ms: number; rows: number } {
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-raw-'));
  const db = new Database(join(dir, 'raw.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrateSqlite(db, () => new Date());
    const statements = new Map<string, Database.Statement>();
    const st = (t: TableRows) => {
      const cols = Object.keys(t.rows[0]!);
      const sql = `INSERT INTO ${t.table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`;
      if (!statements.has(sql)) statements.set(sql, db.prepare(sql));
      return statements.get(sql)!;
    };
    let rows = 0;
    const t0 = performance.now();
    for (const part of parts) {
      db.transaction(() => {
        for (const t of part) {
          if (t.rows.length === 0) continue;
          const s = st(t);
          for (const row of t.rows) s.run(row);
          rows += t.rows.length;
        }
      })();
    }
    return { ms: performance.now() - t0, rows };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Records per second through POST /api/sync/push (SQLite store) against a raw insert of the same rows. */
export async function benchIngestSqlite(
  records: WorkloadRecord[],
  options: { log?: (line: string) => void; server?: BenchServer; workload?: IngestResult['workload'] } = {},
): Promise<IngestResult> {
  const log = options.log ?? (() => undefined);
  const counter = commitCounter();
  const server: BenchServer = options.server ?? (await startBenchServer({ env: counter.env }));
  try {
    const worker = await server.createWorker(`ingest_${Date.now()}`);
    const session = await rawLogin(server.url, worker.username, worker.password);
    const bodies = pushBodies(session.deviceId, records);
    const file = join(server.process.dataDir, 'tidemark.sqlite');
    const auditAfter = maxAuditId(file);
    log(`ingest (SQLite, ${options.workload ?? 'households + surveys'}): pushing ${records.length} records, 500 per request`);
    const before = options.server ? null : await counter.read(server.process.process.pid!);
    const t0 = performance.now();
    await rawPushAll(session, bodies);
    await untilCounted(() => marksLeft(file));
    const pushMs = performance.now() - t0;
    const serverPeakRss = server.rss.peak();
    const after = before ? await counter.read(server.process.process.pid!) : null;
    // The commits the server made for the pushes (SPEC I4); the requests where it could not say.
    const commits = before && after ? after.commits - before.commits : bodies.length;
    const rows = writtenRows(file, session.user.id, session.deviceId, auditAfter);
    const flags = rows.find((t) => t.table === 'records')?.rows.filter((r) => r.entity === 'flag').length ?? 0;
    log(`ingest (SQLite): raw insert of the same rows in one transaction, then in ${commits} (the server's commits for ${bodies.length} pushes)`);
    const raw = rawInsert([rows]);
    const rawCommits = rawInsert(splitForCommits(rows, commits));
    return {
      store: 'SQLite', n: records.length, pushMs, rawMs: raw.ms, rawRows: raw.rows, serverPeakRss,
      commits, pushes: bodies.length, rawCommitsMs: rawCommits.ms, workload: options.workload ?? 'households + surveys', flags,
    };
  } finally {
    if (!options.server) await server.stop();
    counter.done();
  }
}
