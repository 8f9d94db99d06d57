/**
 * The storm floor's store (floor-server.ts): the few statements a push's irreducible work needs, on the
 * SQLite file or the PostgreSQL schema startServerProcess migrated with the real migrations. Each group of
 * pushes is one transaction and one commit (SPEC I4); the time spent in COMMIT is counted.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { SQLITE_FILE_NAME } from '../../../sync-server/src/store/open-store';

/** As the real stores' chunk of multi-row inserts. */
const ROWS_PER_INSERT = 500;

export interface PageRow { entity: string; id: string; version: number; server_seq: number; township: string | null; fields: string | Record<string, unknown>; updated_at: string | Date }

export interface FloorTx {
  /** The results already stored for this client's seqs in [from, to] (one indexed range read, SPEC P2). */
  applied(clientId: string, from: number, to: number): Promise<{ seq: number; result: string | object }[]>;
  insert(table: string, columns: string[], rows: unknown[][]): Promise<void>;
}

export interface FloorStore {
  readonly stats: { commits: number; transactions: number; commitMs: number };
  idHmacSecret(): Promise<string>;
  maxServerSeq(): Promise<number>;
  session(tokenHash: string): Promise<{ user_id: string; device_id: string } | undefined>;
  createSession(tokenHash: string, userId: string, deviceId: string, expiresAt: string, createdAt: string): Promise<void>;
  /** One transaction, one commit: `work` gives the statements, then COMMIT (timed). */
  group(work: (tx: FloorTx) => Promise<void>): Promise<void>;
  page(since: number, limit: number): Promise<PageRow[]>;
  close(): Promise<void>;
}

function multiRowSql(table: string, columns: string[], rows: number, placeholder: (n: number) => string): string {
  let n = 0;
  const tuples = Array.from({ length: rows }, () => `(${columns.map(() => placeholder(++n)).join(', ')})`);
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`;
}

/** WAL, synchronous=FULL as the real store; foreign keys off: the floor's accounts live in memory. */
export function openFloorSqlite(dataDir: string): FloorStore {
  const db = new Database(join(dataDir, SQLITE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = OFF');
  const stats = { commits: 0, transactions: 0, commitMs: 0 };
  const statements = new Map<string, Database.Statement>();
  const st = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const tx: FloorTx = {
    applied: (clientId, from, to) => Promise.resolve(st('SELECT seq, result FROM applied_changes WHERE client_id = ? AND seq BETWEEN ? AND ?').all(clientId, from, to) as { seq: number; result: string }[]),
    insert: (table, columns, rows) => {
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        const chunk = rows.slice(i, i + ROWS_PER_INSERT);
        st(multiRowSql(table, columns, chunk.length, () => '?')).run(chunk.flat());
      }
      return Promise.resolve();
    },
  };
  return {
    stats,
    idHmacSecret: () => Promise.resolve((st(`SELECT value FROM server_secrets WHERE name = 'id_hmac'`).get() as { value: string }).value),
    maxServerSeq: () => Promise.resolve((st('SELECT COALESCE(MAX(server_seq), 0) AS s FROM records').get() as { s: number }).s),
    session: (tokenHash) => Promise.resolve(st('SELECT user_id, device_id FROM sessions WHERE token_hash = ?').get(tokenHash) as { user_id: string; device_id: string } | undefined),
    createSession: (...args) => {
      st('INSERT INTO sessions (token_hash, user_id, device_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?)').run(...args);
      return Promise.resolve();
    },
    async group(work) {
      db.exec('BEGIN IMMEDIATE');
      try {
        await work(tx);
        const t = performance.now();
        db.exec('COMMIT');
        stats.commitMs += performance.now() - t;
        stats.commits++;
        stats.transactions++;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    },
    page: (since, limit) => Promise.resolve(st('SELECT entity, id, version, server_seq, township, fields, updated_at FROM records WHERE server_seq > ? ORDER BY server_seq LIMIT ?').all(since, limit) as PageRow[]),
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

/**
 * The same on PostgreSQL (default synchronous_commit: a commit waits for its WAL flush). The sessions
 * are written with foreign-key triggers off for that statement's connection (session_replication_role):
 * the floor's accounts live in memory, and logins are outside the storm's window.
 */
export async function openFloorPostgres(url: string, schema: string): Promise<FloorStore> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('connect', (c) => void c.query(`SET search_path TO "${schema}"`));
  const stats = { commits: 0, transactions: 0, commitMs: 0 };
  const one = async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows[0] as T | undefined;
  return {
    stats,
    idHmacSecret: async () => (await one<{ value: string }>(`SELECT value FROM server_secrets WHERE name = 'id_hmac'`))!.value,
    maxServerSeq: async () => Number((await one<{ s: string }>('SELECT COALESCE(MAX(server_seq), 0) AS s FROM records'))!.s),
    session: (tokenHash) => one('SELECT user_id, device_id FROM sessions WHERE token_hash = $1', [tokenHash]),
    async createSession(...args) {
      const c = await pool.connect();
      try {
        await c.query(`SET session_replication_role = replica`);
        await c.query('INSERT INTO sessions (token_hash, user_id, device_id, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)', args);
      } finally {
        await c.query(`SET session_replication_role = DEFAULT`).catch(() => undefined);
        c.release();
      }
    },
    async group(work) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        await work({
          applied: async (clientId, from, to) => (await c.query('SELECT seq::int AS seq, result FROM applied_changes WHERE client_id = $1 AND seq BETWEEN $2 AND $3', [clientId, from, to])).rows as { seq: number; result: object }[],
          async insert(table, columns, rows) {
            for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
              const chunk = rows.slice(i, i + ROWS_PER_INSERT);
              await c.query({ name: `${table}:${chunk.length}`, text: multiRowSql(table, columns, chunk.length, (n) => `$${n}`), values: chunk.flat() });
            }
          },
        });
        const t = performance.now();
        await c.query('COMMIT');
        stats.commitMs += performance.now() - t;
        stats.commits++;
        stats.transactions++;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
    page: async (since, limit) => (await pool.query('SELECT entity, id, version, server_seq::int AS server_seq, township, fields, updated_at FROM records WHERE server_seq > $1 ORDER BY server_seq LIMIT $2', [since, limit])).rows as PageRow[],
    close: () => pool.end(),
  };
}
