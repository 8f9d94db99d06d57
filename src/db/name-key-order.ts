import type { DBCore, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';

/**
 * A name index entry as stored (SPEC N8): the keyed token (N1) and the row's clear `updatedAt`, so the
 * index lists a token's records in the list's order and the search reads that order key-only, without
 * the rows. Writers give the tokens alone (`indexFields`); a plain token is an entry not yet paired.
 */
export type NameKey = string | readonly [token: string, updatedAt: string];

/** The token of an entry, paired or not. */
export function tokenOf(k: NameKey): string {
  return typeof k === 'string' ? k : k[0];
}

/** The row as it must be stored: every entry paired with the row's own `updatedAt`. */
export function withNameKeyOrder<T>(row: T): T {
  const r = row as { nameKeys?: unknown; updatedAt?: unknown } | null;
  if (!r || typeof r !== 'object' || !Array.isArray(r.nameKeys)) return row;
  const updatedAt = typeof r.updatedAt === 'string' ? r.updatedAt : '';
  const keys = r.nameKeys as NameKey[];
  if (keys.every((k) => typeof k !== 'string' && k[1] === updatedAt)) return row;
  return { ...r, nameKeys: keys.map((k) => [tokenOf(k), updatedAt] as const) } as T;
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
