import Dexie, { type Table } from 'dexie';
import type { RecordSyncState } from './contracts';
import type { FieldEntity } from '../shared/protocol/entities';
import type { Sealed } from '../security/seal';
import { dexieOptions, type DbEnv } from './db-env';
import { watchConnection } from './db-lifecycle';
import { compactingLog, DIGEST_LOG_KEY, digestLogMiddleware, type DigestLog, type DigestLogNote, type DigestLogRow } from './digest-log';

export interface Rejection {
  code: string;
  issues?: { path: string; message: string }[];
}

/**
 * A field record (household, survey, relief). The fields the list reads are in clear because the screens
 * filter by them and they identify nobody; names, ID numbers, phones, health and notes are only in
 * `sealed`. Indexed (version 8): `entity`, `idHmacs`, `[id+rev]`; `eventId`, `shelterSiteId`, `checkInAt`
 * and `syncState` stay in the row, read by the list and the digest, but no query asks an index for them.
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
   * The retired name index (SPEC N1, version 2–6; dropped in version 7): rows written before version 7 may
   * still carry it, as dead weight no index reads. It goes at the row's next write: a save or a pull writes
   * a new row without it, and every other writer of a stored row (a push answer, a pull's note) drops it.
   */
  nameKeys?: unknown;
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
   * digestLog: what the list digest's write log last noted when emptied (SPEC N11, digest-log.ts; version
   * 7 held the whole log here, DigestLog, which version 8 moves into the `digestLog` table). (Versions
   * 2–6 also held `nameIndex`, the retired name index's state; version 7 deletes it.)
   */
  key: 'clientId' | 'cursor' | 'lastSyncedAt' | 'digestLog';
  value: string | number | DigestLogNote;
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
  /** The list digest's write log (SPEC N11, version 8): a row per write of records (digest-log.ts). */
  digestLog!: Table<DigestLogRow, number>;

  constructor(name: string, env: DbEnv = {}) {
    super(name, dexieOptions(env));
    this.version(1).stores({
      records: 'id, entity, eventId, shelterSiteId, checkInAt, syncState, *idHmacs, [id+rev]',
      outbox: '++seq, id, [state+seq]',
      reference: '[entity+id], entity',
      meta: 'key',
      attachments: 'sha256, recordId, uploaded',
    });
    // Versions 2–5: the name index (SPEC N1, N5, N6, N8, N9, retired in version 7). Their upgrades only
    // wrote `nameKeys` and `meta.nameIndex`, which version 7 drops: they are gone, so a database that old
    // opens as version 7 without rewriting its rows (version 3's and 4's upgrades rewrote every row).
    this.version(2).stores({ records: 'id, entity, eventId, shelterSiteId, checkInAt, syncState, *idHmacs, [id+rev], *nameKeys' });
    this.version(3).stores({});
    this.version(4).stores({});
    this.version(5).stores({});
    // Version 6: the list digest's sealed copy (SPEC N11, digest-parts.ts), a cache of what the records
    // hold: the upgrade writes nothing (it cannot seal, see above); the first unlock after it fills it.
    this.version(6).stores({ digest: 'part' });
    // Version 7: the name index dropped (SPEC N1 retired): searches answer from the list digest (N10), and
    // the index was ~16.7 of a row's ~28 index entries, most of a save's and a first sync's writes
    // (tablet-issue18.md). Deleting an index rewrites no row (the browser drops its entries); the rows keep
    // their `nameKeys` property until their next write (RecordRow.nameKeys). The index's state goes too.
    this.version(7)
      .stores({ records: 'id, entity, eventId, shelterSiteId, checkInAt, syncState, *idHmacs, [id+rev]' })
      .upgrade(async (tx) => {
        await tx.table('meta').delete('nameIndex');
      });
    // Version 8: the indexes of `records` no query reads dropped (eventId, shelterSiteId, checkInAt,
    // syncState: the list and the digest read them from the rows), a quarter of a row's index entries, paid
    // by every save and every pulled row (tablet-issue18.md, twentieth session); the rows keep the fields,
    // and deleting an index rewrites no row. And the list digest's write log moves from one `meta` row,
    // which every write of records read and wrote back grown, to a table a write adds a row to blindly
    // (N11, digest-log.ts): version 7's log becomes one row at its `seq` (which sets the key generator
    // past it) and a note of its parts, so a whole log stays whole.
    this.version(8)
      .stores({ records: 'id, entity, *idHmacs, [id+rev]', digestLog: '++seq' })
      .upgrade(async (tx) => {
        const old = (await tx.table('meta').get(DIGEST_LOG_KEY)) as { value: DigestLog } | undefined;
        if (!old) return;
        const row: DigestLogRow = { seq: old.value.seq, ids: old.value.ids };
        await tx.table('digestLog').add(row);
        if (old.value.parts) await tx.table('meta').put({ key: DIGEST_LOG_KEY, value: { seq: 0, parts: old.value.parts } satisfies DigestLogNote });
        else await tx.table('meta').delete(DIGEST_LOG_KEY);
      });
    // N11: every write of records adds its ids to the log, in its transaction; past a bound, compacted.
    this.use(digestLogMiddleware(compactingLog(this)));
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
