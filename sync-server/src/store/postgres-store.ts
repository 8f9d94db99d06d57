import { sql, type CompiledQuery, type RawBuilder } from 'kysely';
import pg from 'pg';
import type { ChangeResult } from '../../../src/shared/protocol/messages';
import { migratePostgres } from './migrate-postgres';
import { postgresRows, toRecord } from './postgres-rows';
import {
  CHUNK, chunks, insertApplied, insertAudits, insertPersonKeys, keyGroups, packed, recordKey, selectApplied, selectRecords, selectRecordSeqs, selectStamps, STAMP_KEYS,
  upsertRecords, upsertRecordsNumbered,
} from './queries/batch-queries';
import { writeBatchInSteps } from './batch-write';
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

/** A batch statement's WITH queries and parameters so far (PostgresStore.batchParts). */
interface BatchParts {
  ctes: string[];
  parameters: unknown[];
}

/** Parameters of one statement at most: PostgreSQL's protocol counts them in 16 bits. */
const MAX_PARAMETERS = 65_535;

/**
 * A compiled statement's parameters $1…$n as $(offset+1)…$(offset+n), for a statement that joins it with others.
 * A scan, not a regular expression with a callback per match: the batch statement renumbers ~2,000
 * parameters a push (3× faster, issue 14, eleventh session).
 */
