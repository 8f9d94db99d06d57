import pg from 'pg';
import type { ChangeResult } from '../../../src/shared/protocol/messages';
import type { DivisionInsert } from './division-store';
import { migratePostgres } from './migrate-postgres';
import { PostgresDivisions } from './postgres-divisions';
import { postgresListTabletHealth, postgresPutTabletHealth } from './postgres-tablet-health';
import type { TabletHealthRecord } from './tablet-health-store';
import { toAccountArea, toAttachment, toAttachmentMeta, toAudit, toDevice, toRecord, toSession, toUser } from './postgres-rows';
import { auditCondition, listRecordsCondition, scopeCondition } from './query-filters';
import type { CompiledQuery } from 'kysely';
import {
  chunks, deletePersonKeys, insertApplied, insertAudits, insertPersonKeys, keyGroups, recordKey, selectApplied, selectRecords, selectRecordSeqs,
  selectRecordsByPeople, selectReliefByHouseholds, selectSharedPeople, upsertRecords,
} from './queries/batch-queries';
import { postgresQueries } from './queries/query-builder';
import {
  areaChanged, LastAdminError, StoreConflictError,
  type AccountChange, type AttachmentRow, type AuditFilter, type BindClientOutcome, type AuditInput, type ListRecordsQuery, type RecordScope, type RecordWrite,
  type SessionRow, type Store, type StoreTx, type UserPatch, type UserRow, type AppliedChange, type LockTiming, type RecordKey, type StoredRecord,
} from './store';

export interface PostgresStoreOptions {
  connectionString: string;
  /** Every table lives in this schema (created when missing): tests use a fresh one each. */
  schema?: string;
  poolMax?: number;
  now?: () => Date;
}

type Queryable = pg.Pool | pg.PoolClient;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

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

