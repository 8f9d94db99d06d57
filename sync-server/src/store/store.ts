import type { ChangeResult, Role } from '../../../src/shared/protocol/messages';
import type { FieldStamp } from '../../../src/shared/rules/merge';
import type { AreaQueueTx, DivisionStore } from './division-store';
import type { TabletHealthStore } from './tablet-health-store';
import type { CaseFilesStore } from './case-files-store';
import type { HandoverKeyStore } from './handover-key-store';
import type { CompiledQuery } from 'kysely';

/**
 * The storage contract of the sync server. Two implementations (SQLite, PostgreSQL) pass the one
 * contract suite in test/contract/store-contract.ts (STYLE habit 7).
 *
 * Times cross this interface as ISO-8601 strings; JSON columns as parsed values.
 */

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  township: string | null;
  county: string | null;
  passwordHash: string;
  /** Released at each online login; the tablet mixes it into its local key (messages.ts LoginResponse). */
  unlockSecret: string;
  disabled: boolean;
  createdAt: string;
}

export type NewUser = UserRow;

export interface UserPatch {
  displayName?: string;
  role?: Role;
  township?: string | null;
  county?: string | null;
  passwordHash?: string;
  disabled?: boolean;
}

/** One area an account held (issue 10 §7, SPEC A8): server times; `until` null for the current one. */
export interface AccountAreaRow {
  userId: string;
  role: Role;
  township: string | null;
  county: string | null;
  from: string;
  until: string | null;
}

/** An administrator's change to an account, applied by Store.changeAccount in one transaction. */
export interface AccountChange {
  patch: UserPatch;
  /** Server time: closes the old area and opens the new one in account_areas. */
  at: string;
  /** Delete every session of the account too (a password, role or area change, or disabling: SPEC A7). */
  endSessions: boolean;
  /** Refuse with LastAdminError when no enabled administrator would be left. */
  keepAnAdmin: boolean;
}

export interface DeviceRow {
  /** A client id: one per worker database on a tablet (a shared tablet has one per account). */
  id: string;
  /** The account that first used this client id; it never moves to another (SPEC A4). */
  userId: string;
  name: string | null;
  revoked: boolean;
  lastSeen: string | null;
  /** The physical tablet's own id, when the login sent one (SPEC A4); absent otherwise. */
  tabletId?: string;
}

export interface SessionRow {
  /** SHA-256 of the bearer token: the token itself is never stored. */
  tokenHash: string;
  userId: string;
  deviceId: string;
  expiresAt: string;
  createdAt: string;
}

export interface StoredRecord {
  entity: string;
  id: string;
  township: string | null;
  version: number;
  fields: Record<string, unknown>;
  fieldVersions: Record<string, number>;
  fieldStamps: Record<string, FieldStamp>;
  /** Strictly increasing over all writes: the pull cursor (SPEC L2). */
  serverSeq: number;
  createdBy: string | null;
  updatedBy: string | null;
  /** The device whose write produced this exact state; null when the server merged (SPEC L3). */
  originClient: string | null;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
  /** Keyed HMAC of the head's ID number (privacy.md §4), never the number itself. */
  idHmac: string | null;
}

/**
 * A record as a pull sends it (SPEC L1–L3): without the field versions and stamps, which a pull never
 * sends, so a page of 1000 rows does not read and parse them (issue 18). The fields as JSON text, exactly
 * as JSON.stringify writes them: SQLite's stored text (written by JSON.stringify), not parsed to be
 * written again (issue 18, fourteenth session).
 */
export type PullRow = Pick<StoredRecord, 'entity' | 'id' | 'township' | 'version' | 'serverSeq' | 'updatedBy' | 'originClient' | 'updatedAt' | 'deleted'> & {
  fieldsJson: string;
};

/** What a writer supplies; the store assigns serverSeq (and keeps createdBy/createdAt of an existing row). */
export type RecordWrite = Omit<StoredRecord, 'serverSeq' | 'createdAt'>;

export interface AttachmentRow {
  sha256: string;
  bytes: Buffer;
  size: number;
  contentType: string;
  recordId: string | null;
  /**
   * The area the bytes belong to (SPEC T3): the uploader's township, or the one an administrator named.
   * Attachments are visible by (area, hash): the same bytes uploaded by two areas are two rows.
   */
  township: string;
  uploadedBy: string | null;
  createdAt: string;
}

export type AttachmentMeta = Omit<AttachmentRow, 'bytes'>;

