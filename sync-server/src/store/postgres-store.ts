import { sql, type CompiledQuery, type RawBuilder } from 'kysely';
import pg from 'pg';
import type { ChangeResult } from '../../../src/shared/protocol/messages';
import { migratePostgres } from './migrate-postgres';
import { postgresRows, toRecord } from './postgres-rows';
import { chunks, insertApplied, insertAudits, keyGroups, recordKey, selectApplied, selectRecords, selectRecordSeqs, upsertRecords } from './queries/batch-queries';
import { batchArrays, batchStatement, batchStatementName, writesNothing, type BatchArrays } from './postgres-batch';
import { postgresQueries } from './queries/query-builder';
import { SqlStore, stampsOf, type SqlExec } from './sql-store';
import type { Row } from './rows';
import { GroupCommitter, runGroup, type GroupTx } from './group-commit';
import type { AppliedChange, BatchWrite, CommitStats, MergeReads, RecordKey, Store, StoredRecord, StoreTx, TransactionOptions } from './store';

export interface PostgresStoreOptions {
  connectionString: string;
  /** Every table lives in this schema (created when missing): tests use a fresh one each. */
  schema?: string;
  poolMax?: number;
  now?: () => Date;
}

type Queryable = pg.Pool | pg.PoolClient;

/** The records lock of one transaction: whether it is held, and taking it (once). */
interface TxLock {
  held: boolean;
  take(): Promise<void>;
}

