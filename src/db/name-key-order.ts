import type { DBCore, DBCoreMutateRequest, DBCoreTable, IndexableType, Middleware } from 'dexie';
import { nameTokenFromText } from '../security/name-token';

/**
 * A name index entry as stored (SPEC N8): the keyed token (N1) and the row's clear `updatedAt` in ms
 * (version 5), so the index lists a token's records in the list's order and the search reads that order
 * key-only, without the rows. Writers give the tokens alone (`indexFields`); a plain token is an entry
 * not yet paired.
 */
export type NameKey = number | readonly [token: number, updatedAt: number];

/**
 * An entry as versions 2–4 wrote it (text token, ISO `updatedAt`): rows of a version 4 database keep
 * them until the conversion after unlock (SPEC N9, name-index-numbers.ts) or their next write.
 */
export type TextNameKey = string | readonly [token: string, updatedAt: string | number];

export type StoredNameKey = NameKey | TextNameKey;

/**
 * The bounds of the index's text entries (N9): IndexedDB orders an array key by its first element first,
 * and a number before any text before any array, so every [text, …] entry lies from [''] up to [[]] and
 * no [number, …] entry does.
 */
export const TEXT_ENTRIES: readonly [IndexableType, IndexableType] = [[''], [[]]];

/** The token of an entry, paired or not. */
export function tokenOf(k: StoredNameKey): number | string {
  return typeof k === 'number' || typeof k === 'string' ? k : k[0];
}

/**
 * `updatedAt` as the index orders it: its ms since the epoch. Every writer stores the form toISOString
 * gives (the save's clock, the server's times), whose text order is its time order, and one ms is one
 * text: so the index's order (ms, then id) is the list's (text, then id). A text that is no time at all
 * (none is written) orders as 0.
 */
export function updatedOrder(updatedAt: unknown): number {
  if (typeof updatedAt === 'number') return updatedAt;
  const ms = typeof updatedAt === 'string' ? Date.parse(updatedAt) : Number.NaN;
  return Number.isFinite(ms) ? ms : 0;
}

/**
 * An entry's token as a number (N1): a text token of versions 2–4 converted without the key (N9), or
 * null for a text no release wrote (kept as it is: the conversion drops the row's entries and rebuilds).
 */
function numericToken(k: StoredNameKey): number | string {
  const t = tokenOf(k);
  return typeof t === 'number' ? t : (nameTokenFromText(t) ?? t);
}

/**
 * The row as it must be stored: every entry a number (N1, N9: a write never leaves a text entry it can
 * convert) paired with the row's own `updatedAt` in ms (N8).
 */
export function withNameKeyOrder<T>(row: T): T {
  const r = row as { nameKeys?: unknown; updatedAt?: unknown } | null;
  if (!r || typeof r !== 'object' || !Array.isArray(r.nameKeys)) return row;
  const at = updatedOrder(r.updatedAt);
  const keys = r.nameKeys as StoredNameKey[];
  if (keys.every((k) => typeof k === 'object' && typeof k[0] === 'number' && k[1] === at)) return row;
  return { ...r, nameKeys: [...new Set(keys.map(numericToken))].map((t) => [t, at] as const) } as T;
}

/**
 * N8, N9: every write of a record row (save, pull, push answer, backfill, conversion) goes through here,
 * so no writer can leave an entry with another `updatedAt` than its row's (a writer that changes
 * `updatedAt` without recomputing the tokens, or spreads an older row, is paired again), and none leaves a
 * text token of version 4 (a row spread from one is converted whole). A DBCore middleware rather than
 * each writer: the pull builds its rows elsewhere, from the tokens `indexFields` gives.
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
