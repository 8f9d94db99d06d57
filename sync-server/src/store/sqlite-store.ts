import Database from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';
import { migrateSqlite } from './migrate-sqlite';
import {
  chunks, insertApplied, insertAudits, keyGroups, recordKey, selectApplied, selectRecords, selectRecordSeqs, upsertRecords,
} from './queries/batch-queries';
import { sqliteQueries } from './queries/query-builder';
import type { Row } from './rows';
import { SerialQueue } from './serial-queue';
import { SqlStore, type SqlExec } from './sql-store';
import { parseResult, sqliteRows, toRecord, type SqlRecord } from './sqlite-rows';
import { GroupCommitter, runGroup, type GroupTx } from './group-commit';
import { workerCheckpointer, type Checkpointer } from './wal-checkpointer';
import type { AppliedChange, CommitStats, RecordKey, Store, StoredRecord, StoreTx, TransactionOptions } from './store';

export interface SqliteStoreOptions {
  /** Path of the database file (created and migrated when missing). */
  file: string;
  busyTimeoutMs?: number;
  now?: () => Date;
  /** Who checkpoints the WAL (default: a worker thread, wal-checkpointer.ts); tests give their own. */
  checkpointer?: Checkpointer;
}

const SYNCHRONOUS_FULL = 2;
/**
 * The WAL size (pages) at which a COMMIT of the writer checkpoints after all, as SQLite does at 1000 by
 * default. A WAL starts again from its first frame only when a writer begins after a checkpoint that
 * copied everything: in a storm the worker's checkpoint of one commit still runs when the next
 * transaction begins, and the WAL grew through the whole storm (57 MB for 10,000 records). At this
 * size the writer checkpoints what the worker has not yet copied (little) and the next transaction
 * restarts the WAL: it stays near 40 MB at most.
 */
const WRITER_CHECKPOINT_PAGES = 10_000;
/** Pushes sharing one commit at most (SPEC I4); the push slots (E2) bound it lower in practice. */
const MAX_GROUP_MEMBERS = 64;

/**
 * Opens the SQLite file with the durability the server promises: WAL, synchronous=FULL (read back,
 * because better-sqlite3 12 re-opens WAL files as NORMAL: PLATFORM-NOTES "Server durability"),
 * a busy timeout for the CLI writing beside a running server, and foreign keys.
 */
function openDatabase(file: string, busyTimeoutMs: number): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  db.pragma('foreign_keys = ON');
  const sync = db.pragma('synchronous', { simple: true });
  const mode = db.pragma('journal_mode', { simple: true });
  if (sync !== SYNCHRONOUS_FULL || (mode !== 'wal' && file !== ':memory:')) {
    db.close();
    throw new Error(`SQLite durability settings not in effect (synchronous=${String(sync)}, journal_mode=${String(mode)})`);
  }
  return db;
}

export function openSqliteStore(options: SqliteStoreOptions): Store {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const db = openDatabase(options.file, busyTimeoutMs);
  migrateSqlite(db, options.now ?? (() => new Date()));
  // Reads on their own connection (issue 14): WAL lets it read what is committed while the writer holds
  // a transaction open, so a session look-up or a pull never waits behind a push. An in-memory
  // database is private to its connection: there the writer reads too, through the queue.
  if (options.file === ':memory:') return new SqliteStore(db, null, null);
  // Checkpoints off the writer's thread (wal-checkpointer.ts): no COMMIT copies the WAL back itself,
  // up to a WAL of WRITER_CHECKPOINT_PAGES.
  db.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
  const checkpointer = options.checkpointer ?? workerCheckpointer(options.file, busyTimeoutMs, {
    onError: (message) => process.emitWarning(`SQLite checkpoint failed (the next commit retries): ${message}`),
    onFailed: (message) => {
      // No checkpointer thread: the writer's COMMITs checkpoint again, as SQLite does by default.
      process.emitWarning(`SQLite checkpoint thread stopped, checkpoints back on the writer: ${message}`);
      if (db.open) db.pragma('wal_autocheckpoint = 1000');
    },
  });
  return new SqliteStore(db, openReader(options.file, busyTimeoutMs), checkpointer);
}

function openReader(file: string, busyTimeoutMs: number): Database.Database {
  const db = new Database(file, { fileMustExist: true });
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  // Reads only; the setting matters for nothing it does, but no connection of the server runs below FULL.
  db.pragma('synchronous = FULL');
  return db;
}

