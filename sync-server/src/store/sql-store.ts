import type { CompiledQuery, Expression } from 'kysely';
import type { Division } from '../../../src/shared/schema/division';
import type { AreaQueueItem, DivisionInsert } from './division-store';
import * as account from './queries/account-queries';
import {
  chunks, deletePersonKeys, insertAudits, insertPersonKeys, keyGroups, packed, recordKey, selectRecords, selectRecordsByPeople, selectReliefByHouseholds, selectSharedPeople,
  selectStamps, STAMP_KEYS,
} from './queries/batch-queries';
import * as division from './queries/division-queries';
import type { QueryDialect } from './queries/query-builder';
import * as record from './queries/record-queries';
import * as health from './queries/tablet-health-queries';
import type { Row, RowMappers } from './rows';
import {
  areaChanged, LastAdminError, StoreConflictError,
  type AccountAreaRow, type AccountChange, type AttachmentMeta, type AttachmentRow, type AuditFilter, type AuditInput, type AuditRow,
  type BindClientOutcome, type DeviceRow, type ReadStamps, type ListRecordsQuery, type PullRow, type RecordKey, type RecordScope, type RecordWrite, type SessionRow, type StoredRecord,
  type StoreTx, type UserPatch, type UserRow, type PersonKeysEntry,
} from './store';
import type { TabletHealthRecord } from './tablet-health-store';
import { groupCaseFiles, type CaseFile } from './case-files-store';
import { selectCases, selectCaseSteps } from './queries/case-file-queries';
import type { HandoverKeyRecord } from './handover-key-store';
import { insertHandoverKey, selectHandoverKeys } from './queries/handover-key-queries';

/** The rows of selectStamps (queries/batch-queries.ts), in their order, added to `into`. */
export function stampsOf(rows: readonly Row[], into: ReadStamps = { seqs: new Map(), steps: new Map() }): ReadStamps {
  for (const r of rows) {
    if (r.kind === 'r') into.seqs.set(recordKey(String(r.entity), String(r.id)), Number(r.server_seq));
    else {
      const caseId = String(r.case_id);
      const steps = into.steps.get(caseId) ?? [];
      steps.push({ id: String(r.id), serverSeq: Number(r.server_seq) });
      into.steps.set(caseId, steps);
    }
  }
  return into;
}

/** Runs compiled queries (queries/*.ts) on a connection of the store. */
export interface SqlExec {
  /** The rows of a statement: a read, or a write with RETURNING. */
  rows(q: CompiledQuery): Promise<Row[]>;
  /** Runs a write; how many rows it changed. */
  count(q: CompiledQuery): Promise<number>;
}

/**
 * Every Store method that is a query and nothing else, written once for both stores (issue 14). What the
 * stores truly do differently is theirs: where a read runs (SQLite: its own connection, so a session
 * look-up never waits behind a push), how several statements become one transaction and what lock it
 * holds, what a unique-constraint failure looks like, and how a driver hands values back (RowMappers).
 * The record-writing transaction (`transaction`, serverSeq assignment, the serialising lock) stays in
 * each store.
 *
 * A new sub-store (as tablet-health-store.ts): its interface in <topic>-store.ts, added to Store; its
 * queries once in queries/<topic>-queries.ts (tables typed in queries/tables.ts); its methods here, on
 * `reads`, `writes` or `inTransaction`; a new row type's mapping in rows.ts. The earlier way still
 * works unchanged: functions in sqlite-<topic>.ts taking the SQLite store's `db` (called through its
 * `run` or `read`) and in postgres-<topic>.ts taking the PostgreSQL store's `pool` and `t`, with a
 * one-line method in each store.
 */
export abstract class SqlStore {
  protected abstract readonly queries: QueryDialect;
  protected abstract readonly rows: RowMappers;
  /** Reads of what is committed. */
  protected abstract readonly reads: SqlExec;
  /** One write statement on its own (autocommit). */
  protected abstract readonly writes: SqlExec;
  /**
   * Several statements in one transaction, all or nothing. `lock` names a lock that serialises these
   * transactions across processes (PostgreSQL: an advisory lock; SQLite's BEGIN IMMEDIATE is one already).
   */
  protected abstract inTransaction<T>(fn: (ex: SqlExec) => Promise<T>, lock?: 'accounts'): Promise<T>;
  /** A unique (or other) constraint refused the write. */
  protected abstract isConflict(err: unknown): boolean;