/** Pushes sharing one commit at most (SPEC I4); the push slots (E2) bound it lower in practice. */
const MAX_GROUP_MEMBERS = 64;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** PostgresStore.sharedPeople's statement (one parameter: the HMACs as a text array); exported for its plan test. */
export function sharedPeopleText(schema: string): string {
  return (
    `SELECT h.k FROM unnest($1::text[]) AS h (k) CROSS JOIN LATERAL (SELECT count(*) AS n FROM (` +
    `SELECT entity, id FROM "${schema}".records WHERE id_hmac = h.k UNION ` +
    `SELECT entity, record_id FROM "${schema}".person_keys WHERE id_hmac = h.k) AS u) AS c WHERE c.n > 1`
  );
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name ${schema}`);
  // jit=off: PostgreSQL's JIT compiles a statement whose estimated cost passes jit_above_cost, and a
  // table never analysed (a fresh database filling, a bulk load before autovacuum) gives the shared-people
  // read of a 500-change push estimates past it: 18-270 ms of compiling for a read that runs in ~5 ms
  // (issue 14, thirteenth session, ingest-issue14.md). No statement of this store runs long enough to gain.
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolMax ?? 10, options: '-c jit=off' });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client, schema, options.now ?? (() => new Date()));
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return new PostgresStore(pool, schema);
}

class PostgresStore extends SqlStore implements Store {
  readonly kind = 'postgres' as const;
  /** Qualified names: no search_path needed, which matters with PGlite, whose connections share one session. */
  private readonly t: (table: string) => string;

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {
    super();
    this.t = (table) => `"${schema}".${table}`;
    this.queries = postgresQueries(schema);
    this.reads = this.writes = this.on(pool);
    this.nextSeq = sql<number>`nextval(${`"${schema}".server_seq_counter`}::regclass)`;
  }

  // ---------------------------------------------------------------- executing (SqlStore, sql-store.ts)

  protected readonly queries: ReturnType<typeof postgresQueries>;
  /** The schema sub-stores compiling their own queries (dashboard/counted-queries.ts) qualify tables with. */
  get schemaName(): string {
    return this.schema;
  }
  protected readonly rows = postgresRows;
  /** Reads and single writes take any client of the pool. */
  protected readonly reads: SqlExec;
  protected readonly writes: SqlExec;

  private on(db: Queryable): SqlExec {
    return {
      rows: async (q) => (await this.exec(q, db)).rows,
      count: async (q) => (await this.exec(q, db)).rowCount ?? 0,
    };
  }

  protected async inTransaction<T>(fn: (ex: SqlExec) => Promise<T>, lock?: 'accounts'): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      // e.g. one account change at a time per schema, across processes (the last-administrator check).
      if (lock) await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tidemark-${lock}:${this.schema}`]);
      const result = await fn(this.on(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  protected isConflict(err: unknown): boolean {
    return (err as { code?: string }).code === '23505';
  }

  /** The sequence's next value, as an expression in the statement (putRecord). */
  private readonly nextSeq: RawBuilder<number>;

  /**
   * The statement that takes the serialising lock, without parameters so that it can share a message
   * with others (the schema name is checked against SCHEMA_NAME: nothing to quote).
   */
  private get lockStatement(): string {
    return `SELECT pg_advisory_xact_lock(hashtext('tidemark-records:${this.schema}'))`;
  }

  /** The serialising lock of one transaction on `client`, taken once (SPEC L2, L5). */
  private recordsLock(client: pg.PoolClient): TxLock {
    const lock: TxLock = {
      held: false,
      take: async () => {
        if (lock.held) return;
        // One record-writing transaction at a time per database schema, across every server process.
        // Why: serverSeq comes from a sequence, and nextval() is not transactional. Without the lock,
        // transaction A could take seq 10, B seq 11, B commit first, and a pull in between would see 11,
        // move its cursor past 10, and never see A's row (SPEC L2: a pull must never skip a row).
        // Holding this lock from before the first nextval() until COMMIT makes sequence numbers become
        // visible in commit order: PostgreSQL releases transaction locks only after the commit is
        // visible, so once seq N can be read, every smaller seq is either committed or rolled back for ever.
        // It also serialises read-modify-write of a record across processes; the applied_changes primary
        // key is still the guard against applying one (clientId, seq) twice (SPEC P2).
        await client.query(this.lockStatement);
        lock.held = true;
      },
    };
    return lock;
  }

  async transaction<T>(fn: (tx: StoreTx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const { group } = options;
    if (group) return this.groups.submit(fn, options.lock ?? 'first', typeof group === 'object' ? () => group.expected() : undefined);
    const client = await this.pool.connect();
    let broken = false;
    const lock = this.recordsLock(client);
    try {
      // 'first' (the counter's, a flag write): the lock in BEGIN's own message (simple-query protocol), as a
      // group's SAVEPOINT carries it: one round trip fewer, each waiting for a busy event loop (issue 14).
      // 'beforeWrite' (a push batch): reading and merging run before the lock; the first write takes it, and
      // the caller checks its reads (recordSeqs) once it is held.
      if ((options.lock ?? 'first') === 'first') {
        await client.query(`BEGIN; ${this.lockStatement}`);
        lock.held = true;
      } else await client.query('BEGIN');
      const result = await fn(this.txApi(client, lock));
      await client.query('COMMIT');
      this.stats.commits++;
      this.stats.transactions++;
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /**
   * SPEC I4: the pushes waiting at the same time share one transaction and one commit, each in its own
   * savepoint. A push has read and merged before it joined (mergeReads, L5); the lock is taken where a
   * member's first write needs it and held to COMMIT (L2), and each member checks its reads under it
   * before writing. A savepoint rolled back gives back a lock taken in it (PostgreSQL releases what a
   * rolled-back subtransaction acquired), so the flag follows. Two groups at once: one opening and
   * checking while the other writes and commits.
   */
  private readonly groups = new GroupCommitter<StoreTx>(
    (members) => runGroup(members, () => this.openGroup()),
    { maxGroups: 2, maxMembers: MAX_GROUP_MEMBERS },
  );

  private async openGroup(): Promise<GroupTx<StoreTx>> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
    } catch (err) {
      client.release(true);
      throw err;
    }
    const lock = this.recordsLock(client);
    let heldBefore = false;
    let committed = 0;
    let done = false;
    // The savepoint of the member before, not yet released: released in the next member's SAVEPOINT message
    // or the COMMIT's. Under the lock every message waits for a busy event loop (issue 14): one per member, not two.
    let unreleased = false;
    const end = (broken: boolean) => {
      if (done) return;
      done = true;
      client.release(broken);
    };
    return {
      enter: async (timing) => {
        heldBefore = lock.held;
        // Several statements without parameters go in one message (the simple-query protocol); the lock
        // of a member asked for with it from the start (L5's retry) goes in the same one.
        const takeLock = timing === 'first' && !lock.held;
        await client.query(`${unreleased ? 'RELEASE SAVEPOINT push; ' : ''}SAVEPOINT push${takeLock ? `; ${this.lockStatement}` : ''}`);
        unreleased = false;
        if (takeLock) lock.held = true;
        return this.txApi(client, lock);
      },
      leave: async (ok) => {
        if (ok) {
          committed++;
          unreleased = true;
          return;
        }
        await client.query('ROLLBACK TO SAVEPOINT push; RELEASE SAVEPOINT push');
        lock.held = heldBefore;
      },
      commit: async () => {
        // The RELEASE too: in a transaction that was lost (its connection's ROLLBACK, an I/O error) it fails,
        // where a COMMIT alone only warns and would let every member hear it was committed.
        await client.query(unreleased ? 'RELEASE SAVEPOINT push; COMMIT' : 'COMMIT');
        end(false);
        this.stats.commits++;
        this.stats.transactions += committed;
      },
      rollback: async () => {
        let broken = false;
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        end(broken);
      },
    };
  }

  private readonly stats: CommitStats = { commits: 0, transactions: 0 };

  commitStats(): CommitStats {
    return { ...this.stats };
  }

  /** Runs a compiled query (queries/batch-queries.ts). */
  private async exec(q: CompiledQuery, db: Queryable = this.pool): Promise<pg.QueryResult<Record<string, unknown>>> {
    return db.query(q.sql, q.parameters as unknown[]);
  }

  private async readRecords(keys: readonly RecordKey[], db: Queryable): Promise<StoredRecord[]> {
    const out: StoredRecord[] = [];
    for (const g of keyGroups(keys)) for (const r of (await this.exec(selectRecords(this.queries, g.entity, g.ids), db)).rows) out.push(toRecord(r));
    return out;
  }

  private async appliedChanges(clientId: string, seqs: readonly number[], db: Queryable): Promise<Map<number, AppliedChange>> {
    const out = new Map<number, AppliedChange>();
    for (const c of chunks([...new Set(seqs)])) {
      for (const r of (await this.exec(selectApplied(this.queries, clientId, c), db)).rows) {
        out.set(Number(r.seq), { result: r.result as ChangeResult, userId: (r.user_id as string | null) ?? null, contentHash: (r.content_hash as string | null) ?? null });
      }
    }
    return out;
  }

  /**
   * SPEC L5, I4: a push reads and merges on committed data before it joins its group, each query on any
   * pool connection (READ COMMITTED, no lock, no row locks), so the group's lock is held only while its
   * members check those reads (recordSeqs) and write. No write goes through here.
   */
  mergeReads(): MergeReads {
    const ops = this.txOps(this.reads, {
      beforeWrite: () => Promise.reject(new Error('a merge outside the transaction writes nothing')),
      rowLock: () => false,
      nextSeq: () => this.nextSeq,
    });
    return {
      getRecords: (keys) => this.readRecords(keys, this.pool),
      getRecord: ops.getRecord,
      listCaseSteps: ops.listCaseSteps,
      getAppliedChanges: (clientId, seqs) => this.appliedChanges(clientId, seqs, this.pool),
    };
  }

  private txApi(client: pg.PoolClient, lock: TxLock): StoreTx {
    const t = this.t;
    const tx: StoreTx = {
      // The one-row operations, written once (sql-store.ts): the lock before a write, row locks once it is held, the sequence in the statement.
      ...this.txOps(this.on(client), { beforeWrite: () => lock.take(), rowLock: () => lock.held, nextSeq: () => this.nextSeq }),
      getRecords: (keys) => this.readRecords(keys, client),
      recordSeqs: async (keys) => {
        const out = new Map<string, number>();
        for (const g of keyGroups(keys)) {
          for (const r of (await this.exec(selectRecordSeqs(this.queries, g.entity, g.ids), client)).rows) out.set(recordKey(r.entity as string, r.id as string), Number(r.server_seq));
        }
        return out;
      },
      getAppliedChanges: (clientId, seqs) => this.appliedChanges(clientId, seqs, client),
      lockForWrite: async () => {
        const taken = !lock.held;
        await lock.take();
        return taken;
      },
      putRecords: async (records) => {
        if (records.length === 0) return;
        await lock.take();
        // The numbers first, in order, under the lock (L2); then the rows with them, 200 to a statement.
        const seqs = (await client.query(`SELECT nextval('${t('server_seq_counter')}') AS s FROM generate_series(1, $1::int) ORDER BY s`, [records.length])).rows.map((r) => Number(r.s));
        const rows = records.map((record, i) => ({ record, serverSeq: seqs[i]! }));
        for (const c of chunks(rows, 200)) await this.exec(upsertRecords(this.queries, c), client);
      },
      recordAppliedMany: async (clientId, rows, at) => {
        await lock.take();
        let inserted = 0;
        for (const c of chunks(rows)) inserted += (await this.exec(insertApplied(this.queries, clientId, c, at), client)).rowCount ?? 0;
        return inserted;
      },
      appendAudits: async (entries) => {
        await lock.take();
        for (const c of chunks(entries, 200)) await this.exec(insertAudits(this.queries, c), client);
      },
      prepareBatch: (w) => ({ ...w, prepared: batchArrays(w) }),
      writeBatch: async (w, check) => {
        await lock.take();
        // The sub-stores' rows asked for under the lock (SPEC D9: the count after the commit waits for it).
        const also = w.also();
        if (writesNothing(w) && also.length === 0 && !check) return { marked: 0, stamps: null }; // every change was applied before (P2)
        // A record that had keys loses them first: the insert below, in the same statement, could not see the delete.
        const stale = w.personKeys.filter((e) => !e.fresh);
        if (stale.length) await tx.replacePersonKeysMany(stale.map((e) => ({ ...e, idHmacs: [] })));
        // The reads to check in the writing statement: one round trip under the lock (issue 14).
        const arrays = w.prepared !== undefined ? (w.prepared as BatchArrays) : batchArrays(w);
        const { text, parameters } = batchStatement(this.t, arrays, check, also);
        const [row] = (await client.query({ name: batchStatementName(client, text), text, values: parameters })).rows;
        return { marked: Number(row.marked), stamps: check ? stampsOf((row.stamps as Row[] | null) ?? []) : null };
      },
    };
    return tx;
  }

  /**
   * The shared-people read of the duplicate-person flags (SPEC I1, issue 14, eleventh session), PostgreSQL's own text: one array
   * parameter, each HMAC looked up through the two id_hmac indexes (LATERAL: one index probe per person
   * and table, whatever the statistics say). The list form (`id_hmac IN (…)`, sql-store.ts) lets the
   * planner pick from statistics, and a table not yet analysed (a fresh database filling in a storm, a
   * bulk load before autovacuum) has none: with ~140 people it estimated most of the table and scanned
   * records and person_keys in full for every push (7.6 ms of PostgreSQL CPU a push at 5,000 records,
   * growing with the table; 1.5 s of a 200 × 50 storm's ~7 s). Same answer: the people more than one
   * record names, counting a record once whether it names the person by head, person key or both.
   */
  override async sharedPeople(idHmacs: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    const list = [...new Set(idHmacs)];
    if (list.length === 0) return out;
    // A named statement (one text whatever the list): parsed and planned once per connection, where the
    // unnamed one was parsed on every push's flag search (issue 14, seventeenth session).
    const text = sharedPeopleText(this.schema);
    const client = await this.pool.connect();
    try {
      for (const r of (await client.query({ name: batchStatementName(client, text), text, values: [list] })).rows) out.add(r.k as string);
    } finally {
      client.release();
    }
    return out;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