class SqliteStore extends SqlStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly queue = new SerialQueue();
  private readonly statements = new Map<string, Database.Statement>();
  private closed = false;
  /**
   * The last serverSeq handed out in the open transaction (null: the counter row not read yet). The
   * BEGIN IMMEDIATE write lock and the queue make this transaction the only writer until COMMIT.
   */
  private txSeq: number | null = null;

  protected readonly queries = sqliteQueries();
  /** Sub-stores compiling their own queries (dashboard/counted-queries.ts) qualify no table on SQLite. */
  readonly schemaName = null;
  protected readonly rows = sqliteRows;
  private readonly readStatements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly reader: Database.Database | null,
    private readonly checkpointer: Checkpointer | null,
  ) {
    super();
  }

  // ---------------------------------------------------------------- executing (SqlStore, sql-store.ts)

  /** Reads on the read connection, never queued behind a write (issue 14). */
  protected readonly reads: SqlExec = {
    rows: (q) => this.read(() => this.rst(q.sql).all(...(q.parameters as unknown[])) as Row[]),
    count: (q) => this.writes.count(q),
  };

  /** A write statement on its own: through the queue (see SerialQueue for why). */
  protected readonly writes: SqlExec = {
    rows: (q) => this.run(() => this.exec<Row>(q)),
    count: (q) => this.run(() => this.count(q)),
  };

  /** On the writer, inside a queued task that holds the transaction (no queueing of its own). */
  private readonly txExec: SqlExec = {
    rows: async (q) => this.exec<Row>(q),
    count: async (q) => this.count(q),
  };

  /** BEGIN IMMEDIATE takes the write lock now: one writer, against the CLI beside the server too; no other lock needed. */
  protected inTransaction<T>(fn: (ex: SqlExec) => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.txExec);
        this.db.exec('COMMIT');
        this.checkpointer?.committed();
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  protected isConflict(err: unknown): boolean {
    return (err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') ?? false;
  }

  private st(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      // Statements of IN-lists vary with the list's length: keep the cache bounded.
      if (this.statements.size > 500) this.statements.clear();
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** A statement on the read connection (or the writer's, for an in-memory database). */
  private rst(sql: string): Database.Statement {
    if (!this.reader) return this.st(sql);
    let s = this.readStatements.get(sql);
    if (!s) {
      if (this.readStatements.size > 500) this.readStatements.clear();
      s = this.reader.prepare(sql);
      this.readStatements.set(sql, s);
    }
    return s;
  }

  /** Runs a compiled query (queries/batch-queries.ts) on the writer: the rows, or nothing for a write. */
  private exec<R>(q: CompiledQuery): R[] {
    const s = this.st(q.sql);
    if (s.reader) return s.all(...(q.parameters as unknown[])) as R[];
    s.run(...(q.parameters as unknown[]));
    return [];
  }

  /** Every write goes through the queue: see SerialQueue for why. Each is a commit of its own (autocommit). */
  private run<T>(fn: () => T): Promise<T> {
    return this.queue.run(() => {
      const result = fn();
      this.checkpointer?.committed();
      return result;
    });
  }

  /**
   * A read of what is committed, on the read connection, never queued behind a write (issue 14).
   * Without a read connection (in-memory database) it queues like a write.
   */
  private read<T>(fn: () => T): Promise<T> {
    if (!this.reader) return this.queue.run(fn);
    try {
      return Promise.resolve(fn());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    // The lock timing is PostgreSQL's matter: here BEGIN IMMEDIATE and the queue make this transaction
    // the only writer from its start, so what it reads stays current until COMMIT.
    const { group } = options;
    if (group) return this.groups.submit(fn, options.lock ?? 'first', typeof group === 'object' ? () => group.expected() : undefined);
    return this.queue.run(async () => {
      this.begin();
      try {
        const result = await fn(this.txApi());
        this.commit(1);
        return result;
      } catch (err) {
        this.rollback();
        throw err;
      }
    });
  }

  /**
   * SPEC I4: the pushes waiting at the same time share one transaction and one fsync, each in its own
   * savepoint; one group at a time, like every transaction here (the queue).
   */
  private readonly groups = new GroupCommitter<StoreTx>(
    (members) => this.queue.run(() => runGroup(members, async () => this.openGroup())),
    { maxGroups: 1, maxMembers: MAX_GROUP_MEMBERS },
  );

  /** A push merges inside its transaction here (SPEC L5: one writer, the lock held from BEGIN IMMEDIATE). */
  mergeReads(): null {
    return null;
  }

  private openGroup(): GroupTx<StoreTx> {
    this.begin();
    let committed = 0;
    let savedSeq: number | null = null;
    return {
      enter: async () => {
        this.db.exec('SAVEPOINT push');
        savedSeq = this.txSeq; // the counter as the savepoint found it, for a rollback to it
        return this.txApi();
      },
      leave: async (ok) => {
        if (ok) committed++;
        else {
          this.db.exec('ROLLBACK TO push');
          this.txSeq = savedSeq;
        }
        this.db.exec('RELEASE push');
      },
      commit: async () => this.commit(committed),
      rollback: async () => this.rollback(),
    };
  }

  /** IMMEDIATE takes the write lock now, so another process (the CLI) cannot make us fail at COMMIT. */
  private begin(): void {
    this.db.exec('BEGIN IMMEDIATE');
    this.txSeq = null;
  }

  private commit(transactions: number): void {
    // The serverSeq counter is read once per transaction and written back once, before COMMIT.
    if (this.txSeq !== null) this.st("UPDATE counters SET value = ? WHERE name = 'server_seq'").run(this.txSeq);
    const t = performance.now();
    this.db.exec('COMMIT');
    this.stats.commitMs! += performance.now() - t;
    this.checkpointer?.committed();
    this.txSeq = null;
    this.stats.commits++;
    this.stats.transactions += transactions;
  }

  private rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.txSeq = null;
  }

  private readonly stats: CommitStats = { commits: 0, transactions: 0, commitMs: 0 };

  commitStats(): CommitStats {
    return { ...this.stats };
  }

  private txApi(): StoreTx {
    return {
      // The one-row operations, written once (sql-store.ts): no lock to take, no row locks, the counter in hand.
      ...this.txOps(this.txExec, { beforeWrite: async () => undefined, rowLock: () => false, nextSeq: () => this.nextSeq() }),
      getRecords: async (keys) => this.readRecords(keys, (q) => this.exec<SqlRecord>(q)),
      recordSeqs: async (keys) => {
        const out = new Map<string, number>();
        for (const g of keyGroups(keys)) {
          for (const r of this.exec<{ entity: string; id: string; server_seq: number }>(selectRecordSeqs(this.queries, g.entity, g.ids))) out.set(recordKey(r.entity, r.id), r.server_seq);
        }
        return out;
      },
      getAppliedChanges: async (clientId, seqs) => {
        const out = new Map<number, AppliedChange>();
        for (const c of chunks([...new Set(seqs)])) {
          for (const r of this.exec<{ seq: number; result: string; user_id: string | null; content_hash: string | null }>(selectApplied(this.queries, clientId, c))) {
            out.set(r.seq, { result: parseResult(r.result), userId: r.user_id, contentHash: r.content_hash });
          }
        }
        return out;
      },
      lockForWrite: async () => false, // BEGIN IMMEDIATE: this transaction has been the only writer since it began
      putRecords: async (records) => {
        if (records.length === 0) return;
        this.txSeq ??= (this.st("SELECT value FROM counters WHERE name = 'server_seq'").get() as { value: number }).value;
        const rows = records.map((record) => ({ record, serverSeq: ++this.txSeq! }));
        for (const c of chunks(rows, 200)) this.exec(upsertRecords(this.queries, c));
      },
      recordAppliedMany: async (clientId, rows, at) => {
        let inserted = 0;
        for (const c of chunks(rows)) {
          const q = insertApplied(this.queries, clientId, c, at);
          inserted += this.st(q.sql).run(...(q.parameters as unknown[])).changes;
        }
        return inserted;
      },
      appendAudits: async (entries) => {
        for (const c of chunks(entries, 200)) this.exec(insertAudits(this.queries, c));
      },
    };
  }

  private readRecords(keys: readonly RecordKey[], exec: (q: CompiledQuery) => SqlRecord[]): StoredRecord[] {
    return keyGroups(keys).flatMap((g) => exec(selectRecords(this.queries, g.entity, g.ids)).map(toRecord));
  }

  /** The counter row hands out each serverSeq once, in commit order: one writer at a time (SPEC L2). */
  private nextSeq(): number {
    this.txSeq ??= (this.st("SELECT value FROM counters WHERE name = 'server_seq'").get() as { value: number }).value;
    return ++this.txSeq;
  }

  private count(q: CompiledQuery): number {
    return this.st(q.sql).run(...(q.parameters as unknown[])).changes;
  }

  ping(): Promise<void> {
    return this.read(() => void this.rst('SELECT 1').get());
  }

  close(): Promise<void> {
    return this.queue.run(async () => {
      if (this.closed) return;
      this.closed = true;
      // The checkpointer's connection first: the last one to close (the writer) checkpoints what is left.
      await this.checkpointer?.close();
      this.reader?.close();
      this.db.close();
    });
  }
}
