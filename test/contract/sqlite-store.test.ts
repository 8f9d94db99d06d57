import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../sync-server/src/store/sqlite-store';
import { createTempStore } from '../helpers/server-harness';
import { defineStoreContract } from './store-contract';

defineStoreContract({
  kind: 'sqlite',
  create: () => createTempStore('sqlite'),
  openAgain: async (file) => openSqliteStore({ file }),
  rawExec: async (file, sql) => {
    const db = new Database(file);
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  },
});

describe('SQLite durability settings', () => {
  it('keeps WAL and synchronous=FULL when an existing WAL file is opened again', async () => {
    const temp = await createTempStore('sqlite');
    await temp.store.close();
    // better-sqlite3 12 re-opens WAL files as synchronous=NORMAL; the store must set FULL and check it.
    const again = openSqliteStore({ file: temp.location });
    const raw = new Database(temp.location);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    await again.ping();
    await again.close();
    await temp.cleanup();
  });
});
