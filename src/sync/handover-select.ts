import type { OutboxRow } from '../db/user-db';

export type QueuedRow = OutboxRow & { seq: number };

/**
 * SPEC F6: the changes a file holds, chosen as a push chooses its batches (push.ts nextBatch), over the
 * whole queue at once: per record, the latest queued change made on the record's first base (each
 * holds every field changed since that base); the earlier ones on that base are superseded by it.
 * A later change of the record made on another base waits for the server's answer to this one (it
 * is sent at the next sync, rebased then), so it stays out of the file.
 */
export function selectForHandover(queued: readonly QueuedRow[]): { rows: QueuedRow[]; superseded: Map<number, QueuedRow[]>; leftForSync: number } {
  const firstBase = new Map<string, number>();
  const latest = new Map<string, QueuedRow>();
  const superseded = new Map<number, QueuedRow[]>();
  let left = 0;
  const sorted = [...queued].sort((a, b) => a.seq - b.seq);
  for (const row of sorted) {
    const base = firstBase.get(row.id);
    if (base === undefined) firstBase.set(row.id, row.baseVersion);
    else if (base !== row.baseVersion) {
      left++;
      continue;
    }
    latest.set(row.id, row);
  }
  for (const row of sorted) {
    const last = latest.get(row.id);
    if (last && row !== last && row.baseVersion === last.baseVersion && row.seq < last.seq) {
      superseded.set(last.seq, [...(superseded.get(last.seq) ?? []), row]);
    }
  }
  const rows = [...latest.values()].sort((a, b) => a.seq - b.seq);
  return { rows, superseded, leftForSync: left };
}

/** F10: for answered rows, the earlier queued changes of the same record on the same base (done with them). */
export function supersededBy(answered: readonly QueuedRow[], queued: readonly QueuedRow[]): Map<number, QueuedRow[]> {
  const out = new Map<number, QueuedRow[]>();
  for (const a of answered) {
    const older = queued.filter((q) => q.id === a.id && q.baseVersion === a.baseVersion && q.seq < a.seq);
    if (older.length > 0) out.set(a.seq, older);
  }
  return out;
}