function renumbered(text: string, offset: number): string {
  if (offset === 0) return text;
  // Kysely writes every value as a parameter and quotes identifiers with ": a $ outside a parameter would be this store's own text.
  let out = '';
  let from = 0;
  for (let i = text.indexOf('$'); i !== -1; i = text.indexOf('$', i)) {
    let j = i + 1;
    let n = 0;
    for (let c = text.charCodeAt(j); c >= 48 && c <= 57; c = text.charCodeAt(++j)) n = n * 10 + c - 48;
    if (j === i + 1) {
      i = j;
      continue;
    }
    out += text.slice(from, i + 1) + String(n + offset);
    from = i = j;
  }
  return out + text.slice(from);
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
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolMax ?? 10 });
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
    this.nextSeqInText = sql.raw<number>(`nextval('"${schema}".server_seq_counter')`);
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
  /** The same without a parameter, for a multi-row statement (upsertRecordsNumbered). */
  private readonly nextSeqInText: RawBuilder<number>;

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
      await client.query('BEGIN');
      // 'beforeWrite' (a push batch, issue 14): reading and merging run before the lock; the first
      // write takes it, and the caller checks its reads (recordSeqs) once it is held.
      if ((options.lock ?? 'first') === 'first') await lock.take();
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
      prepareBatch: (w) => ({ ...w, prepared: this.batchParts(w) }),
      writeBatch: async (w, check) => {
        await lock.take();
        // The stamps in the writing statement when one statement reads them all (STAMP_KEYS records, CHUNK cases).
        const groups = check ? packed(keyGroups(check.keys), STAMP_KEYS) : [];
        const caseIds = check ? [...new Set(check.caseIds)] : [];
        const stampsQuery = check && groups.length <= 1 && caseIds.length <= CHUNK ? selectStamps(this.queries, groups[0] ?? [], caseIds) : null;
        const built = w.prepared !== undefined ? (w.prepared as BatchParts | null) : this.batchParts(w);
        const one = built && this.batchStatement(w, built, stampsQuery);
        if (!one) {
          const stamps = check ? await tx.readStamps(check.keys, check.caseIds) : null;
          return { marked: await writeBatchInSteps(tx, w), stamps };
        }
        const stamps = check && !stampsQuery ? await tx.readStamps(check.keys, check.caseIds) : null;
        if (one.parameters.length === 0) return { marked: 0, stamps }; // nothing to write or read: every change was applied before (P2)
        // A record that had keys loses them first: the insert below, in the same statement, could not see the delete.
        const stale = w.personKeys.filter((e) => !e.fresh);
        if (stale.length) await tx.replacePersonKeysMany(stale.map((e) => ({ ...e, idHmacs: [] })));
        const [row] = (await client.query(one.sql, one.parameters)).rows;
        return { marked: Number(row.marked), stamps: stampsQuery ? stampsOf((row.stamps as Row[] | null) ?? []) : stamps };
      },
    };
    return tx;
  }

  /**
   * A batch's writes (StoreTx.writeBatch) as one statement: each write a data-modifying WITH query, the
   * records numbered by nextval in the order given (upsertRecordsNumbered), the case links taking the
   * serverSeqs the records query returns. They touch different tables, so that they see one snapshot and
   * run in no set order does not matter; and one statement gets one answer, which under the lock is one
   * round trip instead of ~6 (issue 14). Built in two steps: the rows' parts before the lock is taken
   * (batchParts, from prepareBatch: Node's JSON and text work, which under the lock every push of the process
   * would wait for; a group's later members build theirs under the lock the group holds), the reads to check, the sub-stores' rows (`also`) and the case links once it is held
   * (batchStatement). Null when a part
   * passes one chunk (CHUNK rows) or the parameters pass MAX_PARAMETERS: then one statement per kind
   * (writeBatchInSteps).
   */
  private batchParts(w: BatchWrite): BatchParts | null {
    const q = this.queries;
    const keyRows = w.personKeys.flatMap((e) => [...new Set(e.idHmacs)].map((h) => ({ entity: e.entity, record_id: e.recordId, id_hmac: h })));
    if ([w.marks, w.records, w.audits, keyRows, w.links].some((part) => part.length > CHUNK)) return null;
    const parts: { name: string; query: CompiledQuery; returning?: string }[] = [];
    if (w.marks.length) parts.push({ name: 'marked', query: insertApplied(q, w.clientId, w.marks, w.at), returning: '1' });
    if (w.records.length) parts.push({ name: 'written', query: upsertRecordsNumbered(q, w.records, this.nextSeqInText), returning: 'entity, id, server_seq' });
    if (w.audits.length) parts.push({ name: 'audited', query: insertAudits(q, w.audits) });
    if (keyRows.length) parts.push({ name: 'keyed', query: insertPersonKeys(q, keyRows) });
    const built: BatchParts = { ctes: [], parameters: [] };
    for (const p of parts) this.addPart(built, p.name, p.query, p.returning);
    return built;
  }

  /** One WITH query of the batch statement, its parameters numbered after those before it. */
  private addPart(built: BatchParts, name: string, query: CompiledQuery, returning?: string): void {
    const text = renumbered(query.sql, built.parameters.length);
    for (const v of query.parameters) built.parameters.push(v);
    built.ctes.push(`${name} AS (${text}${returning ? ` RETURNING ${returning}` : ''})`);
  }

  /** The statement of batchParts' parts, with the reads to check, the sub-stores' rows and the case links (under the lock). */
  private batchStatement(w: BatchWrite, built: BatchParts, stamps: CompiledQuery | null): { sql: string; parameters: unknown[] } | null {
    const { ctes, parameters } = built;
    // A plain read among the writes sees the statement's one snapshot: what was there before any of them
    // (its place in the WITH list does not matter: it reads no other part).
    if (stamps) this.addPart(built, 'stamps', stamps);
    w.also().forEach((query, i) => this.addPart(built, `also${i}`, query));
    if (w.links.length) {
      // A step this batch wrote arrives at the serverSeq just given (SPEC K5); one written before keeps its stored one.
      const values = w.links.map((l) => {
        parameters.push(l.caseId, l.stepId);
        return `($${parameters.length - 1}::text, $${parameters.length}::text)`;
      });
      const mine = w.records.length ? `LEFT JOIN written w ON w.entity = 'caseStep' AND w.id = v.step_id ` : '';
      ctes.push(
        `linked AS (INSERT INTO ${this.t('case_steps')} (case_id, step_id, arrived) ` +
          `SELECT v.case_id, v.step_id, COALESCE(${mine ? 'w.server_seq, ' : ''}s.server_seq, 0) FROM (VALUES ${values.join(', ')}) AS v (case_id, step_id) ` +
          `${mine}LEFT JOIN ${this.t('records')} s ON s.entity = 'caseStep' AND s.id = v.step_id ON CONFLICT DO NOTHING)`,
      );
    }
    if (ctes.length === 0) return { sql: 'SELECT 0 AS marked', parameters };
    if (parameters.length > MAX_PARAMETERS) return null;
    const marked = w.marks.length ? '(SELECT count(*) FROM marked)::int' : '0';
    const read = stamps ? ', (SELECT json_agg(s ORDER BY s.arrived) FROM stamps s) AS stamps' : '';
    return { sql: `${ctes.length ? `WITH ${ctes.join(', ')} ` : ''}SELECT ${marked} AS marked${read}`, parameters };
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
    for (const r of (await this.pool.query(sharedPeopleText(this.schema), [list])).rows) out.add(r.k as string);
    return out;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