/** An audit entry. `detail` never holds personal values (privacy.md §6): names of fields, counts, codes. */
export interface AuditInput {
  at: string;
  userId: string | null;
  deviceId: string | null;
  township: string | null;
  action: string;
  entity?: string | null;
  recordId?: string | null;
  detail?: Record<string, unknown> | null;
}

export interface AuditRow extends Required<AuditInput> {
  id: number;
}

export interface AuditFilter {
  action?: string;
  userId?: string;
  township?: string;
  /** Restrict to these townships (a supervisor's county); entries with no township are excluded. */
  townships?: string[];
  entity?: string;
  recordId?: string;
  since?: string;
  until?: string;
  /** Entries with id below this (paging newest first). */
  beforeId?: number;
  limit: number;
}

/** Which records an account may read (SPEC L1). */
export type RecordScope =
  | { kind: 'all' }
  /** Records of these townships, plus records with no township (reference data for everyone). */
  | { kind: 'townships'; townships: string[] };

export interface ListRecordsQuery {
  entity?: string;
  /** null: every township (admins); otherwise only these. */
  townships: string[] | null;
  /** With `townships`: also records with no township (reference data such as events). */
  includeNoTownship?: boolean;
  afterSeq?: number;
  limit: number;
}

/** Who applied a (client id, seq) and what it said (SPEC P8). */
export interface AppliedMark {
  userId: string;
  /** Null only for marks migration 003 found an owner for but no content (SPEC P8). */
  contentHash: string | null;
}

/** A stored (client id, seq) mark. userId and contentHash are null for marks written before migration 003. */
export interface AppliedChange {
  result: ChangeResult;
  userId: string | null;
  contentHash: string | null;
}

/** What binding a client id to an account found (SPEC A4). */
export type BindClientOutcome = { bound: true; device: DeviceRow } | { bound: false; device: DeviceRow };

/** A record's key. */
export interface RecordKey {
  entity: string;
  id: string;
}

/** One (clientId, seq) mark of a batch, written with the others in one statement (SPEC P2, P8). */
export interface AppliedInsert {
  seq: number;
  result: ChangeResult;
  mark?: AppliedMark;
}

/**
 * When a record-writing transaction takes the serialising lock (PostgreSQL; SQLite's one writer holds
 * its lock from BEGIN IMMEDIATE either way). 'first': at BEGIN, reads are current until COMMIT.
 * 'beforeWrite': at the first write, so reading and merging run outside it (issue 14); the caller
 * must check with `readStamps` (or in `writeBatch`) that what it read is unchanged once the lock is held.
 */
/** The person index of one record (migration 006): the HMAC of every ID number it names. */
export interface PersonKeysEntry {
  entity: string;
  recordId: string;
  idHmacs: readonly string[];
  /**
   * The record was absent when this transaction read it (a push's new household): it has no keys yet,
   * so its old keys are not deleted first (issue 14: one DELETE per push saved). Only a caller that
   * read the record inside the writing transaction (or checked it under the lock, L5) may say so.
   */
  fresh?: boolean;
}

/** What a batch read, to look at again under the lock (Store.readStamps' arguments). */
export interface StampKeys {
  keys: readonly RecordKey[];
  caseIds: readonly string[];
}

/** Store.readStamps: what a batch's reads look like now. */
export interface ReadStamps {
  seqs: Map<string, number>;
  steps: Map<string, { id: string; serverSeq: number }[]>;
}

/**
 * A push batch's writes (issue 14), in the order they apply: its (clientId, seq) marks (fewer new than
 * given: someone else applied one, the caller rolls back), its records (the next serverSeqs, in this order,
 * SPEC L2), its audit entries, its records' person keys, statements of sub-stores that only add rows
 * (`also`, e.g. the counter's marks), and its steps linked to their cases with their records' serverSeqs.
 */
export interface BatchWrite {
  clientId: string;
  marks: readonly AppliedInsert[];
  at: string;
  records: readonly RecordWrite[];
  audits: readonly AuditInput[];
  personKeys: readonly PersonKeysEntry[];
  /** Asked for once the lock is held (the counter's marks ask for a count after the commit: D9). */
  also: () => readonly CompiledQuery[];
  links: readonly { caseId: string; stepId: string }[];
  /** What the store built for these writes before the lock (StoreTx.prepareBatch); opaque to the caller. */
  prepared?: unknown;
}

export type LockTiming = 'first' | 'beforeWrite';

