import type { Store, RecordScope, UserRow } from '../store/store';

/**
 * The townships whose records an account may read (SPEC L1, privacy.md §1): a worker its own, a
 * supervisor the townships of its county, an administrator all (null). Always from the account.
 */
export async function readableTownships(store: Store, user: UserRow): Promise<string[] | null> {
  if (user.role === 'admin') return null;
  const own = user.township ? [user.township] : [];
  if (user.role === 'supervisor' && user.county) {
    return [...new Set([...own, ...(await store.townshipsOfCounty(user.county))])].sort();
  }
  return own;
}

/** What a pull may return: the readable townships plus reference data with no township. */
export async function pullScope(store: Store, user: UserRow): Promise<RecordScope> {
  const townships = await readableTownships(store, user);
  return townships === null ? { kind: 'all' } : { kind: 'townships', townships };
}

export async function mayReadTownship(store: Store, user: UserRow, township: string | null): Promise<boolean> {
  const townships = await readableTownships(store, user);
  return townships === null || township === null || townships.includes(township);
}
