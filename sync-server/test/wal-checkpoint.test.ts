/**
 * Issue 14 (tenth session): SQLite's automatic checkpoint ran inside the COMMIT that took the WAL past
 * 1000 pages, which in a reconnect storm was every group commit: the tablets waited while each commit's
 * pages were written a second time, into the database file, and that file fsynced. The store checkpoints
 * on a worker thread instead (wal-checkpointer.ts); a commit is durable with its WAL fsynced, as before.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/store/sqlite-store';
import type { AuditInput, Store } from '../src/store/store';
import { workerCheckpointer, type Checkpointer } from '../src/store/wal-checkpointer';

/** 1,200 audit rows of ~5 KB: more than 1,000 pages of WAL in one commit. */
const BIG = Array.from({ length: 1200 }, (_, i): AuditInput => ({
  at: '2026-12-06T09:00:00.000Z', userId: null, deviceId: null, township: null, action: 'test.big', entity: 'household', recordId: `r-${i}`,
  detail: { text: 'x'.repeat(5000) },
}));

let dir: string;
let stores: Store[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tidemark-ckpt-'));
  stores = [];
});
afterEach(async () => {
  for (const s of stores) await s.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const open = (checkpointer?: Checkpointer) => {
  const store = openSqliteStore({ file: join(dir, 'tidemark.sqlite'), ...(checkpointer ? { checkpointer } : {}) });
  stores.push(store);
  return store;
};

/** The big rows the database FILE holds, without its WAL: what checkpoints have copied back. */
function rowsInFileAlone(): number {
  const copy = join(dir, 'copy.sqlite');
  copyFileSync(join(dir, 'tidemark.sqlite'), copy);
  const db = new Database(copy);
  try {
    // A fresh database's schema too is in the WAL until a checkpoint.
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'audit_log'").get()) return 0;
    return (db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'test.big'").get() as { n: number }).n;
  } finally {
    db.close();
    rmSync(copy, { force: true });
    rmSync(`${copy}-wal`, { force: true });
    rmSync(`${copy}-shm`, { force: true });
  }
}

describe('SQLite WAL checkpoints off the COMMIT (issue 14)', () => {
  it('a commit of more than 1,000 pages does not copy them into the database file itself: the checkpointer is told', async () => {
    let told = 0;
    const store = open({ committed: () => void told++, idle: async () => undefined, close: async () => undefined });
    const before = told;
    await store.transaction(async (tx) => tx.appendAudits(BIG));
    expect(told).toBeGreaterThan(before);
    expect(rowsInFileAlone()).toBe(0);
    // Durable all the same: a new connection reads the commit from the WAL.
    const reader = new Database(join(dir, 'tidemark.sqlite'), { readonly: true });
    expect((reader.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'test.big'").get() as { n: number }).n).toBe(BIG.length);
    reader.close();
  });

  it('with the worker behind, a COMMIT checkpoints once the WAL passes 10,000 pages, so the WAL starts again and stays bounded', async () => {
    const store = open({ committed: () => undefined, idle: async () => undefined, close: async () => undefined });
    // ~1,700 pages a commit: 10 of them are ~17,000 pages, a 70 MB WAL if nothing ever checkpointed.
    for (let i = 0; i < 10; i++) await store.transaction(async (tx) => tx.appendAudits(BIG));
    const walPages = statSync(join(dir, 'tidemark.sqlite-wal')).size / 4096;
    expect(walPages).toBeGreaterThan(10_000);
    expect(walPages).toBeLessThan(10_000 + 2 * 1_800);
    expect(rowsInFileAlone()).toBeGreaterThan(0);
  });

  it('the worker checkpoints what was committed; closing the store leaves it all in the database file', async () => {
    const checkpointer = workerCheckpointer(join(dir, 'tidemark.sqlite'), 5000);
    const store = open(checkpointer);
    await store.transaction(async (tx) => tx.appendAudits(BIG));
    await checkpointer.idle();
    expect(rowsInFileAlone()).toBe(BIG.length);
    await store.transaction(async (tx) => tx.appendAudits(BIG.slice(0, 10)));
    await store.close();
    expect(rowsInFileAlone()).toBe(BIG.length + 10);
  });

  it('a checkpointer that cannot open the database says so and stops; close and idle still resolve', async () => {
    const failed: string[] = [];
    const checkpointer = workerCheckpointer(join(dir, 'missing.sqlite'), 5000, { onFailed: (m) => failed.push(m) });
    checkpointer.committed();
    await expect.poll(() => failed.length, { timeout: 10_000 }).toBe(1);
    checkpointer.committed(); // nothing more is started
    await checkpointer.idle();
    await checkpointer.close();
    expect(failed[0]).toMatch(/unable to open|not exist|no such file/i);
  });
});
