import Database from 'better-sqlite3';
import type { ChangeResult } from '../../../src/shared/protocol/messages';
import { migrateSqlite } from './migrate-sqlite';
import { auditCondition, listRecordsCondition, scopeCondition } from './query-filters';
import type { CompiledQuery } from 'kysely';
import {
  chunks, deletePersonKeys, insertApplied, insertAudits, insertPersonKeys, keyGroups, recordKey, selectApplied, selectRecords, selectRecordSeqs,
  selectRecordsByPeople, selectReliefByHouseholds, selectSharedPeople, upsertRecords,
} from './queries/batch-queries';
import { sqliteQueries } from './queries/query-builder';
import { SerialQueue } from './serial-queue';
import {
  sqliteAddDivisions, sqliteGetAreaQueueItem, sqliteGetDivision, sqliteListAreaQueue, sqliteListDivisions, sqliteRenameDivision,
  sqliteResolveAreaQueueItem, sqliteRetireDivision,
} from './sqlite-divisions';
import type { DivisionInsert } from './division-store';
import { sqliteListTabletHealth, sqlitePutTabletHealth } from './sqlite-tablet-health';
import type { TabletHealthRecord } from './tablet-health-store';
import {
  parseResult, toAccountArea, toAttachment, toAttachmentMeta, toAudit, toDevice, toRecord, toSession, toUser,
  type SqlAccountArea, type SqlAttachment, type SqlAudit, type SqlDevice, type SqlRecord, type SqlSession, type SqlUser,
} from './sqlite-rows';
import {
  areaChanged, LastAdminError, StoreConflictError,
  type AccountChange, type AppliedChange, type AppliedMark, type AttachmentRow, type AuditFilter, type BindClientOutcome, type AuditInput, type ListRecordsQuery, type RecordScope, type RecordWrite,
  type SessionRow, type Store, type StoreTx, type StoredRecord, type UserPatch, type UserRow, type LockTiming, type RecordKey,
} from './store';

export interface SqliteStoreOptions {
  /** Path of the database file (created and migrated when missing). */
  file: string;
  busyTimeoutMs?: number;
  now?: () => Date;
}

const SYNCHRONOUS_FULL = 2;

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
  const db = openDatabase(options.file, options.busyTimeoutMs ?? 5000);
  migrateSqlite(db, options.now ?? (() => new Date()));
  // Reads on their own connection (issue 14): WAL lets it read what is committed while the writer holds
  // a transaction open, so a session look-up or a pull never waits behind a push. An in-memory
  // database is private to its connection: there the writer reads too, through the queue.
  const reader = options.file === ':memory:' ? null : openReader(options.file, options.busyTimeoutMs ?? 5000);
  return new SqliteStore(db, reader);
}

function openReader(file: string, busyTimeoutMs: number): Database.Database {
  const db = new Database(file, { fileMustExist: true });
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  // Reads only; the setting matters for nothing it does, but no connection of the server runs below FULL.
  db.pragma('synchronous = FULL');
  return db;
}

