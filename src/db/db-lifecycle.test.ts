import { afterEach, describe, expect, it } from 'vitest';
import { currentDbNotice, resetDbNoticeForTests, subscribeDbNotice } from './db-lifecycle';
import { UserDb } from './user-db';

/**
 * A page's databases when another page upgrades them, or holds them at an older version while this
 * page upgrades (issue 10: a second tab on another release is told to close; it never blocks silently).
 * fake-indexeddb, as in every client test; the same in Chromium: test/e2e/tablet-upgrade-tabs.test.ts.
 */
const NATIVE_CURRENT = 80; // UserDb is version(8) (the unread indexes dropped, the write log's table, SPEC N11); Dexie stores version(n) as n * 10

/** A raw connection at a version, as another page's code holds it; `ignoreVersionChange` models a tab that never closes. */
function rawOpen(name: string, version: number, opts: { ignoreVersionChange?: boolean } = {}): Promise<{ db: IDBDatabase; blocked: boolean }> {
  return new Promise((ok, fail) => {
    let blocked = false;
    const req = indexedDB.open(name, version);
    req.onblocked = () => (blocked = true);
    req.onerror = () => fail(req.error);
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => {
        if (!opts.ignoreVersionChange) db.close();
      };
      ok({ db, blocked });
    };
  });
}

/** The next release's database: version 9 of the same stores (what a future schema change adds). */
class NextUserDb extends UserDb {
  constructor(name: string) {
    super(name);
    this.version(9).stores({});
  }
}

const uniqueName = () => `lifecycle-${Math.random().toString(36).slice(2, 10)}`;

describe('another page upgrades or holds a database', () => {
  afterEach(() => resetDbNoticeForTests());

  it('a newer page upgrades: this page closes for good (no silent reopen) and is told it is outdated', async () => {
    const name = uniqueName();
    const db = new UserDb(name);
    await db.meta.put({ key: 'cursor', value: 7 });
    const seen: (string | null)[] = [];
    subscribeDbNotice((n) => seen.push(n));

    const newer = await rawOpen(name, NATIVE_CURRENT + 10);
    expect(newer.blocked).toBe(false); // we closed at once: the newer page was never kept waiting
    expect(currentDbNotice()).toBe('outdated');
    expect(seen).toEqual(['outdated']);
    expect(db.isOpen()).toBe(false);
    // Dexie alone would reopen the newer schema on the next read, with this page's older code.
    await expect(db.meta.get('cursor')).rejects.toMatchObject({ name: 'DatabaseClosedError' });
    newer.db.close();
  });

  it('a deletion by another page is no new release: no notice', async () => {
    const name = uniqueName();
    const db = new UserDb(name);
    await db.open();
    await new Promise<void>((ok, fail) => {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = () => ok();
      req.onerror = () => fail(req.error);
    });
    expect(currentDbNotice()).toBeNull();
  });

  it('this page upgrades while an older page holds the database and never lets go: told it is blocked until the other closes', async () => {
    const name = uniqueName();
    const old = await rawOpen(name, NATIVE_CURRENT, { ignoreVersionChange: true });
    const next = new NextUserDb(name);
    const opening = next.open();
    await expect.poll(() => currentDbNotice()).toBe('blocked');
    old.db.close(); // the worker closes the other tab
    await opening;
    expect(currentDbNotice()).toBeNull();
    expect(next.verno).toBe(9);
    next.close();
  });
});
