import Dexie, { type Table } from 'dexie';
import type { RecordSyncState } from './contracts';
import type { FieldEntity } from '../shared/protocol/entities';
import type { Sealed } from '../security/seal';
import { dexieOptions, type DbEnv } from './db-env';
import { watchConnection } from './db-lifecycle';
import { digestLogMiddleware, type DigestLog } from './digest-log';
import { nameKeyOrderMiddleware, TEXT_ENTRIES, type StoredNameKey, type TextNameKey } from './name-key-order';

export interface Rejection {
  code: string;
  issues?: { path: string; message: string }[];
}

/**
 * A field record (household, survey, relief). The index fields are in clear because the screens filter
 * by them and they identify nobody; names, ID numbers, phones, health and notes are only in `sealed`.
 */
export interface RecordRow {
  id: string;
  entity: FieldEntity;
  /** Bumped on every write of this row: the decrypted cache compares it ([id+rev] index). */
  rev: number;
  eventId?: string;
  shelterSiteId?: string;
  placement?: string;
  checkInAt?: string;
  /** 0 | 1: IndexedDB cannot index booleans. */
  checkedOut: 0 | 1;
  damageLevel?: string;
  membersCount?: number;
  /**
   * A relief-correction's hand-out (a record id, identifies nobody; not indexed): the purge keeps a
   * correction and its hand-out together without the keys (SPEC R7).
   */
  originalId?: string;
  /** Keyed HMACs of every ID number in the record (multi-entry index). */
  idHmacs: string[];
  /**
   * The name index (SPEC N1–N8, multi-entry): keyed tokens of the two-character pieces of the names,
   * the village and the names' pinyin initials. Absent on rows saved before version 2 until the
   * backfill after unlock (name-index-backfill.ts). Stored (N8, version 5) as [token, updatedAt in ms]
   * pairs of numbers, made by the middleware of name-key-order.ts from whatever tokens a writer gives.
   */
  nameKeys?: StoredNameKey[];
  /** The record's fields as the worker last saved them (AAD: the record id). */
  sealed: Sealed;
  /** The fields as last known on the server at `version` (null before the first sync). */
  sealedServer: Sealed | null;
  formVersion: number;
  /** The last server version whose content this tablet knows (0: never on the server). */
  version: number;
  syncState: RecordSyncState;
  rejection: Rejection | null;
  /** For a 'conflict' record: the server version of the conflicted merge (its echo keeps the flag). */
  conflictVersion?: number;
  /**
   * SPEC L7: after a 'merged' or 'conflict' answer, the server version it named, whose content this
   * tablet has not pulled yet (`version` stays the last one it knows). A pulled version below it is
   * older than what the server told us and is never written over the row. Not indexed (no schema change).
   */
  awaitedVersion?: number;
  /**
   * SPEC L8: the newest server version a pull left alone for this record's queued change (L4), with its
   * serverSeq, when newer than what the row knew. The answer to that change sets the cursor back before
   * it if the answer did not bring that version (another tab pulled between the server's commit and the
   * answer's write). Not indexed (no schema change).
   */
  skippedEcho?: { version: number; serverSeq: number };
  updatedAt: string;
  syncedAt: string | null;
}

/** One save, waiting to be pushed (rule P1). Rows are never edited except state/baseVersion. */
export interface OutboxRow {
  /** Auto-increment: IndexedDB never reuses a generated key, so seq is unique for this database. */
  seq?: number;
  entity: FieldEntity;
  id: string;
  baseVersion: number;
  /**
   * Rows written before SPEC O1 only: the change's fields, sealed on their own (AAD: the record id).
   * Newer rows derive them (outboxChangeFields in outbox-change.ts); read the change through it.
   */
  sealed?: Sealed;
  /** The whole record after this save, the same ciphertext as RecordRow.sealed at the time. */
  sealedSnapshot: Sealed;
  /**
   * O1: the server copy this save was edited from, the same ciphertext as RecordRow.sealedServer at the
   * time (null: never on the server). Absent on rows written before O1 (they have `sealed`).
   */
  sealedBase?: Sealed | null;
  /** O1: the top-level field names this save changed against the previous local save, and any affirmed (C6). Names only, no values. */
  changed?: string[];
  formVersion: number;
  changedAt: string;
  state: 'queued' | 'rejected';
  rejection?: Rejection;
  /** Approximate JSON size of the change, for batching and progress without decrypting. */
  bytes: number;
  /** The worker's township when saving (SPEC A8); absent on rows saved by older releases. Not indexed. */
  township?: string;
}

export interface ReferenceRow {
  entity: string;
  id: string;
  version: number;
  township: string | null;
  fields: Record<string, unknown>;
  updatedAt: string;
  serverSeq: number;
}

export interface MetaRow {
  /**
   * nameIndex: 'pending' while rows lack `nameKeys` (N5: saved before version 2, or whose entries were
   * dropped); else 'converting' while rows of version 4 hold text entries (N9). One row, so a search reads
   * the index's state in one request. digestLog: the list digest's write log (SPEC N11, digest-log.ts).
   */
  key: 'clientId' | 'cursor' | 'lastSyncedAt' | 'nameIndex' | 'digestLog';
  value: string | number | DigestLog;
}

export interface AttachmentRow {
  sha256: string;
  recordId: string;
  contentType: string;
  size: number;
  /** The bytes, sealed (AAD: the hash). */
  sealed: Sealed;
  uploaded: 0 | 1;
  createdAt: string;
}

/**
 * A row of `digest` (SPEC N11, digest-parts.ts): a part of the list digest's sealed copy, its entries sealed
 * (AAD `digest:<part>`); or, at part -1, the mark every delete of records changes (no key needed).
 */
export type DigestPartRow = { part: number; sealed: Sealed } | { part: -1; deletes: string };