  private async first<T>(ex: SqlExec, q: CompiledQuery, map: (r: Row) => T): Promise<T | null> {
    const [row] = await ex.rows(q);
    return row ? map(row) : null;
  }

  private async all<T>(ex: SqlExec, q: CompiledQuery, map: (r: Row) => T): Promise<T[]> {
    return (await ex.rows(q)).map(map);
  }

  private async n(ex: SqlExec, q: CompiledQuery): Promise<number> {
    const [row] = await ex.rows(q);
    return Number(row!.n);
  }

  async getServerSecret(name: string): Promise<string> {
    const [row] = await this.reads.rows(account.selectServerSecret(this.queries, name));
    if (!row) throw new Error(`server secret ${name} is missing`);
    return row.value as string;
  }

  // ---------------------------------------------------------------- users and accounts (issue 10 §7)

  async createUser(u: UserRow): Promise<UserRow> {
    try {
      // The account and its first area, together.
      return await this.inTransaction(async (ex) => {
        const [row] = await ex.rows(account.insertUser(this.queries, u));
        await ex.count(account.openAccountArea(this.queries, u, u.createdAt));
        return this.rows.toUser(row!);
      });
    } catch (err) {
      if (this.isConflict(err)) throw new StoreConflictError(`user ${u.username} exists`);
      throw err;
    }
  }

  getUserById(id: string): Promise<UserRow | null> {
    return this.first(this.reads, account.selectUserById(this.queries, id), this.rows.toUser);
  }

  getUserByUsername(username: string): Promise<UserRow | null> {
    return this.first(this.reads, account.selectUserByUsername(this.queries, username), this.rows.toUser);
  }

  listUsers(filter: { county?: string } = {}): Promise<UserRow[]> {
    return this.all(this.reads, account.selectUsers(this.queries, filter), this.rows.toUser);
  }

  countUsers(): Promise<number> {
    return this.n(this.reads, account.countUsers(this.queries));
  }

  updateUser(id: string, patch: UserPatch): Promise<UserRow | null> {
    const update = account.updateUser(this.queries, id, patch);
    return update ? this.first(this.writes, update, this.rows.toUser) : this.getUserById(id);
  }

  changeAccount(id: string, change: AccountChange): Promise<{ user: UserRow; endedSessions: number } | null> {
    const q = this.queries;
    // One account change at a time (the lock): two administrators demoting each other at once must not
    // both pass the last-administrator check.
    return this.inTransaction(async (ex) => {
      const before = await this.first(ex, account.selectUserById(q, id, true), this.rows.toUser);
      if (!before) return null;
      const update = account.updateUser(q, id, change.patch);
      const user = (await this.first(ex, update ?? account.selectUserById(q, id), this.rows.toUser))!;
      if (change.keepAnAdmin && (await this.n(ex, account.countEnabledAdmins(q))) === 0) throw new LastAdminError();
      if (areaChanged(before, user)) {
        await ex.count(account.closeAccountArea(q, id, change.at));
        await ex.count(account.openAccountArea(q, user, change.at));
      }
      const endedSessions = change.endSessions ? await ex.count(account.deleteUserSessions(q, id)) : 0;
      return { user, endedSessions };
    }, 'accounts');
  }

  deleteUserSessions(userId: string): Promise<number> {
    return this.writes.count(account.deleteUserSessions(this.queries, userId));
  }

  listAccountAreas(userId: string): Promise<AccountAreaRow[]> {
    return this.all(this.reads, account.selectAccountAreas(this.queries, userId), this.rows.toAccountArea);
  }

  // ---------------------------------------------------------------- client ids (SPEC A4–A5) and sessions

  async upsertDevice(d: { id: string; userId: string; name: string | null; lastSeen: string }): Promise<DeviceRow> {
    return (await this.bindClient({ ...d, tabletId: null })).device;
  }

