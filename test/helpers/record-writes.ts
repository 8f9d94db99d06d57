import type { UserDb } from '../../src/db/user-db';

/**
 * A test's own write of records (another tab's, a pull's, a tampered row), in a transaction that holds
 * `digestLog` as every writer's must: the list digest's write log names the ids in it (SPEC N11,
 * digest-log.ts), and a write of records without it in scope throws. `meta` too, for a test that reads or
 * changes the log's note beside it.
 */
export function writeRecords<T>(db: UserDb, write: () => Promise<T>): Promise<T> {
  return db.transaction('rw', [db.records, db.meta, db.digestLog], write);
}