/**
 * `tidemark-u-<userId>`: one database per worker, so workers sharing a tablet never see each other's
 * rows (and logging out deletes nothing).
 *
 * Migrations: never edit a released version. Add
 *   this.version(2).stores({ records: '...new index list...' }).upgrade(async (tx) => { ... });
 * listing only changed tables. Upgrades run inside the versionchange transaction, so they cannot call
 * WebCrypto (the transaction would commit while awaiting it): a change to sealed contents must be done
 * lazily after opening (re-seal on next save), not in `upgrade`.
 * Never delete and recreate `outbox`: that resets the auto-increment and would reuse seq numbers
 * under the same clientId (rule P2). If it must happen, rotate `meta.clientId` in the same upgrade.
 */
export class UserDb extends Dexie {
  records!: Table<RecordRow, string>;
  outbox!: Table<OutboxRow, number>;
  reference!: Table<ReferenceRow, [string, string]>;
  meta!: Table<MetaRow, MetaRow['key']>;
  attachments!: Table<AttachmentRow, string>;
  /** The list digest's sealed copy (SPEC N11, version 6): DIGEST_PARTS rows at most. */
  digest!: Table<DigestPartRow, number>;

  constructor(name: string, env: DbEnv = {}) {
    super(name, dexieOptions(env));
    this.version(1).stores({
      records: 'id, entity, eventId, shelterSiteId, checkInAt, syncState, *idHmacs, [id+rev]',
      outbox: '++seq, id, [state+seq]',
      reference: '[entity+id], entity',
      meta: 'key',
      attachments: 'sha256, recordId, uploaded',
    });
    // Version 2: the name index (SPEC N1). Its tokens need the lookup key, which an upgrade cannot use
    // (see above): the upgrade only notes that older rows lack them; the backfill after unlock adds them.
    this.version(2)
      .stores({ records: 'id, entity, eventId, shelterSiteId, checkInAt, syncState, *idHmacs, [id+rev], *nameKeys' })
      .upgrade(async (tx) => {
        if ((await tx.table('records').count()) > 0) await tx.table('meta').put({ key: 'nameIndex', value: 'pending' });
      });
    // Version 3: the name index gains three-letter pieces (SPEC N6). Rows indexed under version 2 lack
    // them, and a query of initials would miss those rows: the upgrade drops their index (no key needed)
    // and marks it pending, so the search reads the decrypted records until the backfill (N5) rebuilt it.
    this.version(3)
      .stores({})
      .upgrade(async (tx) => {
        const records = tx.table('records');
        if ((await records.count()) === 0) return;
        await records.toCollection().modify((r: { nameKeys?: unknown }) => {
          delete r.nameKeys;
        });
        await tx.table('meta').put({ key: 'nameIndex', value: 'pending' });
      });
    // Version 4: each name index entry becomes [token, updatedAt] (SPEC N8), so a search reads its
    // candidates in the list's order key-only. The tokens stay (no key needed): the upgrade pairs them
    // in place, and nothing is pending. From here every write is paired by the middleware.
    this.version(4)
      .stores({})
      .upgrade(async (tx) => {
        await tx
          .table('records')
          .filter((r: { nameKeys?: unknown }) => Array.isArray(r.nameKeys))
          .modify((r: { nameKeys: TextNameKey[]; updatedAt: string }) => {
            r.nameKeys = r.nameKeys.map((k) => [typeof k === 'string' ? k : k[0], r.updatedAt] as const);
          });
      });
    // Version 5: each entry becomes [the token as a 6-byte integer, updatedAt in ms] (SPEC N1, N8): the
    // index's text keys made most of a first sync's writes on disk (tablet-issue18.md, tenth session).
    // Lazily (N9): rewriting every row here held a tablet with data locked for minutes (104 s per 20,000
    // households on disk, inside this transaction, started over if interrupted). So the upgrade writes no
    // row and changes no index: both encodings live in the one `*nameKeys` index (a number key and a text
    // key never equal, so each range finds only its own), the search reads both while text entries remain,
    // and the conversion after unlock (name-index-numbers.ts) rewrites them in small transactions. Here
    // only whether any remain is noted (a key-only look at the index's text range, one entry), unless the
    // index is pending already: the search is then the decrypted one until the backfill, which runs after
    // the conversion, is done.
    this.version(5)
      .stores({})
      .upgrade(async (tx) => {
        if ((await tx.table('records').where('nameKeys').between(TEXT_ENTRIES[0], TEXT_ENTRIES[1]).limit(1).primaryKeys()).length === 0) return;
        if ((await tx.table('meta').get('nameIndex'))?.value !== 'pending') await tx.table('meta').put({ key: 'nameIndex', value: 'converting' });
      });
    // Version 6: the list digest's sealed copy (SPEC N11, digest-parts.ts), a cache of what the records
    // hold: the upgrade writes nothing (it cannot seal, see above); the first unlock after it fills it.
    this.version(6).stores({ digest: 'part' });
    this.use(nameKeyOrderMiddleware);
    this.use(digestLogMiddleware); // N11: every write of records names its ids in meta, in its transaction
    watchConnection(this); // another page's upgrade closes this one, with a notice (db-lifecycle.ts)
  }
}

/**
 * The per-database client id: the push `deviceId` (rule P2 is per (deviceId, seq)). Chosen once, when
 * the database is new; an existing one always wins, since its seq numbers belong to it.
 */
export async function ensureClientId(db: UserDb, choose: () => string): Promise<{ clientId: string; created: boolean }> {
  return db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get('clientId');
    if (row && typeof row.value === 'string') return { clientId: row.value, created: false };
    const clientId = choose();
    await db.meta.put({ key: 'clientId', value: clientId });
    return { clientId, created: true };
  });
}
