import type { DBCoreTable, Dexie } from 'dexie';
import { vi } from 'vitest';
import type { RecordRow, UserDb } from '../../src/db/user-db';

/**
 * The IndexedDB transactions the tablet's database opens from now on, with their scope: counted where every
 * Dexie transaction is made (its DBCore's `transaction`, which calls IDBDatabase.transaction under
 * fake-indexeddb; Dexie binds the IDBDatabase's method when it opens, so that one cannot be spied on).
 */
export function countTransactions(db: Dexie): string[][] {
  const opened: string[][] = [];
  const original = db.core.transaction.bind(db.core);
  vi.spyOn(db.core, 'transaction').mockImplementation((stores, mode, options) => {
    opened.push([...stores]);
    return original(stores, mode, options);
  });
  return opened;
}

/**
 * How often the tablet's database reads each record by its id from now on (`records.get`). A save of a
 * record not on the tablet reads its id once (the read before the write; in the write, its `add` is the
 * check), never when its caller says the record is new (SPEC O5): what tells a save with that word from
 * one without, whoever made the id. An edit reads it twice (before the write, and its rev in it).
 */
export function recordReads(db: UserDb): (id: string) => number {
  const reads: unknown[] = [];
  const get = db.records.get.bind(db.records);
  vi.spyOn(db.records, 'get').mockImplementation(((key: unknown) => {
    reads.push(key);
    return get(key as string);
  }) as typeof db.records.get);
  return (id) => reads.filter((k) => k === id).length;
}

/**
 * A DBCore addon (DbEnv `addons`) that counts the reads of `records` rows by id whatever the API used: a
 * `get` or each key of a bulk `getMany` is one, a `query` or cursor on the primary key one more (not the
 * key-only reads of other indexes, such as the purge's keep-list). Issue 18 (SPEC L6): a first sync
 * writes its pages without reading their rows.
 */
export function recordRowReads(): { addon: (db: Dexie) => void; count: () => number; reset: () => void } {
  let reads = 0;
  const addon = recordsAddon('count-record-reads', (t) => ({
    get: (req) => {
      reads++;
      return t.get(req);
    },
    getMany: (req) => {
      reads += req.keys.length;
      return t.getMany(req);
    },
    query: (req) => {
      if (req.query.index.isPrimaryKey) reads++;
      return t.query(req);
    },
    openCursor: (req) => {
      if (req.query.index.isPrimaryKey) reads++;
      return t.openCursor(req);
    },
  }));
  return { addon, count: () => reads, reset: () => void (reads = 0) };
}

/**
 * A DBCore addon (DbEnv `addons`) that counts the `records` rows written (each value of a put or add, each
 * key of a delete), whatever the API and the transaction, an upgrade's included: the upgrade to version 7 (and,
 * before it, N9's to version 5) writes none.
 */
export function recordRowWrites(): { addon: (db: Dexie) => void; count: () => number } {
  let writes = 0;
  const addon = recordsAddon('count-record-writes', (t) => ({
    mutate: (req) => {
      writes += req.type === 'put' || req.type === 'add' ? req.values.length : req.type === 'delete' ? req.keys.length : 1;
      return t.mutate(req);
    },
  }));
  return { addon, count: () => writes };
}

/** A DBCore addon (DbEnv `addons`) that replaces some methods of the `records` table (`wrap` gets the table below). */
function recordsAddon(name: string, wrap: (t: DBCoreTable) => Partial<DBCoreTable>): (db: Dexie) => void {
  return (db) => {
    db.use({
      stack: 'dbcore',
      name,
      create: (down) => ({
        ...down,
        table: (n) => {
          const t = down.table(n);
          return n === 'records' ? { ...t, ...wrap(t) } : t;
        },
      }),
    });
  };
}
