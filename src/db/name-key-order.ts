import type { DBCore, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';

/**
 * A name index entry as stored (SPEC N8): the keyed token (N1) and the row's clear `updatedAt` in ms
 * (version 5; an ISO string before), so the index lists a token's records in the list's order and the
 * search reads that order key-only, without the rows. Writers give the tokens alone (`indexFields`); a
 * plain token is an entry not yet paired.
 */
export type NameKey = number | readonly [token: number, updatedAt: number];

/** The token of an entry, paired or not. */
export function tokenOf(k: NameKey): number {
  return typeof k === 'number' ? k : k[0];
}

/**
 * `updatedAt` as the index orders it: its ms since the epoch. Every writer stores the form toISOString
 * gives (the save's clock, the server's times), whose text order is its time order, and one ms is one
 * text: so the index's order (ms, then id) is the list's (text, then id). A text that is no time at all
 * (none is written) orders as 0.
 */
export function updatedOrder(updatedAt: unknown): number {
  const ms = typeof updatedAt === 'string' ? Date.parse(updatedAt) : Number.NaN;
  return Number.isFinite(ms) ? ms : 0;
}

/** The row as it must be stored: every entry paired with the row's own `updatedAt`. */
export function withNameKeyOrder<T>(row: T): T {
  const r = row as { nameKeys?: unknown; updatedAt?: unknown } | null;
  if (!r || typeof r !== 'object' || !Array.isArray(r.nameKeys)) return row;
  const at = updatedOrder(r.updatedAt);
  const keys = r.nameKeys as NameKey[];
  if (keys.every((k) => typeof k !== 'number' && k[1] === at)) return row;
  return { ...r, nameKeys: keys.map((k) => [tokenOf(k), at] as const) } as T;
}

/**
 * N8: every write of a record row (save, pull, push answer, backfill, upgrade) goes through here, so no
 * writer can leave an entry with another `updatedAt` than its row's (a writer that changes `updatedAt`
 * without recomputing the tokens, or spreads an older row, is paired again). A DBCore middleware rather
 * than each writer: the pull builds its rows elsewhere, from the tokens `indexFields` gives.
 */
export const nameKeyOrderMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'nameKeyOrder',
  create(down) {
    return {
      ...down,
      table(name: string): DBCoreTable {
        const table = down.table(name);
        if (name !== 'records') return table;
        return {
          ...table,
          mutate(req: DBCoreMutateRequest) {
            if (req.type !== 'put' && req.type !== 'add') return table.mutate(req);
            return table.mutate({ ...req, values: req.values.map(withNameKeyOrder) });
          },
        };
      },
    };
  },
};
