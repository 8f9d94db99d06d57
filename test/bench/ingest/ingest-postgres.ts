import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migratePostgres } from '../../../sync-server/src/store/migrate-postgres';
import { pushBodies, rawLogin, rawPushAll } from '../lib/raw-protocol';
import { startBenchServer } from '../lib/tidemark-server';
import type { WorkloadRecord } from '../workload/generate';
import type { IngestResult } from './ingest-result';

type Row = Record<string, unknown>;
const ROWS_PER_STATEMENT = 500;

/** jsonb comes back parsed; send it back as JSON text. */
function param(v: unknown): unknown {
  return v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v;
}

async function rawInsert(pool: pg.Pool, schema: string, tables: { table: string; rows: Row[] }[]): Promise<{ ms: number; rows: number }> {
  const client = await pool.connect();
  try {
    await migratePostgres(client, schema, () => new Date());
    const t0 = performance.now();
    await client.query('BEGIN');
    let count = 0;
    for (const { table, rows } of tables) {
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
    return { ms: performance.now() - t0, rows: count };
  } finally {
    client.release();
  }
}

/**
 * The same measure on PostgreSQL (DATABASE_URL): the server in a child process on a fresh schema,
 * then the rows it wrote inserted raw into another fresh schema (same migrations) in one transaction,
 * 500 rows per INSERT statement, synchronous_commit as the database has it. Both schemas are dropped.
 */
export async function benchIngestPostgres(records: WorkloadRecord[], databaseUrl: string, options: { log?: (line: string) => void } = {}): Promise<IngestResult> {
  const log = options.log ?? (() => undefined);
  const tag = randomBytes(4).toString('hex');
  const serverSchema = `bench_push_${tag}`;
  const rawSchema = `bench_raw_${tag}`;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const server = await startBenchServer({ env: { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: serverSchema } });
  try {
    const worker = await server.createWorker(`ingest_pg_${Date.now()}`);
    const session = await rawLogin(server.url, worker.username, worker.password);
    const bodies = pushBodies(session.deviceId, records);
    const auditAfter = Number((await pool.query(`SELECT COALESCE(MAX(id), 0) AS m FROM "${serverSchema}".audit_log`)).rows[0].m);
    log(`ingest (PostgreSQL): pushing ${records.length} records, 500 per request`);
    const t0 = performance.now();
    await rawPushAll(session, bodies);
    const pushMs = performance.now() - t0;
    const serverPeakRss = server.rss.peak();
    await server.stop();
    const q = async (sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as Row[];
    const tables = [
      { table: 'records', rows: await q(`SELECT * FROM "${serverSchema}".records WHERE origin_client = $1 ORDER BY server_seq`, [session.deviceId]) },
      { table: 'applied_changes', rows: await q(`SELECT * FROM "${serverSchema}".applied_changes WHERE client_id = $1`, [session.deviceId]) },
      { table: 'audit_log', rows: await q(`SELECT * FROM "${serverSchema}".audit_log WHERE id > $1 AND device_id = $2 ORDER BY id`, [auditAfter, session.deviceId]) },
    ];
    log('ingest (PostgreSQL): raw insert of the same rows in one transaction');
    const raw = await rawInsert(pool, rawSchema, tables);
    return { store: 'PostgreSQL', n: records.length, pushMs, rawMs: raw.ms, rawRows: raw.rows, serverPeakRss };
  } finally {
    await server.stop().catch(() => undefined);
    for (const s of [serverSchema, rawSchema]) await pool.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`).catch(() => undefined);
    await pool.end();
  }
}
