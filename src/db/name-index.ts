import Dexie from 'dexie';
import { nameToken } from '../security/name-token';
import { candidatesWhileConverting, newestInAll } from './name-index-union';
import { loadPinyin } from './pinyin-initials';
import type { Fields } from './record-fields';
import type { UserDb } from './user-db';

interface NameShape {
  head?: { name?: unknown };
  members?: { name?: unknown }[];
  origin?: { village?: unknown };
}

const text = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** The names of a record: the head's and every member's. */
export function namesOf(fields: Fields): string[] {
  const f = fields as NameShape;
  const members = Array.isArray(f.members) ? f.members.map((m) => m?.name) : [];
  return [f.head?.name, ...members].filter(text);
}

/** The village, searched like a name (SPEC N1). */
export function villageOf(fields: Fields): string | null {
  const v = (fields as NameShape).origin?.village;
  return text(v) ? v : null;
}

/** The two-character pieces of a lower-cased text, by code point (a name of one character has none). */
export function pairsOf(s: string): string[] {
  const chars = [...s];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * The pieces a record's name index holds (SPEC N1–N3, N6): every two-character piece of each name, of
 * the village and of each name's pinyin initials, lower-cased as the search compares, and every
 * three-letter piece. A text that contains a query contains every piece of it, so the records holding
 * all of a query's tokens include every record the search would find (N4); the search then checks those
 * few decrypted.
 */
export async function namePieces(fields: Fields): Promise<string[]> {
  const names = namesOf(fields);
  const village = villageOf(fields);
  if (names.length === 0 && !village) return [];
  const initials = names.length > 0 ? await loadPinyin() : null;
  const pairs = new Set<string>();
  for (const s of [...names, ...(village ? [village] : [])]) for (const p of pairsOf(s.toLowerCase())) pairs.add(p);
  if (initials) for (const n of names) for (const p of pairsOf(initials(n))) pairs.add(p);
  // N6: three-letter pieces of the initials (and of any lower-cased name or village in letters), so a
  // query of initials names its records, not every record holding each of its pairs somewhere.
  const letterTexts = [...names, ...(village ? [village] : [])].map((s) => s.toLowerCase());
  if (initials) for (const n of names) letterTexts.push(initials(n));
  for (const s of letterTexts) for (const p of letterTriplesOf(s)) pairs.add(p);
  return [...pairs];
}

/** The name index entries of a record: a keyed token (N1) for each of its pieces (namePieces). */
export async function nameKeys(fields: Fields, lookupKey: CryptoKey): Promise<number[]> {
  return [...new Set(await Promise.all((await namePieces(fields)).map((p) => nameToken(lookupKey, p))))];
}

/** The three-character pieces of a text made of the letters a–z only (N6; a name in Chinese has none). */
export function letterTriplesOf(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 3 <= s.length; i++) {
    const p = s.slice(i, i + 3);
    if (/^[a-z]{3}$/.test(p)) out.push(p);
  }
  return out;
}

/**
 * The pieces of a query the index can answer (N4), or null when it must search the decrypted records:
 * a query of one character (a surname alone matches thousands; its token would stand out by frequency,
 * so single characters are not indexed), or one with a digit (part of an ID number, not indexed).
 */
export function queryPairs(query: string): string[] | null {
  const q = query.trim().toLowerCase();
  if ([...q].length < 2 || /\d/.test(q)) return null;
  // N6: three or more letters (initials, what a worker types first) are looked up by their three-letter
  // pieces: every text containing the query contains each of them, and each is indexed (all letters).
  if (/^[a-z]{3,}$/.test(q)) return [...new Set(letterTriplesOf(q))];
  return [...new Set(pairsOf(q))];
}

/**
 * Whether the index covers every record (N5). A database upgraded from version 1 holds records saved
 * without it until the backfill after unlock has passed over them (name-index-backfill.ts); meanwhile
 * the search reads the decrypted records, as before.
 */
export async function nameIndexReady(db: UserDb): Promise<boolean> {
  return (await db.meta.get('nameIndex'))?.value !== 'pending';
}

/** A query's candidates in the list's order (N8), read from the index only as far as asked. */
export interface NameCandidates {
  /** The first `n` candidates (fewer when there are no more). */
  first(n: number): Promise<string[]>;
}

const tokenRange = (db: UserDb, t: number) => db.records.where('nameKeys').between([t, Dexie.minKey], [t, Dexie.maxKey], true, true);

/**
 * The records holding every token of the query (a superset of the matches, N4), newest first: latest
 * `updatedAt`, then the larger id, the list's order (byUpdatedDesc) — read from the index alone (N8: each
 * entry is [token, updatedAt in ms], so a token's range lists its records in that order, ascending), never
 * from the rows. A query of one token (most: a two-character prefix, initials) reads the range backwards
 * only as far as the page needs; with several, the rarest token's list keeps its order and the others
 * say which of its records stay. While rows of version 4 keep text entries (N9), each token's list is
 * the union of both encodings in the same order (candidatesWhileConverting). Null when the index cannot
 * answer (queryPairs, nameIndexReady).
 */
export async function nameIndexCandidateOrder(db: UserDb, lookupKey: CryptoKey, query: string): Promise<NameCandidates | null> {
  const pairs = queryPairs(query);
  if (!pairs) return null;
  const state = (await db.meta.get('nameIndex'))?.value;
  if (state === 'pending') return null;
  const tokens = await Promise.all(pairs.map((p) => nameToken(lookupKey, p)));
  if (state === 'converting') {
    const ids = await candidatesWhileConverting(db, tokens);
    return ids && { first: async (n) => ids.slice(0, n) };
  }
  if (tokens.length === 1) {
    const range = () => tokenRange(db, tokens[0]!);
    // Backwards with a limit where the store can (a key cursor otherwise); all of it forwards in one request.
    return { first: async (n) => (n === Infinity ? ((await range().primaryKeys()) as string[]).reverse() : ((await range().reverse().limit(n).primaryKeys()) as string[])) };
  }
  let all: Promise<string[]> | null = null;
  const every = async () => newestInAll(await Promise.all(tokens.map((t) => tokenRange(db, t).primaryKeys() as Promise<string[]>)));
  return { first: async (n) => (await (all ??= every())).slice(0, n) };
}

/** Every candidate of the query, in the list's order (nameIndexCandidateOrder), or null. */
export async function nameIndexCandidates(db: UserDb, lookupKey: CryptoKey, query: string): Promise<string[] | null> {
  const order = await nameIndexCandidateOrder(db, lookupKey, query);
  return order ? order.first(Infinity) : null;
}
