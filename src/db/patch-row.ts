import type { Table } from 'dexie';

/**
 * Changes some fields of one row with get + put. Not Dexie's update()/modify(): they deep-clone the
 * row with a type check bound to one JavaScript realm, and under jsdom (unit tests) that turns the
 * Uint8Arrays and CryptoKeys read back from IndexedDB into plain objects — sealed data would be lost.
 * Call inside a transaction when the read and the write must be atomic.
 */
export async function patchRow<T, K>(table: Table<T, K>, key: K, patch: Partial<T>): Promise<boolean> {
  const row = await table.get(key);
  if (!row) return false;
  await table.put({ ...row, ...patch });
  return true;
}
