import type { UserDb } from '../../src/db/user-db';

/**
 * A test's own write of records (another tab's, a pull's, a tampered row), in a transaction that holds
 * `meta` as every writer's must: the list digest's write log names the ids in it (SPEC N11,
 * digest-log.ts), and a write of records without `meta` in scope throws.
 */
export function writeRecords<T>(db: UserDb, write: () => Promise<T>): Promise<T> {
  return db.transaction('rw', db.records, db.meta, write);
}
