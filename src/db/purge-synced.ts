import { readCaseSurveyKeep } from './case-keep';
import { readDraftPointer } from './survey-draft-pointer';
import { mapStorageError } from './storage-errors';
import { deletePartsOf } from './digest-parts';
import { RELIEF_CORRECTION_ENTITY } from '../shared/schema/relief-correction';
import type { RecordRow, UserDb } from './user-db';

/** How long a record the server has confirmed stays on the tablet (privacy.md §5), unless configured. */
export const DEFAULT_PURGE_AFTER_DAYS = 30;
const DAY_MS = 86_400_000;
/** Rows per read-only transaction of the purge's scan. */
const SCAN_CHUNK = 500;

/**
 * A worker's case file stays on the tablet (issue 15): 我的案件 lists the township's cases with their
 * deadlines, and a review starts from the case's steps, which the server sends only once. The tablet
 * cannot tell an active case from a closed one without the keys, so it keeps them all; the last survey
 * of each active case the worker holds stays too (SPEC K22, case-keep.ts: the list the case work writes).
 */
const NEVER_PURGED: ReadonlySet<string> = new Set(['case', 'caseStep']);

export interface PurgeOptions {
  now: Date;
  /** Days after its last sync (and last change) a confirmed record leaves the tablet; not finite: never. */
  days: number;
  /** Records to keep whatever their age: the ones the worker opened in this session (see below). */
  keep?: ReadonlySet<string>;
}

/**
 * Removes from the tablet the records the server has confirmed, `days` after their last sync, with
 * their uploaded photos (privacy.md §5: a lost tablet holds as little as possible).
 * Only a record that is 'synced' AND has no outbox entry at all (queued or rejected) goes: unsynced
 * work, rejections awaiting correction and conflicts always stay. The check and the deletes run in
 * one transaction, so a save that queues a change meanwhile keeps its record.
 * A record the worker has open in a form is passed in `keep`: deleting it under the form would make
 * the next save a create with baseVersion 0 (it would merge on the server, but as a conflict).
 * The current survey draft stays too. A purged record comes back only if the server changes it again
 * (the pull cursor has passed it); the worker's supervisor can still read it on the server.
 * A relief hand-out and its voids and corrections leave together or not at all (SPEC R7); cases and
 * their steps never leave (NEVER_PURGED).
 */
export async function purgeSyncedRecords(db: UserDb, opts: PurgeOptions): Promise<{ purged: string[] }> {
  if (!Number.isFinite(opts.days) || opts.days < 0) return { purged: [] };
  const cutoff = new Date(opts.now.getTime() - opts.days * DAY_MS).toISOString();
  const draft = await readDraftPointer(db);
  // K22: the last survey of each active case this worker holds stays, so a review starts from it.
  const caseSurveys = await readCaseSurveyKeep(db);
  const eligible = (r: RecordRow | undefined): r is RecordRow =>
    !!r && r.syncState === 'synced' && !NEVER_PURGED.has(r.entity) && !!r.syncedAt && r.syncedAt < cutoff && r.updatedAt < cutoff && r.id !== draft && !caseSurveys.has(r.id) && !opts.keep?.has(r.id);
  try {
    // The scan reads every row: in read-only chunks, so the worker's saves (and a pull) write between
    // them instead of waiting behind one read-write transaction over 50,000 rows (issue 18: that wait
    // was most of a save's time after a first sync). The write transaction below checks again.
    const found: string[] = [];
    for (let after: string | null = null; ; ) {
      const chunk: RecordRow[] = await (after === null ? db.records.orderBy('id') : db.records.where('id').above(after)).limit(SCAN_CHUNK).toArray();
      if (chunk.length === 0) break;
      after = chunk[chunk.length - 1]!.id;
      for (const r of chunk) if (eligible(r)) found.push(r.id);
    }
    if (found.length === 0) return { purged: [] };
    // digestLog: the list digest's write log names the purged ids in this transaction (N11, digest-log.ts).
    return await db.transaction('rw', [db.records, db.outbox, db.attachments, db.digest, db.digestLog], async () => {
      const rows = await db.records.bulkGet(found);
      const candidates = rows.filter(eligible).map((r) => r.id);
      const purgeable = new Set<string>();
      for (const id of candidates) if ((await db.outbox.where('id').equals(id).count()) === 0) purgeable.add(id);
      await holdLedgerGroups(db, purgeable);
      const purged: string[] = [];
      for (const id of candidates) {
        if (!purgeable.has(id)) continue;
        await db.records.delete(id);
        // Photos still waiting for upload stay: they are unsynced work (rule T1).
        await db.attachments.where('recordId').equals(id).and((a) => a.uploaded === 1).delete();
        purged.push(id);
      }
      // N11: the list digest's sealed copy names them too (their names, ID numbers): its parts holding them go with them.
      await deletePartsOf(db, purged);
      return { purged };
    });
  } catch (e) {
    throw mapStorageError(e);
  }
}

/**
 * SPEC R7: a hand-out and the voids and corrections that cite it are one group on the tablet: the group
 * leaves only when every member of it present here may leave. A void purged before its hand-out (the
 * hand-out changed later, or open in a form) would make a voided hand-out count again in the entitlement
 * check and the list; a hand-out purged before a later correction would drop a hand-out still in use.
 * Reads the clear `originalId` (no keys needed); a correction without it is kept, never guessed at.
 * Runs inside the purge transaction; removes from `purgeable` whatever must stay.
 */
async function holdLedgerGroups(db: UserDb, purgeable: Set<string>): Promise<void> {
  const groups = new Map<string, string[]>();
  await db.records.where('entity').equals(RELIEF_CORRECTION_ENTITY).each((c) => {
    if (!c.originalId) purgeable.delete(c.id);
    else groups.set(c.originalId, [...(groups.get(c.originalId) ?? []), c.id]);
  });
  for (const [originalId, corrections] of groups) {
    const originalHere = (await db.records.where('id').equals(originalId).count()) > 0;
    const members = originalHere ? [originalId, ...corrections] : corrections;
    if (members.every((id) => purgeable.has(id))) continue;
    for (const id of members) purgeable.delete(id);
  }
}
