import type { UserDb } from './user-db';

/**
 * What the worker is waiting for on each database (a save, a search), so background work steps aside
 * (the list digest's steps, SPEC N10; first written for the retired name index's conversion, N9). A save
 * reads its row, then seals, then writes in a second transaction: a background step begun in between
 * would make the later transaction wait behind it too. No step begins while such a request is in flight,
 * so each waits at most for the one step already running when it began (a search waiting for the digest
 * hurries it instead: list-digest.ts).
 */
const inFlight = new WeakMap<UserDb, { count: number; idle: (() => void)[] }>();

/** Runs one request of the worker on `db`, counted as in flight until it ends (done or failed). */
export async function foreground<T>(db: UserDb, request: () => Promise<T>): Promise<T> {
  const state = inFlight.get(db) ?? { count: 0, idle: [] };
  inFlight.set(db, state);
  state.count++;
  try {
    return await request();
  } finally {
    if (--state.count === 0) for (const resolve of state.idle.splice(0)) resolve();
  }
}

/** Resolves when no request of the worker on `db` is in flight (at once if none is). */
export function foregroundIdle(db: UserDb): Promise<void> {
  const state = inFlight.get(db);
  if (!state || state.count === 0) return Promise.resolve();
  return new Promise((resolve) => state.idle.push(resolve));
}