class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  /** Qualified names: no search_path needed, which matters with PGlite, whose connections share one session. */
  private readonly t: (table: string) => string;

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {
    this.t = (table) => `"${schema}".${table}`;
    this.divisions = new PostgresDivisions(pool, this.t);
    this.queries = postgresQueries(schema);
  }

  private readonly queries: ReturnType<typeof postgresQueries>;

  get schemaName(): string {
    return this.schema;
  }

  async queryCompiled(q: CompiledQuery) {
    return (await this.exec(q)).rows;
  }

  private readonly divisions: PostgresDivisions;

  private async q(sql: string, params: unknown[] = [], db: Queryable = this.pool): Promise<Record<string, unknown>[]> {
    return (await db.query(sql, params)).rows as Record<string, unknown>[];
  }

  async transaction<T>(fn: (tx: StoreTx) => Promise<T>, options: { lock?: LockTiming } = {}): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    const lock = { held: false, take: async () => {} };
    lock.take = async () => {
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
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tidemark-records:${this.schema}`]);
      lock.held = true;
    };
    try {
      await client.query('BEGIN');
      // 'beforeWrite' (a push batch, issue 14): reading and merging run before the lock; the first
      // write takes it, and the caller checks its reads (recordSeqs) once it is held.
      if ((options.lock ?? 'first') === 'first') await lock.take();
      const result = await fn(this.txApi(client, lock));
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

  /** Runs a compiled query (queries/batch-queries.ts). */
  private async exec(q: CompiledQuery, db: Queryable = this.pool): Promise<pg.QueryResult<Record<string, unknown>>> {
    return db.query(q.sql, q.parameters as unknown[]);
  }

  private async readRecords(keys: readonly RecordKey[], db: Queryable): Promise<StoredRecord[]> {
    const out: StoredRecord[] = [];
    for (const g of keyGroups(keys)) for (const r of (await this.exec(selectRecords(this.queries, g.entity, g.ids), db)).rows) out.push(toRecord(r));
    return out;
  }

  private txApi(client: pg.PoolClient, lock: { held: boolean; take: () => Promise<void> }): StoreTx {
    const t = this.t;
    return {
      getRecord: async (entity, id) => {
        // Before the lock (a batch merging outside it) a plain read: the batch checks it under the lock.
        const [row] = await this.q(`SELECT * FROM ${t('records')} WHERE entity = $1 AND id = $2${lock.held ? ' FOR UPDATE' : ''}`, [entity, id], client);
        return row ? toRecord(row) : null;
      },
      getRecords: (keys) => this.readRecords(keys, client),
      recordSeqs: async (keys) => {
        const out = new Map<string, number>();
        for (const g of keyGroups(keys)) {
          for (const r of (await this.exec(selectRecordSeqs(this.queries, g.entity, g.ids), client)).rows) out.set(recordKey(r.entity as string, r.id as string), Number(r.server_seq));
        }
        return out;
      },
      getAppliedChanges: async (clientId, seqs) => {
        const out = new Map<number, AppliedChange>();
        for (const c of chunks([...new Set(seqs)])) {
          for (const r of (await this.exec(selectApplied(this.queries, clientId, c), client)).rows) {
            out.set(Number(r.seq), { result: r.result as ChangeResult, userId: (r.user_id as string | null) ?? null, contentHash: (r.content_hash as string | null) ?? null });
          }
        }
        return out;
      },
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
      runCompiled: async (q) => (await lock.take(), (await this.exec(q, client)).rows),
      putRecord: async (r: RecordWrite) => {
        await lock.take();
        const [row] = await this.q(
          `INSERT INTO ${t('records')} (entity, id, township, version, fields, field_versions, field_stamps, server_seq, created_by,
             updated_by, origin_client, created_at, updated_at, deleted, id_hmac)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, nextval('${t('server_seq_counter')}'), $8, $9, $10, $11, $11, $12, $13)
           ON CONFLICT (entity, id) DO UPDATE SET township = excluded.township, version = excluded.version, fields = excluded.fields,
             field_versions = excluded.field_versions, field_stamps = excluded.field_stamps, server_seq = excluded.server_seq,
             updated_by = excluded.updated_by, origin_client = excluded.origin_client, updated_at = excluded.updated_at,
             deleted = excluded.deleted, id_hmac = excluded.id_hmac
           RETURNING server_seq, created_by, created_at, updated_at`,
          [
            r.entity, r.id, r.township, r.version, JSON.stringify(r.fields), JSON.stringify(r.fieldVersions), JSON.stringify(r.fieldStamps),
            r.createdBy, r.updatedBy, r.originClient, r.updatedAt, r.deleted, r.idHmac,
          ],
          client,
        );
        // The JSON columns come from the values in hand rather than back over the wire; the store assigns
        // serverSeq, keeps createdBy/createdAt of an existing row, and normalises the timestamps.
        return toRecord({
          entity: r.entity, id: r.id, township: r.township, version: r.version, fields: r.fields, field_versions: r.fieldVersions,
          field_stamps: r.fieldStamps, server_seq: row!.server_seq, created_by: row!.created_by, updated_by: r.updatedBy,
          origin_client: r.originClient, created_at: row!.created_at, updated_at: row!.updated_at, deleted: r.deleted, id_hmac: r.idHmac,
        });
      },
      getAppliedResult: async (clientId, seq) => {
        const [row] = await this.q(`SELECT result FROM ${t('applied_changes')} WHERE client_id = $1 AND seq = $2`, [clientId, seq], client);
        return row ? (row.result as ChangeResult) : null;
      },
      getAppliedChange: async (clientId, seq) => {
        const [row] = await this.q(
          `SELECT result, user_id, content_hash FROM ${t('applied_changes')} WHERE client_id = $1 AND seq = $2`, [clientId, seq], client,
        );
        return row ? { result: row.result as ChangeResult, userId: (row.user_id as string | null) ?? null, contentHash: (row.content_hash as string | null) ?? null } : null;
      },
      recordApplied: async (clientId, seq, result, at, mark) => {
        await lock.take();
        // The primary key decides (SPEC P2): a second process inserting the same pair waits for the first
        // to commit, then inserts nothing, and its caller rolls back.
        const res = await client.query(
          `INSERT INTO ${t('applied_changes')} (client_id, seq, result, applied_at, user_id, content_hash)
           VALUES ($1, $2, $3::jsonb, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [clientId, seq, JSON.stringify(result), at, mark?.userId ?? null, mark?.contentHash ?? null],
        );
        return res.rowCount === 1;
      },
      appendAudit: async (entry) => {
        await lock.take();
        await this.insertAudit(entry, client);
      },
      linkCaseStep: async (caseId, stepId, arrived) => {
        await lock.take();
        await this.q(`INSERT INTO ${t('case_steps')} (case_id, step_id, arrived) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [caseId, stepId, arrived], client);
      },
      listCaseSteps: async (caseId) =>
        (
          await this.q(
            `SELECT r.* FROM ${t('case_steps')} c JOIN ${t('records')} r ON r.entity = 'caseStep' AND r.id = c.step_id WHERE c.case_id = $1 ORDER BY c.arrived`,
            [caseId],
            client,
          )
        ).map(toRecord),
      resolveAreaQueueItem: async (id, code, by, at) => {
        await lock.take();
        return this.divisions.resolveAreaQueueItem(client, id, code, by, at);
      },
    };
  }

  private async insertAudit(e: AuditInput, db: Queryable = this.pool): Promise<void> {
    await db.query(
      `INSERT INTO ${this.t('audit_log')} (at, user_id, device_id, township, action, entity, record_id, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
      [e.at, e.userId, e.deviceId, e.township, e.action, e.entity ?? null, e.recordId ?? null, e.detail == null ? null : JSON.stringify(e.detail)],
    );
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async getServerSecret(name: string): Promise<string> {
    const [row] = await this.q(`SELECT value FROM ${this.t('server_secrets')} WHERE name = $1`, [name]);
    if (!row) throw new Error(`server secret ${name} is missing`);
    return row.value as string;
  }

  async createUser(u: UserRow): Promise<UserRow> {
    try {
      // One statement, so the account and its first area are written together.
      const [row] = await this.q(
        `WITH u AS (
           INSERT INTO ${this.t('users')} (id, username, display_name, role, township, county, password_hash, unlock_secret, disabled, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *
         ), a AS (
           INSERT INTO ${this.t('account_areas')} (user_id, role, township, county, from_at, until_at)
           SELECT id, role, township, county, created_at, NULL FROM u
         )
         SELECT * FROM u`,
        [u.id, u.username, u.displayName, u.role, u.township, u.county, u.passwordHash, u.unlockSecret, u.disabled, u.createdAt],
      );
      return toUser(row!);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new StoreConflictError(`user ${u.username} exists`);
      throw err;
    }
  }

  async getUserById(id: string) {
    const [row] = await this.q(`SELECT * FROM ${this.t('users')} WHERE id = $1`, [id]);
    return row ? toUser(row) : null;
  }

  async getUserByUsername(username: string) {
    const [row] = await this.q(`SELECT * FROM ${this.t('users')} WHERE username = $1`, [username]);
    return row ? toUser(row) : null;
  }

  async listUsers(filter: { county?: string } = {}) {
    const rows =
      filter.county !== undefined
        ? await this.q(`SELECT * FROM ${this.t('users')} WHERE county = $1 ORDER BY username`, [filter.county])
        : await this.q(`SELECT * FROM ${this.t('users')} ORDER BY username`);
    return rows.map(toUser);
  }

  async updateUser(id: string, patch: UserPatch) {
    await this.writeUserPatch(id, patch);
    return this.getUserById(id);
  }

  private async writeUserPatch(id: string, patch: UserPatch, db: Queryable = this.pool): Promise<void> {
    const cols: Record<string, unknown> = {
      display_name: patch.displayName, role: patch.role, township: patch.township, county: patch.county,
      password_hash: patch.passwordHash, disabled: patch.disabled,
    };
    const set = Object.entries(cols).filter(([, v]) => v !== undefined);
    if (set.length) {
      await this.q(
        `UPDATE ${this.t('users')} SET ${set.map(([k], i) => `${k} = $${i + 1}`).join(', ')} WHERE id = $${set.length + 1}`,
        [...set.map(([, v]) => v), id],
        db,
      );
    }
  }

  // ---------------------------------------------------------------- accounts (issue 10 §7)

  async changeAccount(id: string, change: AccountChange) {
    const t = this.t;
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      // One account change at a time per schema, across processes: two administrators demoting each
      // other at once must not both pass the last-administrator check.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tidemark-accounts:${this.schema}`]);
      const [row] = await this.q(`SELECT * FROM ${t('users')} WHERE id = $1 FOR UPDATE`, [id], client);
      if (!row) {
        await client.query('ROLLBACK');
        return null;
      }
      const before = toUser(row);
      await this.writeUserPatch(id, change.patch, client);
      const user = toUser((await this.q(`SELECT * FROM ${t('users')} WHERE id = $1`, [id], client))[0]!);
      if (change.keepAnAdmin) {
        const [n] = await this.q(`SELECT COUNT(*)::int AS n FROM ${t('users')} WHERE role = 'admin' AND NOT disabled`, [], client);
        if (Number(n!.n) === 0) throw new LastAdminError();
      }
      if (areaChanged(before, user)) {
        await this.q(`UPDATE ${t('account_areas')} SET until_at = $1 WHERE user_id = $2 AND until_at IS NULL`, [change.at, id], client);
        await this.q(
          `INSERT INTO ${t('account_areas')} (user_id, role, township, county, from_at, until_at) VALUES ($1, $2, $3, $4, $5, NULL)`,
          [id, user.role, user.township, user.county, change.at],
          client,
        );
      }
      const ended = change.endSessions ? await client.query(`DELETE FROM ${t('sessions')} WHERE user_id = $1`, [id]) : null;
      await client.query('COMMIT');
      return { user, endedSessions: ended?.rowCount ?? 0 };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async deleteUserSessions(userId: string) {
    const res = await this.pool.query(`DELETE FROM ${this.t('sessions')} WHERE user_id = $1`, [userId]);
    return res.rowCount ?? 0;
  }

  async listAccountAreas(userId: string) {
    const rows = await this.q(`SELECT * FROM ${this.t('account_areas')} WHERE user_id = $1 ORDER BY id`, [userId]);
    return rows.map(toAccountArea);
  }

  async countUsers() {
    const [row] = await this.q(`SELECT COUNT(*)::int AS n FROM ${this.t('users')}`);
    return Number(row!.n);
  }

  // tablet health reports (postgres-tablet-health.ts)
  putTabletHealth(report: TabletHealthRecord) {
    return postgresPutTabletHealth(this.pool, this.t, report);
  }

  listTabletHealth(filter?: { userIds?: string[] }) {
    return postgresListTabletHealth(this.pool, this.t, filter);
  }

  // divisions (postgres-divisions.ts)
  listDivisions() {
    return this.divisions.listDivisions();
  }

  getDivision(code: string) {
    return this.divisions.getDivision(code);
  }

  addDivisions(rows: DivisionInsert[]) {
    return this.divisions.addDivisions(rows);
  }

  renameDivision(code: string, name: string, at: string) {
    return this.divisions.renameDivision(code, name, at);
  }

  retireDivision(code: string, successorCode: string, at: string) {
    return this.divisions.retireDivision(code, successorCode, at);
  }

  listAreaQueue(filter?: { open?: boolean }) {
    return this.divisions.listAreaQueue(filter);
  }

  getAreaQueueItem(id: number) {
    return this.divisions.getAreaQueueItem(id);
  }

  async upsertDevice(d: { id: string; userId: string; name: string | null; lastSeen: string }) {
    return (await this.bindClient({ ...d, tabletId: null })).device;
  }

  // ---------------------------------------------------------------- client binding (SPEC A4–A5)

  async bindClient(c: { id: string; userId: string; name: string | null; tabletId: string | null; lastSeen: string }): Promise<BindClientOutcome> {
    // One statement: the WHERE on the update is what keeps a client id with its first account. When it
    // says no, RETURNING gives nothing and the row is read as it stands.
    const [row] = await this.q(
      `INSERT INTO ${this.t('devices')} AS d (id, user_id, name, revoked, last_seen, tablet_id) VALUES ($1, $2, $3, false, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = COALESCE(excluded.name, d.name), last_seen = excluded.last_seen,
         tablet_id = COALESCE(excluded.tablet_id, d.tablet_id)
       WHERE d.user_id = excluded.user_id
       RETURNING *`,
      [c.id, c.userId, c.name, c.lastSeen, c.tabletId],
    );
    if (row) return { bound: true, device: toDevice(row) };
    const device = (await this.getDevice(c.id))!;
    return { bound: device.userId === c.userId, device };
  }

  async moveSession(tokenHash: string, deviceId: string): Promise<void> {
    await this.q(`UPDATE ${this.t('sessions')} SET device_id = $1 WHERE token_hash = $2`, [deviceId, tokenHash]);
  }

  // ----------------------------------------------------------------

  async getDevice(id: string) {
    const [row] = await this.q(`SELECT * FROM ${this.t('devices')} WHERE id = $1`, [id]);
    return row ? toDevice(row) : null;
  }

  async listDevices(filter: { userIds?: string[] } = {}) {
    if (filter.userIds && filter.userIds.length === 0) return [];
    const rows = filter.userIds
      ? await this.q(`SELECT * FROM ${this.t('devices')} WHERE user_id = ANY($1::text[]) ORDER BY id`, [filter.userIds])
      : await this.q(`SELECT * FROM ${this.t('devices')} ORDER BY id`);
    return rows.map(toDevice);
  }

  async setDeviceRevoked(id: string, revoked: boolean) {
    const res = await this.pool.query(`UPDATE ${this.t('devices')} SET revoked = $1 WHERE id = $2`, [revoked, id]);
    return res.rowCount === 1;
  }

  async touchDevice(id: string, at: string) {
    await this.q(`UPDATE ${this.t('devices')} SET last_seen = $1 WHERE id = $2`, [at, id]);
  }

  async createSession(s: SessionRow) {
    await this.q(`INSERT INTO ${this.t('sessions')} (token_hash, user_id, device_id, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)`, [
      s.tokenHash, s.userId, s.deviceId, s.expiresAt, s.createdAt,
    ]);
  }

  async getSession(tokenHash: string) {
    const [row] = await this.q(`SELECT * FROM ${this.t('sessions')} WHERE token_hash = $1`, [tokenHash]);
    return row ? toSession(row) : null;
  }

  async deleteSession(tokenHash: string) {
    await this.q(`DELETE FROM ${this.t('sessions')} WHERE token_hash = $1`, [tokenHash]);
  }

  async deleteExpiredSessions(before: string) {
    const res = await this.pool.query(`DELETE FROM ${this.t('sessions')} WHERE expires_at < $1`, [before]);
    return res.rowCount ?? 0;
  }

  async getRecord(entity: string, id: string) {
    const [row] = await this.q(`SELECT * FROM ${this.t('records')} WHERE entity = $1 AND id = $2`, [entity, id]);
    return row ? toRecord(row) : null;
  }

  async pullRecords(q: { since: number; limit: number; scope: RecordScope }) {
    // One statement, one snapshot; with the commit-ordered serverSeq (see transaction) no row is skipped.
    const params: unknown[] = [q.since];
    const cond = scopeCondition(q.scope, (v) => (params.push(v), `$${params.length}`));
    params.push(q.limit);
    const rows = await this.q(
      `SELECT * FROM ${this.t('records')} WHERE server_seq > $1 AND ${cond} ORDER BY server_seq LIMIT $${params.length}`,
      params,
    );
    return rows.map(toRecord);
  }

  async listRecords(query: ListRecordsQuery) {
    const params: unknown[] = [];
    const cond = listRecordsCondition(query, (v) => (params.push(v), `$${params.length}`));
    params.push(query.limit);
    const rows = await this.q(`SELECT * FROM ${this.t('records')} WHERE ${cond} ORDER BY server_seq LIMIT $${params.length}`, params);
    return rows.map(toRecord);
  }

  async findRecordsByIdHmac(idHmac: string) {
    return (await this.q(`SELECT * FROM ${this.t('records')} WHERE id_hmac = $1 ORDER BY server_seq`, [idHmac])).map(toRecord);
  }

  async replacePersonKeys(entity: string, recordId: string, idHmacs: readonly string[]) {
    const client = await this.pool.connect();
    try {
      // One transaction: a reader never sees a record's keys half replaced.
      await client.query('BEGIN');
      await client.query(`DELETE FROM ${this.t('person_keys')} WHERE entity = $1 AND record_id = $2`, [entity, recordId]);
      const unique = [...new Set(idHmacs)];
      if (unique.length) {
        await client.query(
          `INSERT INTO ${this.t('person_keys')} (entity, record_id, id_hmac) SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING`,
          [entity, recordId, unique],
        );
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  getRecords(keys: readonly RecordKey[]) {
    return this.readRecords(keys, this.pool);
  }

  async findRecordsByPeople(idHmacs: readonly string[]) {
    const seen = new Map<string, StoredRecord>();
    for (const c of chunks([...new Set(idHmacs)], 250)) {
      for (const r of (await this.exec(selectRecordsByPeople(this.queries, c))).rows) seen.set(recordKey(r.entity as string, r.id as string), toRecord(r));
    }
    return [...seen.values()].sort((a, b) => a.serverSeq - b.serverSeq);
  }

  async sharedPeople(idHmacs: readonly string[]) {
    const out = new Set<string>();
    for (const c of chunks([...new Set(idHmacs)], 250)) for (const r of (await this.exec(selectSharedPeople(this.queries, c))).rows) out.add(r.k as string);
    return out;
  }

  async findReliefByHouseholds(householdIds: readonly string[]) {
    const out: StoredRecord[] = [];
    for (const c of chunks([...new Set(householdIds)])) for (const r of (await this.exec(selectReliefByHouseholds(this.queries, c))).rows) out.push(toRecord(r));
    return out.sort((a, b) => a.serverSeq - b.serverSeq);
  }

  async replacePersonKeysMany(entries: readonly { entity: string; recordId: string; idHmacs: readonly string[] }[]) {
    if (entries.length === 0) return;
    const client = await this.pool.connect();
    try {
      // One transaction for the batch: a reader never sees a record's keys half replaced.
      await client.query('BEGIN');
      const byEntity = new Map<string, string[]>();
      for (const e of entries) byEntity.set(e.entity, [...(byEntity.get(e.entity) ?? []), e.recordId]);
      for (const [entity, ids] of byEntity) for (const c of chunks(ids)) await this.exec(deletePersonKeys(this.queries, entity, c), client);
      const rows = entries.flatMap((e) => [...new Set(e.idHmacs)].map((h) => ({ entity: e.entity, record_id: e.recordId, id_hmac: h })));
      for (const c of chunks(rows)) await this.exec(insertPersonKeys(this.queries, c), client);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async findRecordsByPersonKey(idHmac: string) {
    const rows = await this.q(
      `SELECT r.* FROM ${this.t('person_keys')} p JOIN ${this.t('records')} r ON r.entity = p.entity AND r.id = p.record_id WHERE p.id_hmac = $1 ORDER BY r.server_seq`,
      [idHmac],
    );
    return rows.map(toRecord);
  }

  async countAppliedChanges(clientId?: string) {
    const [row] =
      clientId === undefined
        ? await this.q(`SELECT COUNT(*)::int AS n FROM ${this.t('applied_changes')}`)
        : await this.q(`SELECT COUNT(*)::int AS n FROM ${this.t('applied_changes')} WHERE client_id = $1`, [clientId]);
    return Number(row!.n);
  }

  // ---- attachments, visible by (area, hash) (SPEC T3)

  async missingAttachments(township: string, hashes: string[]) {
    const unique = [...new Set(hashes)];
    if (!unique.length) return [];
    const rows = await this.q(`SELECT sha256 FROM ${this.t('attachments')} WHERE township = $1 AND sha256 = ANY($2::text[])`, [township, unique]);
    const have = new Set(rows.map((r) => r.sha256 as string));
    return unique.filter((h) => !have.has(h));
  }

  async putAttachment(a: AttachmentRow) {
    const res = await this.pool.query(
      `INSERT INTO ${this.t('attachments')} (township, sha256, bytes, size, content_type, record_id, uploaded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [a.township, a.sha256, a.bytes, a.size, a.contentType, a.recordId, a.uploadedBy, a.createdAt],
    );
    return res.rowCount === 1;
  }

  async getAttachment(township: string, sha256: string) {
    const [row] = await this.q(`SELECT * FROM ${this.t('attachments')} WHERE township = $1 AND sha256 = $2`, [township, sha256]);
    return row ? toAttachment(row) : null;
  }

  async getAttachmentMeta(township: string, sha256: string) {
    const [row] = await this.q(
      `SELECT sha256, size, content_type, record_id, township, uploaded_by, created_at FROM ${this.t('attachments')} WHERE township = $1 AND sha256 = $2`,
      [township, sha256],
    );
    return row ? toAttachmentMeta(row) : null;
  }

  async attachmentTownships(sha256: string) {
    const rows = await this.q(`SELECT township FROM ${this.t('attachments')} WHERE sha256 = $1 ORDER BY township`, [sha256]);
    return rows.map((r) => r.township as string);
  }

  appendAudit(entry: AuditInput) {
    return this.insertAudit(entry);
  }

  async listAudit(f: AuditFilter) {
    const params: unknown[] = [];
    const cond = auditCondition(f, (v) => (params.push(v), `$${params.length}`));
    params.push(f.limit);
    // Through the view: release-1 rows carry their area from audit_areas (migration 002).
    const rows = await this.q(`SELECT * FROM ${this.t('audit_log_areas')} WHERE ${cond} ORDER BY id DESC LIMIT $${params.length}`, params);
    return rows.map(toAudit);
  }
}