export interface TransactionOptions {
  lock?: LockTiming;
  /**
   * May share its commit with other grouped transactions (SPEC I4: a push); `expected` says how many
   * such callers there are now (pushes holding a slot), so the group may wait briefly for those on their way.
   */
  group?: boolean | { expected(): number };
}

export interface CommitStats {
  /** COMMITs of record-writing transactions (Store.transaction). */
  commits: number;
  /** Store.transaction calls those commits made durable: more than `commits` when groups shared one. */
  transactions: number;
  /** Wall time those COMMITs took, in ms (SQLite: the event loop waits for the fsync), for the bench. */
  commitMs?: number;
}

/** Operations inside one write transaction (SPEC P4). Only these may be called inside `transaction`. */
export interface StoreTx extends AreaQueueTx {
  // Batch operations (issue 14): one statement per kind and batch.
  /** The records of these keys that exist (any order). */
  getRecords(keys: readonly RecordKey[]): Promise<StoredRecord[]>;
  /** The serverSeq of each of these keys that exists, keyed `entity\u0000id`: to see whether a read is still current. */
  recordSeqs(keys: readonly RecordKey[]): Promise<Map<string, number>>;
  /**
   * In one statement (issue 14: one round trip under the lock): the serverSeq of each of these keys that
   * exists, keyed `entity\u0000id`, and the steps of each of these cases in arrival order (listCaseSteps,
   * `id` and `serverSeq` only; a case without steps is absent). What a batch merged outside the lock
   * checks once it holds it (SPEC L5, K5).
   */
  readStamps(keys: readonly RecordKey[], caseIds: readonly string[]): Promise<ReadStamps>;
  /**
   * Optional: a batch's writes (BatchWrite) sent together where the store can (PostgreSQL: one statement,
   * one round trip under the lock instead of one per kind), with `check`'s stamps (readStamps) read in the
   * same statement before any of its writes. `marked`: how many marks were new, as recordAppliedMany.
   * The caller compares the stamps with what it read and, when they differ, throws: its rollback undoes
   * the writes. A store without it is written through the one-kind operations (batch-write.ts).
   */
  writeBatch?(w: BatchWrite, check: StampKeys | null): Promise<{ marked: number; stamps: ReadStamps | null }>;
  /**
   * Optional, with writeBatch: `w` with what writeBatch will send for it built — the rows' JSON and
   * arrays, Node's work — asked for before lockForWrite, so that a transaction that takes the lock (a
   * group's first push) does not build them under it (issue 14, eleventh session). writeBatch then adds
   * only the reads to check and the sub-stores' rows (twelfth: the statement's text is one per schema).
   */
  prepareBatch?(w: BatchWrite): BatchWrite;
  /** The marks of these seqs of one client id. */
  getAppliedChanges(clientId: string, seqs: readonly number[]): Promise<Map<number, AppliedChange>>;
  /**
   * Takes the serialising lock if this transaction does not hold it yet (no-op where it is held from
   * BEGIN). Every write below takes it too; call it first to check reads before writing. True when it
   * was taken just now: what was read before may have changed since (check it with readStamps, or in writeBatch).
   */
  lockForWrite(): Promise<boolean>;
  /** Inserts or replaces the records, giving them the next serverSeqs in this order (SPEC L2). */
  putRecords(records: readonly RecordWrite[]): Promise<void>;
  /** Marks the seqs applied; returns how many were new (fewer than given: someone else applied one, roll back). */
  recordAppliedMany(clientId: string, rows: readonly AppliedInsert[], at: string): Promise<number>;
  appendAudits(entries: readonly AuditInput[]): Promise<void>;
  /** Store.replacePersonKeysMany inside this transaction (issue 14: a push's households indexed in its own commit). */
  replacePersonKeysMany(entries: readonly PersonKeysEntry[]): Promise<void>;