  async bindClient(c: { id: string; userId: string; name: string | null; tabletId: string | null; lastSeen: string }): Promise<BindClientOutcome> {
    const written = await this.first(this.writes, account.bindClient(this.queries, c), this.rows.toDevice);
    if (written) return { bound: true, device: written };
    // Another account has it: the row as it stands.
    const device = (await this.getDevice(c.id))!;
    return { bound: device.userId === c.userId, device };
  }

  getDevice(id: string): Promise<DeviceRow | null> {
    return this.first(this.reads, account.selectDevice(this.queries, id), this.rows.toDevice);
  }

  async listDevices(filter: { userIds?: string[] } = {}): Promise<DeviceRow[]> {
    if (filter.userIds && filter.userIds.length === 0) return [];
    return this.all(this.reads, account.selectDevices(this.queries, filter.userIds), this.rows.toDevice);
  }

  async setDeviceRevoked(id: string, revoked: boolean): Promise<boolean> {
    return (await this.writes.count(account.setDeviceRevoked(this.queries, id, revoked))) === 1;
  }

  async touchDevice(id: string, at: string): Promise<void> {
    await this.writes.count(account.touchDevice(this.queries, id, at));
  }

  async moveSession(tokenHash: string, deviceId: string): Promise<void> {
    await this.writes.count(account.moveSession(this.queries, tokenHash, deviceId));
  }

  async createSession(s: SessionRow): Promise<void> {
    await this.writes.count(account.insertSession(this.queries, s));
  }

  getSession(tokenHash: string): Promise<SessionRow | null> {
    return this.first(this.reads, account.selectSession(this.queries, tokenHash), this.rows.toSession);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.writes.count(account.deleteSession(this.queries, tokenHash));
  }

  deleteExpiredSessions(before: string): Promise<number> {
    return this.writes.count(account.deleteExpiredSessions(this.queries, before));
  }

  // ---------------------------------------------------------------- records (reads) and person keys

  getRecord(entity: string, id: string): Promise<StoredRecord | null> {
    return this.first(this.reads, record.selectRecord(this.queries, entity, id), this.rows.toRecord);
  }

  /** One statement, one snapshot; with serverSeqs visible in commit order (the stores' transaction) no row is skipped. */
  pullRecords(p: { since: number; limit: number; scope: RecordScope }): Promise<PullRow[]> {
    return this.all(this.reads, record.selectPull(this.queries, p), this.rows.toPullRow);
  }

  listRecords(l: ListRecordsQuery): Promise<StoredRecord[]> {
    return this.all(this.reads, record.selectRecordList(this.queries, l), this.rows.toRecord);
  }

  findRecordsByIdHmac(idHmac: string): Promise<StoredRecord[]> {
    return this.all(this.reads, record.selectRecordsByIdHmac(this.queries, idHmac), this.rows.toRecord);
  }

  findRecordsByPersonKey(idHmac: string): Promise<StoredRecord[]> {
    return this.all(this.reads, record.selectRecordsByPersonKey(this.queries, idHmac), this.rows.toRecord);
  }

  async getRecords(keys: readonly RecordKey[]): Promise<StoredRecord[]> {
    const out: StoredRecord[] = [];
    for (const g of keyGroups(keys)) out.push(...(await this.all(this.reads, selectRecords(this.queries, g.entity, g.ids), this.rows.toRecord)));
    return out;
  }

  async findRecordsByPeople(idHmacs: readonly string[]): Promise<StoredRecord[]> {
    const seen = new Map<string, StoredRecord>();
    for (const c of chunks([...new Set(idHmacs)], 250)) {
      for (const r of await this.all(this.reads, selectRecordsByPeople(this.queries, c), this.rows.toRecord)) seen.set(recordKey(r.entity, r.id), r);
    }
    return [...seen.values()].sort((a, b) => a.serverSeq - b.serverSeq);
  }

