import Dexie from 'dexie';
import type { UserDb } from '../db/user-db';

export interface OutboxStats {
  /** Queued changes (what a push sends). */
  pending: number;
  /** Records with a queued change: what the worker calls waiting (five autosaves of one survey are 1). */
  pendingRecords: number;
  /** Summed only when asked for (`withBytes`, at push start): 0 otherwise. */
  pendingBytes: number;
  rejected: number;
  oldestPendingAt: string | null;
  pendingAttachments: number;
}

/** The queued changes by seq, from `fromSeq` on (default: all). */
export function queuedRange(db: UserDb, fromSeq?: number) {
  return db.outbox.where('[state+seq]').between(['queued', fromSeq ?? Dexie.minKey], ['queued', Dexie.maxKey]);
}

/**
 * Counts for the sync state, run after every save: index counts and one row (no scan of the queue, no
 * decryption). The oldest pending change is the first queued one by seq: seq is assigned in save order
 * (rule P1, oldest first), as is changedAt. The byte total needs every queued row's `bytes`, so it is
 * summed only when `withBytes` is set (once per push, for progress), not on the save path.
 */
export async function outboxStats(db: UserDb, opts: { withBytes?: boolean } = {}): Promise<OutboxStats> {
  return db.transaction('r', db.outbox, db.attachments, async () => {
    const [pending, first, rejected, pendingAttachments] = await Promise.all([
      queuedRange(db).count(),
      queuedRange(db).first(),
      db.outbox.where('[state+seq]').between(['rejected', Dexie.minKey], ['rejected', Dexie.maxKey]).count(),
      db.attachments.where('uploaded').equals(0).count(),
    ]);
    let pendingBytes = 0;
    if (opts.withBytes && pending > 0) await queuedRange(db).each((row) => void (pendingBytes += row.bytes));
    // Distinct record ids by the `id` index (a key cursor: no row read) when nothing is rejected; a
    // rejected change's record counts only while it also has a queued one (rejections are few).
    let pendingRecords = 0;
    if (pending > 0) {
      const ids = (await db.outbox.orderBy('id').uniqueKeys()) as string[];
      pendingRecords = ids.length;
      if (rejected > 0) {
        for (const id of ids) {
          const states = await db.outbox.where('id').equals(id).toArray((rows) => rows.map((r) => r.state));
          if (!states.includes('queued')) pendingRecords--;
        }
      }
    }
    return { pending, pendingRecords, pendingBytes, rejected, oldestPendingAt: first?.changedAt ?? null, pendingAttachments };
  });
}