  getRecord(entity: string, id: string): Promise<StoredRecord | null>;
  /** Inserts or replaces the record and gives it the next serverSeq. */
  putRecord(record: RecordWrite): Promise<StoredRecord>;
  getAppliedResult(clientId: string, seq: number): Promise<ChangeResult | null>;
  /** The mark of (clientId, seq) with who wrote it and its content hash (SPEC P8), or null. */
  getAppliedChange(clientId: string, seq: number): Promise<AppliedChange | null>;
  /**
   * Marks (clientId, seq) applied with its result (SPEC P2), and with the writing account and the
   * change's content hash when given (SPEC P8). Returns false when the pair already existed (the
   * primary key said no): the caller must roll back, because someone else applied it.
   */
  recordApplied(clientId: string, seq: number, result: ChangeResult, at: string, mark?: AppliedMark): Promise<boolean>;
  appendAudit(entry: AuditInput): Promise<void>;
  /**
   * Indexes a case step under its case (issue 15, migration 008) with the serverSeq of its first write,
   * the order it arrived in. Idempotent: a step already indexed keeps its first arrival.
   */
  linkCaseStep(caseId: string, stepId: string, arrived: number): Promise<void>;
  /** The step records of a case, in the order they arrived (linkCaseStep). */
  listCaseSteps(caseId: string): Promise<StoredRecord[]>;
  /** Runs a compiled query of a sub-store written with Kysely (e.g. dashboard/counted-queries.ts) in this transaction: its rows. */
  runCompiled(q: CompiledQuery): Promise<Record<string, unknown>[]>;
}

/**
 * The reads a push's merge makes (SPEC L5): in its writing transaction, or outside it (Store.mergeReads),
 * where the batch checks them all under the lock before it writes (sync/batch-tx.ts).
 */
export type MergeReads = Pick<StoreTx, 'getRecords' | 'getRecord' | 'listCaseSteps' | 'getAppliedChanges'>;

export interface Store extends DivisionStore, TabletHealthStore, CaseFilesStore, HandoverKeyStore {
  readonly kind: 'sqlite' | 'postgres';
  /** The PostgreSQL schema its tables live in (null on SQLite), for sub-stores that compile their own queries. */
  readonly schemaName: string | null;
  /** Runs a compiled read of a sub-store on committed data (SQLite: the read connection): its rows. */
  queryCompiled(q: CompiledQuery): Promise<Record<string, unknown>[]>;

  /**
   * Runs `fn` in one transaction that writes records (SPEC P4): all or nothing. Transactions of one
   * store never interleave with each other; in PostgreSQL, serverSeq values become visible in commit
   * order across processes. Never call other Store methods from inside `fn` (use `tx`).
   * `group` (SPEC I4, a push): `fn` may run inside a savepoint of one transaction shared with other
   * grouped calls waiting at the same time, one after another, with one commit for all; it hears its
   * result only after that commit, and its failure rolls back its savepoint alone.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * SPEC L5, I4: reads of committed data outside any transaction, for a push to read and merge before it
   * joins its group, so the group's serialising lock is held for writes only (PostgreSQL: any pool
   * connection, READ COMMITTED, no lock). The batch checks every read under the lock before writing.
   * Null where a push merges inside its writing transaction (SQLite: one writer, which holds its lock
   * from BEGIN IMMEDIATE, so nothing could be checked there).
   */
  mergeReads(): MergeReads | null;
  /** Commits of record-writing transactions so far, and the transactions they committed (a group commits many at once: SPEC I4). */
  commitStats(): CommitStats;

  ping(): Promise<void>;
  close(): Promise<void>;
  /** A server secret created by the first migration (e.g. 'id_hmac'). */
  getServerSecret(name: string): Promise<string>;

  // users
  /** Throws StoreConflictError when the username is taken. Also opens the account's first area (from createdAt). */
  createUser(user: NewUser): Promise<UserRow>;
  getUserById(id: string): Promise<UserRow | null>;
  getUserByUsername(username: string): Promise<UserRow | null>;
  listUsers(filter?: { county?: string }): Promise<UserRow[]>;
  updateUser(id: string, patch: UserPatch): Promise<UserRow | null>;
  countUsers(): Promise<number>;

  // accounts (issue 10 §7): changes that end sessions, and the areas an account has held
  /**
   * Applies `change.patch`; when role, township or county differ, closes the account's current area and
   * opens the new one at `change.at`; deletes the sessions when asked. All or nothing. Null: no account.
   */
  changeAccount(id: string, change: AccountChange): Promise<{ user: UserRow; endedSessions: number } | null>;
  /** Ends every session of the account on every device; returns how many. */
  deleteUserSessions(userId: string): Promise<number>;
  /** The areas the account has held, oldest first; the current one last (until null). */
  listAccountAreas(userId: string): Promise<AccountAreaRow[]>;

  // devices
  /**
   * Registers a device for `userId`, or refreshes its name (if given) and last_seen when `userId`
   * already owns it. A device owned by another account is left as it is and returned (SPEC A4: a client
   * id never moves between accounts). Keeps `revoked`.
   */
  upsertDevice(device: { id: string; userId: string; name: string | null; lastSeen: string }): Promise<DeviceRow>;
  getDevice(id: string): Promise<DeviceRow | null>;
  listDevices(filter?: { userIds?: string[] }): Promise<DeviceRow[]>;
  setDeviceRevoked(id: string, revoked: boolean): Promise<boolean>;
  touchDevice(id: string, at: string): Promise<void>;