class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly queue = new SerialQueue();
  private readonly statements = new Map<string, Database.Statement>();
  private closed = false;
  /**
   * The last serverSeq handed out in the open transaction (null: the counter row not read yet). The
   * BEGIN IMMEDIATE write lock and the queue make this transaction the only writer until COMMIT.
   */
  private txSeq: number | null = null;

  private readonly queries = sqliteQueries();
  private readonly readStatements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly reader: Database.Database | null,
  ) {}

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

  /** Runs a compiled read on the read connection. */
  private readExec<R>(q: CompiledQuery): R[] {
    return this.rst(q.sql).all(...(q.parameters as unknown[])) as R[];
  }

  /** Every write goes through the queue: see SerialQueue for why. */
  private run<T>(fn: () => T): Promise<T> {
    return this.queue.run(fn);
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

  transaction<T>(fn: (tx: StoreTx) => Promise<T>, _options?: { lock?: LockTiming }): Promise<T> {
    // The lock timing is PostgreSQL's matter: here BEGIN IMMEDIATE and the queue make this transaction
    // the only writer from its start, so what it reads stays current until COMMIT.
    return this.queue.run(async () => {
      // IMMEDIATE takes the write lock now, so another process (the CLI) cannot make us fail at COMMIT.
      this.db.exec('BEGIN IMMEDIATE');
      this.txSeq = null;
      try {
        const result = await fn(this.txApi());
        // The serverSeq counter is read once per transaction and written back once, before COMMIT.
        if (this.txSeq !== null) this.st("UPDATE counters SET value = ? WHERE name = 'server_seq'").run(this.txSeq);
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      } finally {
        this.txSeq = null;
      }
    });
  }

  private txApi(): StoreTx {
    return {
      getRecord: async (entity, id) => this.readRecord(entity, id),
      putRecord: async (record) => this.writeRecord(record),
      getAppliedResult: async (clientId, seq) => this.readApplied(clientId, seq),
      getAppliedChange: async (clientId, seq) => this.readAppliedChange(clientId, seq),
      recordApplied: async (clientId, seq, result, at, mark) => this.writeApplied(clientId, seq, result, at, mark),
      appendAudit: async (entry) => this.writeAudit(entry),
      linkCaseStep: async (caseId, stepId, arrived) => {
        this.st('INSERT OR IGNORE INTO case_steps (case_id, step_id, arrived) VALUES (?, ?, ?)').run(caseId, stepId, arrived);
      },
      listCaseSteps: async (caseId) =>
        (
          this.st(
            "SELECT r.* FROM case_steps c JOIN records r ON r.entity = 'caseStep' AND r.id = c.step_id WHERE c.case_id = ? ORDER BY c.arrived",
          ).all(caseId) as SqlRecord[]
        ).map(toRecord),
      resolveAreaQueueItem: async (id, code, by, at) => sqliteResolveAreaQueueItem(this.db, id, code, by, at),
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
      runCompiled: async (q) => this.exec<Record<string, unknown>>(q),
    };
  }

  private readRecords(keys: readonly RecordKey[], exec: (q: CompiledQuery) => SqlRecord[]): StoredRecord[] {
    return keyGroups(keys).flatMap((g) => exec(selectRecords(this.queries, g.entity, g.ids)).map(toRecord));
  }

  private readRecord(entity: string, id: string): StoredRecord | null {
    const row = this.st('SELECT * FROM records WHERE entity = ? AND id = ?').get(entity, id) as SqlRecord | undefined;
    return row ? toRecord(row) : null;
  }

  private writeRecord(r: RecordWrite): StoredRecord {
    // The counter row hands out each serverSeq once, in commit order: one writer at a time (SPEC L2).
    this.txSeq ??= (this.st("SELECT value FROM counters WHERE name = 'server_seq'").get() as { value: number }).value;
    const seq = ++this.txSeq;
    const kept = this.st(
      `INSERT INTO records (entity, id, township, version, fields, field_versions, field_stamps, server_seq, created_by, updated_by,
         origin_client, created_at, updated_at, deleted, id_hmac)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (entity, id) DO UPDATE SET township = excluded.township, version = excluded.version, fields = excluded.fields,
         field_versions = excluded.field_versions, field_stamps = excluded.field_stamps, server_seq = excluded.server_seq,
         updated_by = excluded.updated_by, origin_client = excluded.origin_client, updated_at = excluded.updated_at,
         deleted = excluded.deleted, id_hmac = excluded.id_hmac
       RETURNING created_by, created_at`,
    ).get(
      r.entity, r.id, r.township, r.version, JSON.stringify(r.fields), JSON.stringify(r.fieldVersions), JSON.stringify(r.fieldStamps),
      seq, r.createdBy, r.updatedBy, r.originClient, r.updatedAt, r.updatedAt, r.deleted ? 1 : 0, r.idHmac,
    ) as { created_by: string | null; created_at: string };
    // What was just written, from the values in hand (no read-back and re-parse); an existing row keeps
    // its createdBy and createdAt.
    return {
      entity: r.entity, id: r.id, township: r.township, version: r.version, fields: r.fields, fieldVersions: r.fieldVersions,
      fieldStamps: r.fieldStamps, serverSeq: seq, createdBy: kept.created_by, updatedBy: r.updatedBy, originClient: r.originClient,
      createdAt: kept.created_at, updatedAt: r.updatedAt, deleted: r.deleted, idHmac: r.idHmac,
    };
  }

  private readApplied(clientId: string, seq: number): ChangeResult | null {
    const row = this.st('SELECT result FROM applied_changes WHERE client_id = ? AND seq = ?').get(clientId, seq) as { result: string } | undefined;
    return row ? parseResult(row.result) : null;
  }

  private readAppliedChange(clientId: string, seq: number): AppliedChange | null {
    const row = this.st('SELECT result, user_id, content_hash FROM applied_changes WHERE client_id = ? AND seq = ?').get(clientId, seq) as
      | { result: string; user_id: string | null; content_hash: string | null }
      | undefined;
    return row ? { result: parseResult(row.result), userId: row.user_id, contentHash: row.content_hash } : null;
  }

  private writeApplied(clientId: string, seq: number, result: ChangeResult, at: string, mark?: AppliedMark): boolean {
    const info = this.st(
      'INSERT INTO applied_changes (client_id, seq, result, applied_at, user_id, content_hash) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ).run(clientId, seq, JSON.stringify(result), at, mark?.userId ?? null, mark?.contentHash ?? null);
    return info.changes === 1;
  }

  private writeAudit(e: AuditInput): void {
    this.st('INSERT INTO audit_log (at, user_id, device_id, township, action, entity, record_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      e.at, e.userId, e.deviceId, e.township, e.action, e.entity ?? null, e.recordId ?? null, e.detail == null ? null : JSON.stringify(e.detail),
    );
  }

  ping(): Promise<void> {
    return this.read(() => void this.rst('SELECT 1').get());
  }

  close(): Promise<void> {
    return this.queue.run(() => {
      if (this.closed) return;
      this.closed = true;
      this.reader?.close();
      this.db.close();
    });
  }

  getServerSecret(name: string): Promise<string> {
    return this.read(() => {
      const row = this.rst('SELECT value FROM server_secrets WHERE name = ?').get(name) as { value: string } | undefined;
      if (!row) throw new Error(`server secret ${name} is missing`);
      return row.value;
    });
  }

  createUser(u: UserRow): Promise<UserRow> {
    return this.run(() => {
      try {
        this.db.transaction(() => {
          this.st(
            `INSERT INTO users (id, username, display_name, role, township, county, password_hash, unlock_secret, disabled, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(u.id, u.username, u.displayName, u.role, u.township, u.county, u.passwordHash, u.unlockSecret, u.disabled ? 1 : 0, u.createdAt);
          this.openArea(u, u.createdAt);
        }).immediate();
      } catch (err) {
        if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new StoreConflictError(`user ${u.username} exists`);
        throw err;
      }
      return toUser(this.st('SELECT * FROM users WHERE id = ?').get(u.id) as SqlUser);
    });
  }

  getUserById(id: string): Promise<UserRow | null> {
    return this.read(() => {
      const row = this.rst('SELECT * FROM users WHERE id = ?').get(id) as SqlUser | undefined;
      return row ? toUser(row) : null;
    });
  }

  getUserByUsername(username: string): Promise<UserRow | null> {
    return this.read(() => {
      const row = this.rst('SELECT * FROM users WHERE username = ?').get(username) as SqlUser | undefined;
      return row ? toUser(row) : null;
    });
  }

  listUsers(filter: { county?: string } = {}): Promise<UserRow[]> {
    return this.read(() => {
      const rows = (filter.county !== undefined
        ? this.rst('SELECT * FROM users WHERE county = ? ORDER BY username').all(filter.county)
        : this.rst('SELECT * FROM users ORDER BY username').all()) as SqlUser[];
      return rows.map(toUser);
    });
  }

  updateUser(id: string, patch: UserPatch): Promise<UserRow | null> {
    return this.run(() => {
      this.writeUserPatch(id, patch);
      const row = this.st('SELECT * FROM users WHERE id = ?').get(id) as SqlUser | undefined;
      return row ? toUser(row) : null;
    });
  }

  private writeUserPatch(id: string, patch: UserPatch): void {
    const cols: Record<string, unknown> = {
      display_name: patch.displayName, role: patch.role, township: patch.township, county: patch.county,
      password_hash: patch.passwordHash, disabled: patch.disabled === undefined ? undefined : patch.disabled ? 1 : 0,
    };
    const set = Object.entries(cols).filter(([, v]) => v !== undefined);
    if (set.length) {
      this.db.prepare(`UPDATE users SET ${set.map(([k]) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...set.map(([, v]) => v), id);
    }
  }

  // ---------------------------------------------------------------- accounts (issue 10 §7)

  private openArea(u: UserRow, at: string): void {
    this.st('INSERT INTO account_areas (user_id, role, township, county, from_at, until_at) VALUES (?, ?, ?, ?, ?, NULL)').run(
      u.id, u.role, u.township, u.county, at,
    );
  }

  changeAccount(id: string, change: AccountChange) {
    return this.run(() =>
      // IMMEDIATE: the last-administrator check and the write happen under one write lock, so two
      // administrators demoting each other at once cannot both succeed (nor can the CLI beside the server).
      this.db.transaction(() => {
        const row = this.st('SELECT * FROM users WHERE id = ?').get(id) as SqlUser | undefined;
        if (!row) return null;
        const before = toUser(row);
        this.writeUserPatch(id, change.patch);
        const user = toUser(this.st('SELECT * FROM users WHERE id = ?').get(id) as SqlUser);
        if (change.keepAnAdmin) {
          const admins = (this.st("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled = 0").get() as { n: number }).n;
          if (admins === 0) throw new LastAdminError();
        }
        if (areaChanged(before, user)) {
          this.st('UPDATE account_areas SET until_at = ? WHERE user_id = ? AND until_at IS NULL').run(change.at, id);
          this.openArea(user, change.at);
        }
        const endedSessions = change.endSessions ? this.st('DELETE FROM sessions WHERE user_id = ?').run(id).changes : 0;
        return { user, endedSessions };
      }).immediate(),
    );
  }

  deleteUserSessions(userId: string) {
    return this.run(() => this.st('DELETE FROM sessions WHERE user_id = ?').run(userId).changes);
  }

  listAccountAreas(userId: string) {
    return this.read(() =>
      (this.rst('SELECT * FROM account_areas WHERE user_id = ? ORDER BY id').all(userId) as SqlAccountArea[]).map(toAccountArea),
    );
  }

  countUsers(): Promise<number> {
    return this.read(() => (this.rst('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n);
  }

  // tablet health reports (sqlite-tablet-health.ts)
  readonly schemaName = null;

  queryCompiled(q: CompiledQuery) {
    return this.read(() => this.readExec<Record<string, unknown>>(q));
  }

  putTabletHealth(report: TabletHealthRecord) {
    return this.run(() => sqlitePutTabletHealth(this.db, report));
  }

  listTabletHealth(filter?: { userIds?: string[] }) {
    return this.run(() => sqliteListTabletHealth(this.db, filter));
  }

  // divisions (sqlite-divisions.ts)
  listDivisions() {
    return this.read(() => sqliteListDivisions(this.reader ?? this.db));
  }

  getDivision(code: string) {
    return this.read(() => sqliteGetDivision(this.reader ?? this.db, code));
  }

  addDivisions(rows: DivisionInsert[]) {
    return this.run(() => sqliteAddDivisions(this.db, rows));
  }

  renameDivision(code: string, name: string, at: string) {
    return this.run(() => sqliteRenameDivision(this.db, code, name, at));
  }

  retireDivision(code: string, successorCode: string, at: string) {
    return this.run(() => sqliteRetireDivision(this.db, code, successorCode, at));
  }

  listAreaQueue(filter?: { open?: boolean }) {
    return this.read(() => sqliteListAreaQueue(this.reader ?? this.db, filter));
  }

  getAreaQueueItem(id: number) {
    return this.read(() => sqliteGetAreaQueueItem(this.reader ?? this.db, id));
  }

  upsertDevice(d: { id: string; userId: string; name: string | null; lastSeen: string }) {
    return this.bindClient({ ...d, tabletId: null }).then((o) => o.device);
  }

  // ---------------------------------------------------------------- client binding (SPEC A4–A5)

  bindClient(c: { id: string; userId: string; name: string | null; tabletId: string | null; lastSeen: string }): Promise<BindClientOutcome> {
    return this.run(() => {
      // One statement: the WHERE on the update is what keeps a client id with its first account.
      this.st(
        `INSERT INTO devices (id, user_id, name, revoked, last_seen, tablet_id) VALUES (?, ?, ?, 0, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = COALESCE(excluded.name, devices.name), last_seen = excluded.last_seen,
           tablet_id = COALESCE(excluded.tablet_id, devices.tablet_id)
         WHERE devices.user_id = excluded.user_id`,
      ).run(c.id, c.userId, c.name, c.lastSeen, c.tabletId);
      const device = toDevice(this.st('SELECT * FROM devices WHERE id = ?').get(c.id) as SqlDevice);
      return { bound: device.userId === c.userId, device };
    });
  }

  moveSession(tokenHash: string, deviceId: string): Promise<void> {
    return this.run(() => void this.st('UPDATE sessions SET device_id = ? WHERE token_hash = ?').run(deviceId, tokenHash));
  }

  // ----------------------------------------------------------------

  getDevice(id: string) {
    return this.read(() => {
      const row = this.rst('SELECT * FROM devices WHERE id = ?').get(id) as SqlDevice | undefined;
      return row ? toDevice(row) : null;
    });
  }

  listDevices(filter: { userIds?: string[] } = {}) {
    return this.read(() => {
      const ids = filter.userIds;
      if (ids && ids.length === 0) return [];
      const rows = (ids
        ? (this.reader ?? this.db).prepare(`SELECT * FROM devices WHERE user_id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`).all(...ids)
        : this.rst('SELECT * FROM devices ORDER BY id').all()) as SqlDevice[];
      return rows.map(toDevice);
    });
  }

  setDeviceRevoked(id: string, revoked: boolean) {
    return this.run(() => this.st('UPDATE devices SET revoked = ? WHERE id = ?').run(revoked ? 1 : 0, id).changes === 1);
  }

  touchDevice(id: string, at: string): Promise<void> {
    return this.run(() => void this.st('UPDATE devices SET last_seen = ? WHERE id = ?').run(at, id));
  }

  createSession(s: SessionRow): Promise<void> {
    return this.run(
      () => void this.st('INSERT INTO sessions (token_hash, user_id, device_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?)').run(
        s.tokenHash, s.userId, s.deviceId, s.expiresAt, s.createdAt,
      ),
    );
  }

  getSession(tokenHash: string) {
    return this.read(() => {
      const row = this.rst('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as SqlSession | undefined;
      return row ? toSession(row) : null;
    });
  }

  deleteSession(tokenHash: string): Promise<void> {
    return this.run(() => void this.st('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash));
  }

  deleteExpiredSessions(before: string) {
    return this.run(() => this.st('DELETE FROM sessions WHERE expires_at < ?').run(before).changes);
  }

  getRecord(entity: string, id: string) {
    return this.read(() => {
      const row = this.rst('SELECT * FROM records WHERE entity = ? AND id = ?').get(entity, id) as SqlRecord | undefined;
      return row ? toRecord(row) : null;
    });
  }

  getRecords(keys: readonly RecordKey[]) {
    return this.read(() => this.readRecords(keys, (q) => this.readExec<SqlRecord>(q)));
  }

  findRecordsByPeople(idHmacs: readonly string[]) {
    return this.read(() => {
      const seen = new Map<string, StoredRecord>();
      for (const c of chunks([...new Set(idHmacs)], 250)) {
        for (const r of this.readExec<SqlRecord>(selectRecordsByPeople(this.queries, c))) seen.set(recordKey(r.entity, r.id), toRecord(r));
      }
      return [...seen.values()].sort((a, b) => a.serverSeq - b.serverSeq);
    });
  }

  sharedPeople(idHmacs: readonly string[]) {
    return this.read(() => {
      const out = new Set<string>();
      for (const c of chunks([...new Set(idHmacs)], 250)) for (const r of this.readExec<{ k: string }>(selectSharedPeople(this.queries, c))) out.add(r.k);
      return out;
    });
  }

  findReliefByHouseholds(householdIds: readonly string[]) {
    return this.read(() =>
      chunks([...new Set(householdIds)]).flatMap((c) => this.readExec<SqlRecord>(selectReliefByHouseholds(this.queries, c)).map(toRecord)).sort((a, b) => a.serverSeq - b.serverSeq),
    );
  }

  replacePersonKeysMany(entries: readonly { entity: string; recordId: string; idHmacs: readonly string[] }[]) {
    return this.run(() => {
      // One SQLite transaction (one fsync) for the whole batch: a reader never sees a record's keys half replaced.
      this.db.transaction(() => {
        const byEntity = new Map<string, string[]>();
        for (const e of entries) byEntity.set(e.entity, [...(byEntity.get(e.entity) ?? []), e.recordId]);
        for (const [entity, ids] of byEntity) for (const c of chunks(ids)) this.exec(deletePersonKeys(this.queries, entity, c));
        const rows = entries.flatMap((e) => [...new Set(e.idHmacs)].map((h) => ({ entity: e.entity, record_id: e.recordId, id_hmac: h })));
        for (const c of chunks(rows)) this.exec(insertPersonKeys(this.queries, c));
      }).immediate();
    });
  }

  pullRecords(q: { since: number; limit: number; scope: RecordScope }) {
    return this.read(() => {
      const params: unknown[] = [q.since];
      const cond = scopeCondition(q.scope, (v) => (params.push(v), '?'));
      params.push(q.limit);
      const rows = (this.reader ?? this.db).prepare(`SELECT * FROM records WHERE server_seq > ? AND ${cond} ORDER BY server_seq LIMIT ?`).all(...params) as SqlRecord[];
      return rows.map(toRecord);
    });
  }

  listRecords(q: ListRecordsQuery) {
    return this.read(() => {
      const params: unknown[] = [];
      const cond = listRecordsCondition(q, (v) => (params.push(v), '?'));
      params.push(q.limit);
      const rows = (this.reader ?? this.db).prepare(`SELECT * FROM records WHERE ${cond} ORDER BY server_seq LIMIT ?`).all(...params) as SqlRecord[];
      return rows.map(toRecord);
    });
  }

  findRecordsByIdHmac(idHmac: string) {
    return this.read(() => (this.rst('SELECT * FROM records WHERE id_hmac = ? ORDER BY server_seq').all(idHmac) as SqlRecord[]).map(toRecord));
  }

  replacePersonKeys(entity: string, recordId: string, idHmacs: readonly string[]) {
    return this.run(() => {
      // One SQLite transaction: a reader never sees a record's keys half replaced.
      this.db.transaction(() => {
        this.st('DELETE FROM person_keys WHERE entity = ? AND record_id = ?').run(entity, recordId);
        const add = this.st('INSERT OR IGNORE INTO person_keys (entity, record_id, id_hmac) VALUES (?, ?, ?)');
        for (const h of idHmacs) add.run(entity, recordId, h);
      })();
    });
  }

  findRecordsByPersonKey(idHmac: string) {
    return this.read(() =>
      (
        this.rst(
          'SELECT r.* FROM person_keys p JOIN records r ON r.entity = p.entity AND r.id = p.record_id WHERE p.id_hmac = ? ORDER BY r.server_seq',
        ).all(idHmac) as SqlRecord[]
      ).map(toRecord),
    );
  }

  countAppliedChanges(clientId?: string) {
    return this.read(() =>
      clientId === undefined
        ? (this.rst('SELECT COUNT(*) AS n FROM applied_changes').get() as { n: number }).n
        : (this.rst('SELECT COUNT(*) AS n FROM applied_changes WHERE client_id = ?').get(clientId) as { n: number }).n,
    );
  }

  // ---- attachments, visible by (area, hash) (SPEC T3)

  missingAttachments(township: string, hashes: string[]) {
    return this.read(() => {
      const has = this.rst('SELECT 1 FROM attachments WHERE township = ? AND sha256 = ?');
      return [...new Set(hashes)].filter((h) => !has.get(township, h));
    });
  }

  putAttachment(a: AttachmentRow) {
    return this.run(
      () =>
        this.st(
          `INSERT INTO attachments (township, sha256, bytes, size, content_type, record_id, uploaded_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        ).run(a.township, a.sha256, a.bytes, a.size, a.contentType, a.recordId, a.uploadedBy, a.createdAt).changes === 1,
    );
  }

  getAttachment(township: string, sha256: string) {
    return this.read(() => {
      const row = this.rst('SELECT * FROM attachments WHERE township = ? AND sha256 = ?').get(township, sha256) as SqlAttachment | undefined;
      return row ? toAttachment(row) : null;
    });
  }

  getAttachmentMeta(township: string, sha256: string) {
    return this.read(() => {
      const row = this.rst(
        'SELECT sha256, size, content_type, record_id, township, uploaded_by, created_at FROM attachments WHERE township = ? AND sha256 = ?',
      ).get(township, sha256) as SqlAttachment | undefined;
      return row ? toAttachmentMeta(row) : null;
    });
  }

  attachmentTownships(sha256: string) {
    return this.read(() =>
      (this.rst('SELECT township FROM attachments WHERE sha256 = ? ORDER BY township').all(sha256) as { township: string }[]).map((r) => r.township),
    );
  }

  appendAudit(entry: AuditInput): Promise<void> {
    return this.run(() => this.writeAudit(entry));
  }

  listAudit(f: AuditFilter) {
    return this.read(() => {
      const params: unknown[] = [];
      const cond = auditCondition(f, (v) => (params.push(v), '?'));
      params.push(f.limit);
      return ((this.reader ?? this.db).prepare(`SELECT * FROM audit_log_areas WHERE ${cond} ORDER BY id DESC LIMIT ?`).all(...params) as SqlAudit[]).map(toAudit);
    });
  }
}