  async sharedPeople(idHmacs: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const c of chunks([...new Set(idHmacs)], 250)) for (const r of await this.reads.rows(selectSharedPeople(this.queries, c))) out.add(r.k as string);
    return out;
  }

  async findReliefByHouseholds(householdIds: readonly string[]): Promise<StoredRecord[]> {
    const out: StoredRecord[] = [];
    for (const c of chunks([...new Set(householdIds)])) out.push(...(await this.all(this.reads, selectReliefByHouseholds(this.queries, c), this.rows.toRecord)));
    return out.sort((a, b) => a.serverSeq - b.serverSeq);
  }

  replacePersonKeys(entity: string, recordId: string, idHmacs: readonly string[]): Promise<void> {
    return this.replacePersonKeysMany([{ entity, recordId, idHmacs }]);
  }

  async replacePersonKeysMany(entries: readonly PersonKeysEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // One transaction for the batch: a reader never sees a record's keys half replaced.
    await this.inTransaction((ex) => this.writePersonKeys(ex, entries));
  }

  /** The statements of replacePersonKeysMany, inside whichever transaction `ex` runs in. */
  private async writePersonKeys(ex: SqlExec, given: readonly PersonKeysEntry[]): Promise<void> {
    // One entry per record, with the keys of all its entries (as the primary key made it before migration
    // 015; SQLite's table has no unique key since), fresh only if every entry for it says so.
    const byRecord = new Map<string, PersonKeysEntry>();
    for (const e of given) {
      const k = recordKey(e.entity, e.recordId);
      const before = byRecord.get(k);
      byRecord.set(k, before ? { ...e, idHmacs: [...before.idHmacs, ...e.idHmacs], fresh: Boolean(before.fresh && e.fresh) } : e);
    }
    const entries = [...byRecord.values()];
    const byEntity = new Map<string, string[]>();
    for (const e of entries) {
      if (e.fresh) continue;
      const ids = byEntity.get(e.entity);
      if (ids) ids.push(e.recordId);
      else byEntity.set(e.entity, [e.recordId]);
    }
    for (const [entity, ids] of byEntity) for (const c of chunks(ids)) await ex.count(deletePersonKeys(this.queries, entity, c));
    const rows = entries.flatMap((e) => [...new Set(e.idHmacs)].map((h) => ({ entity: e.entity, record_id: e.recordId, id_hmac: h })));
    for (const c of chunks(rows)) await ex.count(insertPersonKeys(this.queries, c));
  }

  countAppliedChanges(clientId?: string): Promise<number> {
    return this.n(this.reads, record.countAppliedChanges(this.queries, clientId));
  }

  // ---------------------------------------------------------------- attachments, by (area, hash) (SPEC T3)

  async missingAttachments(township: string, hashes: string[]): Promise<string[]> {
    const unique = [...new Set(hashes)];
    const have = new Set<string>();
    for (const c of chunks(unique)) for (const r of await this.reads.rows(record.selectAttachmentHashes(this.queries, township, c))) have.add(r.sha256 as string);
    return unique.filter((h) => !have.has(h));
  }

  async putAttachment(a: AttachmentRow): Promise<boolean> {
    return (await this.writes.count(record.insertAttachment(this.queries, a))) === 1;
  }

  getAttachment(township: string, sha256: string): Promise<AttachmentRow | null> {
    return this.first(this.reads, record.selectAttachment(this.queries, township, sha256, true), this.rows.toAttachment);
  }

  getAttachmentMeta(township: string, sha256: string): Promise<AttachmentMeta | null> {
    return this.first(this.reads, record.selectAttachment(this.queries, township, sha256, false), this.rows.toAttachmentMeta);
  }

  async attachmentTownships(sha256: string): Promise<string[]> {
    return (await this.reads.rows(record.selectAttachmentTownships(this.queries, sha256))).map((r) => r.township as string);
  }

  // ---------------------------------------------------------------- audit

  async appendAudit(entry: AuditInput): Promise<void> {
    await this.writes.count(insertAudits(this.queries, [entry]));
  }

  listAudit(f: AuditFilter): Promise<AuditRow[]> {
    return this.all(this.reads, record.selectAudit(this.queries, f), this.rows.toAudit);
  }

  // ---------------------------------------------------------------- divisions (DivisionStore, issue 10)

  listDivisions(): Promise<Division[]> {
    return this.all(this.reads, division.selectDivisions(this.queries), this.rows.toDivision);
  }

  getDivision(code: string): Promise<Division | null> {
    return this.first(this.reads, division.selectDivision(this.queries, code), this.rows.toDivision);
  }

  async addDivisions(rows: DivisionInsert[]): Promise<Division[]> {
    await this.inTransaction(async (ex) => {
      for (const r of rows) {
        try {
          await ex.count(division.insertDivision(this.queries, r));
        } catch (err) {
          if (this.isConflict(err)) throw new StoreConflictError(`division ${r.code} (${r.name}) exists`);
          throw err;
        }
      }
    });
    const out: Division[] = [];
    for (const r of rows) out.push((await this.getDivision(r.code))!);
    return out;
  }

  async renameDivision(code: string, name: string, at: string): Promise<Division | null> {
    try {
      await this.writes.count(division.renameDivision(this.queries, code, name, at));
    } catch (err) {
      if (this.isConflict(err)) throw new StoreConflictError(`name ${name} is taken`);
      throw err;
    }
    return this.getDivision(code);
  }

  async retireDivision(code: string, successorCode: string, at: string): Promise<Division | null> {
    await this.writes.count(division.retireDivision(this.queries, code, successorCode, at));
    return this.getDivision(code);
  }

  listAreaQueue(filter: { open?: boolean } = {}): Promise<AreaQueueItem[]> {
    return this.all(this.reads, division.selectAreaQueue(this.queries, filter), this.rows.toQueueItem);
  }

  getAreaQueueItem(id: number): Promise<AreaQueueItem | null> {
    return this.first(this.reads, division.selectAreaQueueItem(this.queries, id), this.rows.toQueueItem);
  }


  // ---------------------------------------------------------------- inside a record transaction (StoreTx)

  /**
   * The record transaction's one-row operations, written once. The store supplies what is its own:
   * `ex` runs on the transaction's connection, `beforeWrite` takes the serialising lock where it is not
   * held from BEGIN (PostgreSQL), `rowLock` says whether a read should lock its row, and `nextSeq` gives
   * the next serverSeq (SQLite: the counter row, in hand; PostgreSQL: the sequence, in the statement).
   */
  protected txOps(
    ex: SqlExec,
    o: { beforeWrite(): Promise<void>; rowLock(): boolean; nextSeq(): number | Expression<number> },
  ): Pick<StoreTx, 'getRecord' | 'putRecord' | 'getAppliedResult' | 'getAppliedChange' | 'recordApplied' | 'appendAudit' | 'linkCaseStep' | 'listCaseSteps' | 'resolveAreaQueueItem' | 'replacePersonKeysMany' | 'runCompiled' | 'readStamps'> {
    const q = this.queries;
    const appliedChange = async (clientId: string, seq: number) => {
      const [row] = await ex.rows(record.selectAppliedChange(q, clientId, seq));
      return row ? { result: this.rows.toResult(row.result), userId: (row.user_id as string | null) ?? null, contentHash: (row.content_hash as string | null) ?? null } : null;
    };
    return {
      // A sub-store's own compiled statement in this transaction (issue 16: dashboard/counted-queries.ts).
      runCompiled: async (c) => {
        await o.beforeWrite();
        return ex.rows(c);
      },
      readStamps: async (keys, caseIds) => {
        const stamps: ReadStamps = { seqs: new Map(), steps: new Map() };
        // Usually one statement; a batch reading more than STAMP_KEYS records (or CHUNK cases) takes more.
        const groups = packed(keyGroups(keys), STAMP_KEYS);
        const cases = chunks([...new Set(caseIds)]);
        for (let i = 0; i < Math.max(groups.length, cases.length); i++) stampsOf(await ex.rows(selectStamps(q, groups[i] ?? [], cases[i] ?? [])), stamps);
        return stamps;
      },
      // A push's households indexed in its own commit (issue 14, SPEC I1).
      replacePersonKeysMany: async (entries) => {
        if (entries.length === 0) return;
        await o.beforeWrite();
        await this.writePersonKeys(ex, entries);
      },
      // Before the lock (a batch merging outside it) a plain read: the batch checks it under the lock.
      getRecord: (entity, id) => this.first(ex, record.selectRecord(q, entity, id, o.rowLock()), this.rows.toRecord),
      putRecord: async (r: RecordWrite) => {
        await o.beforeWrite();
        const [kept] = await ex.rows(record.upsertRecord(q, r, o.nextSeq()));
        // What was just written, from the values in hand (no JSON back over the wire and re-parsed); the
        // database gave the serverSeq, an existing row's createdBy and createdAt, and the times as it keeps them.
        return this.rows.toWritten(r, kept!);
      },
      getAppliedResult: async (clientId, seq) => (await appliedChange(clientId, seq))?.result ?? null,
      getAppliedChange: appliedChange,
      recordApplied: async (clientId, seq, result, at, mark) => {
        await o.beforeWrite();
        // The primary key decides (SPEC P2): a second writer of the same pair inserts nothing, and its caller rolls back.
        return (await ex.count(record.insertAppliedChange(q, clientId, seq, result, at, mark))) === 1;
      },
      appendAudit: async (entry) => {
        await o.beforeWrite();
        await ex.count(insertAudits(q, [entry]));
      },
      linkCaseStep: async (caseId, stepId, arrived) => {
        await o.beforeWrite();
        await ex.count(record.insertCaseStep(q, caseId, stepId, arrived));
      },
      listCaseSteps: (caseId) => this.all(ex, record.selectCaseSteps(q, caseId), this.rows.toRecord),
      resolveAreaQueueItem: async (id, code, by, at) => {
        await o.beforeWrite();
        const item = await this.first(ex, division.resolveAreaQueueItem(q, id, code, by, at), this.rows.toQueueItem);
        if (!item) return false;
        if (item.kind === 'attachment' && item.sha256) await ex.count(division.moveAttachmentArea(q, item.sha256, item.writtenTownship, code));
        if (item.kind === 'audit' && item.auditId !== null) await ex.count(division.insertAuditArea(q, item.auditId, code));
        return true;
      },
    };
  }

  // ---------------------------------------------------------------- tablet health (TabletHealthStore, SPEC H1–H5)

  async putTabletHealth(report: TabletHealthRecord): Promise<void> {
    await this.writes.count(health.upsertTabletHealth(this.queries, report));
  }

  async listTabletHealth(filter: { userIds?: string[] } = {}): Promise<TabletHealthRecord[]> {
    if (filter.userIds && filter.userIds.length === 0) return [];
    return this.all(this.reads, health.selectTabletHealth(this.queries, filter.userIds), this.rows.toTabletHealth);
  }

  /**
   * The county's cases with their steps (issue 15). Two reads: a case committed between them has no
   * steps yet in this answer and a step whose case is not in it is left out (groupCaseFiles), so the
   * page is at worst a moment old, never inconsistent.
   */
  async listCaseFiles(townships: readonly string[] | null): Promise<CaseFile[]> {
    const cases = await this.all(this.reads, selectCases(this.queries, townships), this.rows.toRecord);
    const steps = await this.all(this.reads, selectCaseSteps(this.queries, townships), (r) => ({ ...this.rows.toRecord(r), caseId: String(r.case_ref) }));
    return groupCaseFiles(cases, steps);
  }

  /** SPEC F4: stored unless (client, account, key id) is there already; true when stored. */
  async putHandoverKey(key: HandoverKeyRecord): Promise<boolean> {
    return (await this.writes.count(insertHandoverKey(this.queries, key))) === 1;
  }

  listHandoverKeys(clientId: string, userId: string): Promise<HandoverKeyRecord[]> {
    return this.all(this.reads, selectHandoverKeys(this.queries, clientId, userId), this.rows.toHandoverKey);
  }

  /** A sub-store's own compiled read of what is committed (issue 16: dashboard/counted-queries.ts). */
  queryCompiled(c: CompiledQuery): Promise<Row[]> {
    return this.reads.rows(c);
  }
}
