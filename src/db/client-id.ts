import type { UserDb } from './user-db';

/** The client id this database pushes under now (meta.clientId), or null before the first session. */
export async function readClientId(db: UserDb): Promise<string | null> {
  const row = await db.meta.get('clientId');
  return row && typeof row.value === 'string' ? row.value : null;
}

/**
 * SPEC P9: moves every change of this database's outbox to `clientId` — one write of meta.clientId,
 * since the outbox's rows carry no client id of their own: whatever is still queued is pushed under the
 * new id with its seq, and the server (which has nothing under the new id) applies it afresh.
 * The rows, their order and their seq numbers are untouched, so nothing is dropped or duplicated here.
 */
export async function moveToClientId(db: UserDb, clientId: string): Promise<void> {
  await db.meta.put({ key: 'clientId', value: clientId });
}
