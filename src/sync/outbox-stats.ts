import Dexie from 'dexie';
import type { UserDb } from '../db/user-db';

export interface OutboxStats {
  pending: number;
  pendingBytes: number;
  rejected: number;
  oldestPendingAt: string | null;
  pendingAttachments: number;
}

export function queuedRange(db: UserDb) {
  return db.outbox.where('[state+seq]').between(['queued', Dexie.minKey], ['queued', Dexie.maxKey]);
}

/** Counts for the sync state. Reads only the queued rows' small fields (no decryption). */
export async function outboxStats(db: UserDb): Promise<OutboxStats> {
  return db.transaction('r', db.outbox, db.attachments, async () => {
    let pending = 0;
    let pendingBytes = 0;
    let oldest: string | null = null;
    await queuedRange(db).each((row) => {
      pending++;
      pendingBytes += row.bytes;
      if (oldest === null || row.changedAt < oldest) oldest = row.changedAt;
    });
    const rejected = await db.outbox.where('[state+seq]').between(['rejected', Dexie.minKey], ['rejected', Dexie.maxKey]).count();
    const pendingAttachments = await db.attachments.where('uploaded').equals(0).count();
    return { pending, pendingBytes, rejected, oldestPendingAt: oldest, pendingAttachments };
  });
}
