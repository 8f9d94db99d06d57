import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migratePostgres } from '../../../sync-server/src/store/migrate-postgres';
import { pushBodies, rawLogin, rawPushAll } from '../lib/raw-protocol';
import { startBenchServer } from '../lib/tidemark-server';
import type { WorkloadRecord } from '../workload/generate';
import { untilCounted } from './until-counted';
import { commitCounter, splitForCommits, type IngestResult, type TableRows } from './ingest-result';

type Row = Record<string, unknown>;
const ROWS_PER_STATEMENT = 500;

/** jsonb comes back parsed; send it back as JSON text. */
function param(v: unknown): unknown {
  return v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v;
}

/** The rows inserted raw into a fresh schema, one transaction per part, 500 rows per INSERT statement. */
async function rawInsert(pool: pg.Pool, schema: string, parts: TableRows[][]): Promise<{ ms: number; rows: number }> {
  const client = await pool.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await migratePostgres(client, schema, () => new Date());
    const t0 = performance.now();
    let count = 0;
    for (const part of parts) {
      await client.query('BEGIN');
      for (const { table, rows } of part) {
        if (rows.length === 0) continue;
        const cols = Object.keys(rows[0]!);
        for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
          const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
          const values = chunk.map((_, r) => `(${cols.map((_c, c) => `$${r * cols.length + c + 1}`).join(', ')})`).join(', ');
          await client.query(`INSERT INTO "${schema}".${table} (${cols.join(', ')}) VALUES ${values}`, chunk.flatMap((row) => cols.map((c) => param(row[c]))));
          count += chunk.length;
        }
      }
      await client.query('COMMIT');
    }
    return { ms: performance.now() - t0, rows: count };
  } finally {
    client.release();
  }
}

/**
 * The same measure on PostgreSQL (DATABASE_URL): the server in a child process on a fresh schema,
 * then the rows it wrote inserted raw into another fresh schema (same migrations), in one transaction
 * and in as many as there were pushes, 500 rows per INSERT statement, synchronous_commit as the
 * database has it. Every schema is dropped.
 */
export async function benchIngestPostgres(
  records: WorkloadRecord[],
  databaseUrl: string,
  options: { log?: (line: string) => void; workload?: IngestResult['workload'] } = {},
): Promise<IngestResult> {
  const log = options.log ?? (() => undefined);
  const tag = randomBytes(4).toString('hex');
  const serverSchema = `bench_push_${tag}`;
  const rawSchema = `bench_raw_${tag}`;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const counter = commitCounter();
  const server = await startBenchServer({ env: { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: serverSchema, ...counter.env } });
  try {
    const worker = await server.createWorker(`ingest_pg_${Date.now()}`);
    const session = await rawLogin(server.url, worker.username, worker.password);
    const bodies = pushBodies(session.deviceId, records);
    const auditAfter = Number((await pool.query(`SELECT COALESCE(MAX(id), 0) AS m FROM "${serverSchema}".audit_log`)).rows[0].m);
    log(`ingest (PostgreSQL, ${options.workload ?? 'households + surveys'}): pushing ${records.length} records, 500 per request`);
    const before = await counter.read(server.process.process.pid!);
    const t0 = performance.now();
    await rawPushAll(session, bodies);
    await untilCounted(async () => Number((await pool.query(`SELECT COUNT(*) AS n FROM "${serverSchema}".counting_due`)).rows[0].n));
    const pushMs = performance.now() - t0;
    const serverPeakRss = server.rss.peak();
    const after = await counter.read(server.process.process.pid!);
    // The commits the server made for the pushes (SPEC I4); the requests where it could not say.
    const commits = before && after ? after.commits - before.commits : bodies.length;
    await server.stop();
    const q = async (sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as Row[];
    const s = `"${serverSchema}"`;
    const tables: TableRows[] = [
      { table: 'records', rows: await q(`SELECT * FROM ${s}.records WHERE updated_by = $1 ORDER BY server_seq`, [session.user.id]) },
      {
        table: 'person_keys',
        rows: await q(`SELECT p.* FROM ${s}.person_keys p JOIN ${s}.records r ON r.entity = p.entity AND r.id = p.record_id WHERE r.updated_by = $1 ORDER BY r.server_seq`, [session.user.id]),
      },
      { table: 'applied_changes', rows: await q(`SELECT * FROM ${s}.applied_changes WHERE client_id = $1`, [session.deviceId]) },
      { table: 'audit_log', rows: await q(`SELECT * FROM ${s}.audit_log WHERE id > $1 AND device_id = $2 ORDER BY id`, [auditAfter, session.deviceId]) },
      // The dashboard's counted rows (issue 16) the pushes wrote in their transactions: the same rows.
      {
        table: 'counted_keys',
        rows: await q(`SELECT k.* FROM ${s}.counted_keys k JOIN ${s}.records r ON r.entity = 'household' AND r.id = k.record_id WHERE r.updated_by = $1 ORDER BY r.server_seq`, [session.user.id]),
      },
      {
        table: 'counted_spans',
        rows: await q(`SELECT c.* FROM ${s}.counted_spans c JOIN ${s}.records r ON r.entity = 'household' AND r.id = c.record_id WHERE r.updated_by = $1 ORDER BY r.server_seq`, [session.user.id]),
      },
    ].filter((t) => t.rows.length > 0);
    const flags = tables.find((t) => t.table === 'records')?.rows.filter((r) => r.entity === 'flag').length ?? 0;
    log(`ingest (PostgreSQL): raw insert of the same rows in one transaction, then in ${commits} (the server's commits for ${bodies.length} pushes)`);
    const raw = await rawInsert(pool, rawSchema, [tables]);
    const rawCommits = await rawInsert(pool, rawSchema, splitForCommits(tables, commits));
    return {
      store: 'PostgreSQL', n: records.length, pushMs, rawMs: raw.ms, rawRows: raw.rows, serverPeakRss,
      commits, pushes: bodies.length, rawCommitsMs: rawCommits.ms, workload: options.workload ?? 'households + surveys', flags,
    };
  } finally {
    await server.stop().catch(() => undefined);
    counter.done();
    for (const sch of [serverSchema, rawSchema]) await pool.query(`DROP SCHEMA IF EXISTS "${sch}" CASCADE`).catch(() => undefined);
    await pool.end();
  }
}
