import type { Table } from 'dexie';
import type { UserDb } from './user-db';

/**
 * "The survey the worker was filling in": one row in the per-worker `meta` table, so reopening the app
 * (a reload, a dead battery) offers that draft again. Only a record id, which identifies nobody, so it
 * is stored in clear. The meta table is keyed by `key` with free values; its declared key type lists the
 * sync's own keys, hence the narrow view below (the Dexie schema needs no change for a new key).
 */
interface PointerRow {
  key: 'surveyDraft';
  value: string;
}

const KEY = 'surveyDraft';
const pointers = (db: UserDb) => db.meta as unknown as Table<PointerRow, string>;

export async function readDraftPointer(db: UserDb): Promise<string | null> {
  const row = await pointers(db).get(KEY);
  return typeof row?.value === 'string' && row.value ? row.value : null;
}

export async function writeDraftPointer(db: UserDb, id: string | null): Promise<void> {
  if (id) await pointers(db).put({ key: KEY, value: id });
  else await pointers(db).delete(KEY);
}

/** Clears the pointer only if it still names `id` (another draft may have become current meanwhile). */
export async function clearDraftPointerIf(db: UserDb, id: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    if ((await readDraftPointer(db)) === id) await pointers(db).delete(KEY);
  });
}
