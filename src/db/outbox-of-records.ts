import type { UserDb } from './user-db';

/**
 * The outbox seqs of each record id, read from the outbox's `id` index key-only: one request per id,
 * all issued at once in the caller's transaction. Dexie's `where('id').anyOf(ids)` walks the index with
 * one cursor step per id instead, each awaiting the last (a round trip to Chromium's IndexedDB backend):
 * 500 sequential steps per push batch, 1000 per pull page (issue 18). No row body is read; the caller
 * bulk-reads only the rows it does not hold already.
 */
export async function outboxSeqsOf(db: UserDb, ids: readonly string[]): Promise<Map<string, number[]>> {
  const seqs = await Promise.all(ids.map((id) => db.outbox.where('id').equals(id).primaryKeys()));
  const out = new Map<string, number[]>();
  ids.forEach((id, i) => {
    if (seqs[i]!.length > 0) out.set(id, seqs[i]!);
  });
  return out;
}
