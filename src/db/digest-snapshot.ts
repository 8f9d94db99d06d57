import type { PartEntry } from './digest-parts';
import { hayOf, keyOf } from './digest-rows';
import { byUpdatedDesc, DIGEST_SEPARATOR, type DigestedHousehold } from './household-list';

/**
 * The list digest's in-memory search snapshot (SPEC N10, list-digest.ts): every household's strings in two
 * long texts, so that one indexOf per text finds every match instead of a check per household, in N7's
 * order so that a page stops after its matches.
 */

/** Between two households in a snapshot's texts (within one, DIGEST_SEPARATOR joins its strings). */
const BETWEEN = '\u0001';
/** More changes than this since the snapshot, and the next answer builds it again. */
export const MAX_CHANGED_SINCE = 2000;

export interface Snapshot {
  /** In the list's order (N7): a scan's hits, sorted by index, come in that order. */
  list: DigestedHousehold[];
  hay: string;
  hayAt: Int32Array;
  initials: string;
  initialsAt: Int32Array;
  /** The indexes of households whose initials were not computed (pinyin not loaded): checked for every letter query. */
  noInitials: number[];
}

export function buildSnapshot(list: DigestedHousehold[]): Snapshot {
  // In N7's order once here, so that a page stops after its matches instead of sorting every match.
  list.sort(inOrder);
  const hayAt = new Int32Array(list.length + 1);
  const initialsAt = new Int32Array(list.length + 1);
  const hay: string[] = [];
  const initials: string[] = [];
  const noInitials: number[] = [];
  let a = 0, b = 0;
  list.forEach((h, i) => {
    hayAt[i] = a;
    initialsAt[i] = b;
    const text = hayOf(h); // a restored household's stored text: no row parsed
    hay.push(text);
    a += text.length + 1;
    if (h.initials === null) noInitials.push(i);
    const ini = h.initials ?? '';
    initials.push(ini);
    b += ini.length + 1;
  });
  hayAt[list.length] = a;
  initialsAt[list.length] = b;
  return { list, hay: hay.join(BETWEEN), hayAt, initials: initials.join(BETWEEN), initialsAt, noInitials };
}

/** Adds to `out` the index of every household whose part of `text` (from `at`) contains `q` (each once, ascending). */
function scan(text: string, at: Int32Array, count: number, q: string, out: number[]): void {
  let p = text.indexOf(q);
  while (p >= 0) {
    let lo = 0, hi = count - 1;
    while (lo < hi) {
      const m = (lo + hi + 1) >> 1;
      if (at[m]! <= p) lo = m;
      else hi = m - 1;
    }
    out.push(lo);
    p = text.indexOf(q, at[lo + 1]!);
  }
}

/**
 * The indexes of the households whose strings may match `text` (ascending, an index twice when both texts
 * hold it), or null: every household is to be checked. The texts contain the query where one household's
 * string does (it holds neither separator); then digestMatches decides, exactly N4's check. A query with a
 * separator, or none, checks every household.
 */
export function candidates(snap: Snapshot, text: string): Int32Array | null {
  const q = text.trim().toLowerCase();
  if (q === '' || q.includes(DIGEST_SEPARATOR) || q.includes(BETWEEN)) return null;
  const hits: number[] = [];
  scan(snap.hay, snap.hayAt, snap.list.length, q, hits);
  if (/[a-z]/.test(q)) {
    scan(snap.initials, snap.initialsAt, snap.list.length, q, hits);
    hits.push(...snap.noInitials);
  }
  return Int32Array.from(hits).sort();
}

/** Households in N7's order, read from their keys (a restored household's row is not parsed for it). */
export const inOrder = (a: DigestedHousehold, b: DigestedHousehold) => byUpdatedDesc(keyOf(a), keyOf(b));

/** A part's entries in N7's order, the households first (the others are not listed). */
export function inListOrder(a: PartEntry, b: PartEntry): number {
  return a[2] && b[2] ? inOrder(a[2], b[2]) : a[2] ? -1 : b[2] ? 1 : 0;
}
