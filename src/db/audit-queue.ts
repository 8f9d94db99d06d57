import type { Table } from 'dexie';
import type { FieldEntity } from '../shared/protocol/entities';
import type { UserDb } from './user-db';

/**
 * A deliberate act on the tablet that the server's audit log must hold (privacy.md §3), in the shape
 * POST /api/audit/events takes. Never a value: which record, what was done, when.
 */
export interface AuditEvent {
  action: 'idnumber.reveal' | 'record.export';
  entity?: FieldEntity;
  recordId?: string;
  at: string;
}

/**
 * Events per request. The server takes at most 100 (SPEC B5, 413 beyond) and, by default, 60 per
 * account and minute: a batch larger than that minute's budget could never be accepted whole.
 */
const AUDIT_BATCH = 50;

/**
 * The queue is one row of the worker's `meta` table (as the survey draft pointer is), so no schema
 * change: acts are rare, a few hundred at most between syncs. Record ids identify nobody: in clear.
 */
interface QueueRow {
  key: 'auditQueue';
  value: AuditEvent[];
}
const KEY = 'auditQueue';
const rows = (db: UserDb) => db.meta as unknown as Table<QueueRow, string>;

async function read(db: UserDb): Promise<AuditEvent[]> {
  const row = await rows(db).get(KEY);
  return Array.isArray(row?.value) ? row.value : [];
}

/** Queues the act durably (strict durability) before the screen shows anything. */
export async function queueAuditEvent(db: UserDb, event: AuditEvent): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    await rows(db).put({ key: KEY, value: [...(await read(db)), event] });
  });
}

export async function pendingAuditEvents(db: UserDb): Promise<number> {
  return (await read(db)).length;
}

/**
 * Sends the queue oldest first, a batch at a time, and removes what the server acknowledged. Events
 * queued while a batch is in flight stay for the next one. A lost reply sends a batch twice: the
 * audit log then says an act happened twice, which is the safe side of wrong.
 * `send` throws to stop (offline, 401: the events wait); it returns 'drop' when the server refused the
 * batch as malformed (400), which retrying cannot fix and must not block the acts queued behind it,
 * and 'split' when it refused the batch as too large (413): the rest go in smaller batches.
 */
export async function sendAuditEvents(db: UserDb, send: (events: AuditEvent[]) => Promise<'sent' | 'drop' | 'split'>): Promise<number> {
  let sent = 0;
  let size = AUDIT_BATCH;
  for (;;) {
    const batch = (await read(db)).slice(0, size);
    if (batch.length === 0) return sent;
    // 'split': the batch was too large for the server (413): send it in halves rather than stick.
    // A single event refused as too large can never be sent: dropped like a malformed one.
    if ((await send(batch)) === 'split' && batch.length > 1) {
      size = Math.ceil(batch.length / 2);
      continue;
    }
    await db.transaction('rw', db.meta, async () => {
      const now = await read(db);
      // Only the queue's head can have been sent; anything else was queued after we read it.
      const rest = now.slice(0, batch.length).every((e, i) => e.at === batch[i]!.at && e.recordId === batch[i]!.recordId && e.action === batch[i]!.action)
        ? now.slice(batch.length)
        : now;
      await rows(db).put({ key: KEY, value: rest });
    });
    sent += batch.length;
  }
}
