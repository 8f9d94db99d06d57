import { townshipsEquivalentTo } from '../../../src/shared/rules/areas/townships-of-county';
import { townshipsWithin, withinArea } from '../../../src/shared/rules/areas/within-area';
import type { Store, RecordScope, UserRow } from '../store/store';

/**
 * The township codes whose records an account may read (SPEC L1, privacy.md §1), from the division
 * registry (issue 10): a worker its township (and the codes that are one area with it: a provisional
 * code and its official successor, townships merged into it); a supervisor every township below its
 * area — a county, or a city or province (SPEC A9) — following retire/successor chains, whether or not
 * anyone has an account there; an administrator all (null). Never from names, never from other accounts.
 */
export async function readableTownships(store: Store, user: UserRow): Promise<string[] | null> {
  if (user.role === 'admin') return null;
  if (!user.township && !user.county) return [];
  const divisions = await store.listDivisions();
  const own = user.township ? townshipsEquivalentTo(divisions, user.township) : [];
  if (user.role === 'supervisor' && user.county) return [...new Set([...own, ...townshipsWithin(divisions, user.county)])].sort();
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

/**
 * The accounts a caller may list (admin users and devices pages): all for an administrator; for a
 * supervisor those whose township or county lies inside its area (SPEC A9), itself included; else itself.
 */
export async function visibleAccounts(store: Store, user: UserRow): Promise<UserRow[]> {
  if (user.role === 'admin') return store.listUsers();
  if (user.role !== 'supervisor' || !user.county) return [user];
  const inside = withinArea(await store.listDivisions(), user.county);
  return (await store.listUsers()).filter((u) => u.id === user.id || [u.township, u.county].some((c) => c !== null && inside(c)));
}
