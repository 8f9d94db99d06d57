import type Dexie from 'dexie';

/**
 * What another page's database upgrade means for this one (PLATFORM-NOTES "Service-worker updates";
 * issue 10: a tab still open on an older release is told, never left blocking or writing silently).
 *
 * - `outdated`: another page (a newer release) asked to upgrade one of our databases. This page closes
 *   its connection and does not reopen it: Dexie would otherwise reopen the newer schema on the next
 *   read with this page's older code. Nothing more is read or written here; the page says so and asks
 *   to be closed or reloaded (a reload runs the new release).
 * - `blocked`: this page wants to upgrade and another page still holds the database open at the older
 *   version (a tab of a release that does not close on `versionchange`, or a frozen background tab). The
 *   open waits; the page asks the worker to close the other Tidemark pages, and the notice goes when
 *   the open completes.
 */
export type DbNotice = 'outdated' | 'blocked';

let notice: DbNotice | null = null;
const listeners = new Set<(n: DbNotice | null) => void>();

function set(next: DbNotice | null): void {
  // Once outdated, always outdated: only a reload gives this page code that fits the database again.
  if (notice === 'outdated' || notice === next) return;
  notice = next;
  for (const l of listeners) l(notice);
}

export function currentDbNotice(): DbNotice | null {
  return notice;
}

export function subscribeDbNotice(listener: (n: DbNotice | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called by each database's constructor (device-db.ts, user-db.ts). */
export function watchConnection(db: Dexie): void {
  db.on('versionchange', (event: IDBVersionChangeEvent) => {
    // A deletion (newVersion null) is no new release: Dexie's own handler closes the connection for it.
    if (!event.newVersion) return;
    // Dexie's own handler closed the connection already, but allowing it to open again; close for good.
    db.close({ disableAutoOpen: true });
    set('outdated');
    return false;
  });
  db.on('blocked', () => set('blocked'));
  db.on('ready', () => {
    if (notice === 'blocked') set(null);
  });
}

/** For tests: forget what earlier databases reported. */
export function resetDbNoticeForTests(): void {
  notice = null;
  for (const l of listeners) l(null);
}
