import Dexie from 'dexie';
import { nameTokenTextPrefix } from '../security/name-token';
import { updatedOrder } from './name-key-order';
import type { UserDb } from './user-db';

/** The ids found under every list (each in the index's order, ascending), newest first: the rarest list's order. */
export function newestInAll(lists: string[][]): string[] {
  lists.sort((a, b) => a.length - b.length);
  let ids = lists[0]!;
  for (const l of lists.slice(1)) {
    const next = new Set(l);
    ids = ids.filter((id) => next.has(id));
  }
  return ids.reverse();
}

/**
 * SPEC N9: a query's candidates, newest first (N8), while rows of a version 4 database still hold text
 * entries; null when the index went pending (N5: the conversion found an entry that is no token). Each
 * row holds its entries in one encoding (a write or the conversion turns all of them into numbers at
 * once), so for each token the records of the number's range and of its text's range (every text token
 * whose first 8 characters are the number's 6 bytes, N1: exactly the entries the conversion gives that
 * number) are together the records the converted index lists. Everything, `meta` included, is read
 * key-only in one transaction, so a row converted meanwhile is in exactly one range; the two are merged
 * by [updatedAt in ms, id] (the ISO text's order is its ms order, N8).
 */
export function candidatesWhileConverting(db: UserDb, tokens: number[]): Promise<string[] | null> {
  return db.transaction('r', db.records, db.meta, async () => {
    if ((await db.meta.get('nameIndex'))?.value === 'pending') return null;
    return newestInAll(await Promise.all(tokens.map((t) => tokenIds(db, t))));
  });
}

/** A token's records in the index's order ([updatedAt, id] ascending), from both encodings. */
async function tokenIds(db: UserDb, token: number): Promise<string[]> {
  const prefix = nameTokenTextPrefix(token);
  const numbers = db.records.where('nameKeys').between([token, Dexie.minKey], [token, Dexie.maxKey], true, true);
  const texts = db.records.where('nameKeys').between([prefix, Dexie.minKey], [`${prefix}\uffff`, Dexie.maxKey], true, true);
  const [nKeys, nIds, tKeys, tIds] = await Promise.all([numbers.keys(), numbers.primaryKeys(), texts.keys(), texts.primaryKeys()]);
  const entries = [...nKeys.map((k, i) => [k, nIds[i]] as const), ...tKeys.map((k, i) => [k, tIds[i]] as const)].map(([k, id]) => ({
    at: updatedOrder((k as unknown[])[1]),
    id: id as string,
  }));
  entries.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return [...new Set(entries.map((e) => e.id))];
}