  // client binding (SPEC A4–A5)
  /**
   * Binds client id `id` to `userId` if nobody has it, in one statement; refreshes name, tablet id and
   * last_seen when `userId` already has it. `bound: false` when another account has it: nothing changes.
   */
  bindClient(client: { id: string; userId: string; name: string | null; tabletId: string | null; lastSeen: string }): Promise<BindClientOutcome>;
  /** Moves a session to another client id of the same account (after the tablet moved to a fresh one). */
  moveSession(tokenHash: string, deviceId: string): Promise<void>;

  // sessions
  createSession(session: SessionRow): Promise<void>;
  getSession(tokenHash: string): Promise<SessionRow | null>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteExpiredSessions(before: string): Promise<number>;

  // records (reads)
  getRecord(entity: string, id: string): Promise<StoredRecord | null>;
  /** Records with serverSeq > since visible in `scope`, ordered by serverSeq, at most `limit`. */
  pullRecords(query: { since: number; limit: number; scope: RecordScope }): Promise<PullRow[]>;
  listRecords(query: ListRecordsQuery): Promise<StoredRecord[]>;
  findRecordsByIdHmac(idHmac: string): Promise<StoredRecord[]>;
  /** Records of these keys that exist (outside a transaction: what is committed). */
  getRecords(keys: readonly RecordKey[]): Promise<StoredRecord[]>;
  /**
   * Records naming any of these people (ID-number HMACs): by their head (records.id_hmac) or any
   * member (person keys), deleted ones too, each record once, by serverSeq. Flag detection (issue 14).
   */
  findRecordsByPeople(idHmacs: readonly string[]): Promise<StoredRecord[]>;
  /** Which of these people (ID-number HMACs) more than one record names, by head or person key. */
  sharedPeople(idHmacs: readonly string[]): Promise<Set<string>>;
  /** Relief hand-outs naming any of these households (fields.householdId), through its index (migration 007). */
  findReliefByHouseholds(householdIds: readonly string[]): Promise<StoredRecord[]>;
  /** replacePersonKeys for many records in one transaction. */
  replacePersonKeysMany(entries: readonly PersonKeysEntry[]): Promise<void>;
  /**
   * The people a record names (its head's and members' ID-number HMACs), replacing what was there:
   * the index the duplicate check searches (issue 13 item 2). Idempotent; an empty list clears it.
   */
  replacePersonKeys(entity: string, recordId: string, idHmacs: readonly string[]): Promise<void>;
  /** Records whose person keys include `idHmac` (deleted ones too: the caller decides), by serverSeq. */
  findRecordsByPersonKey(idHmac: string): Promise<StoredRecord[]>;
  countAppliedChanges(clientId?: string): Promise<number>;

  // attachments, visible by (area, hash) (SPEC T2, T3)
  /** Which of the hashes this area lacks: another area's bytes are never named. */
  missingAttachments(township: string, hashes: string[]): Promise<string[]>;
  /** Stores the bytes under (area, hash); false when that area has them already (idempotent, SPEC T2). */
  putAttachment(attachment: AttachmentRow): Promise<boolean>;
  getAttachment(township: string, sha256: string): Promise<AttachmentRow | null>;
  getAttachmentMeta(township: string, sha256: string): Promise<AttachmentMeta | null>;
  /** The areas holding these bytes (to find one a supervisor or administrator may read). */
  attachmentTownships(sha256: string): Promise<string[]>;

  // audit
  appendAudit(entry: AuditInput): Promise<void>;
  /** Newest first. `township` is the row's area code (release-1 rows: through audit_areas, migration 002). */
  listAudit(filter: AuditFilter): Promise<AuditRow[]>;
}

/** Store.changeAccount refused: the change would leave no enabled administrator. Nothing was written. */
export class LastAdminError extends Error {
  constructor() {
    super('no enabled administrator would be left');
    this.name = 'LastAdminError';
  }
}

/** Whether a change of account moves it to another area (a role change counts: it changes the scope). */
export function areaChanged(before: UserRow, after: UserRow): boolean {
  return before.role !== after.role || before.township !== after.township || before.county !== after.county;
}

/** A unique constraint said no (e.g. a taken username). */
export class StoreConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreConflictError';
  }
}
