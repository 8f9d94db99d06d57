import type { HouseholdListItem } from './contracts';
import { maskIdNumber } from '../shared/rules/id-number';
import { collectIdNumbers } from './record-fields';
import type { CachedRecord } from './record-cache';
import { namesOf } from './name-index';
import { initialsNow, pinyinLoaded } from './pinyin-initials';

interface HouseholdShape {
  head?: { name?: string; idNumber?: string };
  members?: { name?: string }[];
  origin?: { village?: string };
}

/** The latest transfer's site, else the first placement's (stay-at.ts: transfers move the household). */
function currentSite(f: Record<string, unknown>, first: string | null): string | null {
  const moves = Array.isArray(f.transfers) ? (f.transfers as { at: string; toSiteId: string }[]) : [];
  const last = [...moves].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).pop();
  return last?.toSiteId ?? first;
}

/** The list row of a decrypted household; the ID number is masked (privacy.md §3). */
export function toHouseholdListItem(c: CachedRecord): HouseholdListItem {
  const f = c.fields as HouseholdShape & Record<string, unknown>;
  const r = c.row;
  return {
    id: r.id,
    headName: f.head?.name ?? '',
    headIdMasked: f.head?.idNumber ? maskIdNumber(f.head.idNumber) : '',
    membersCount: r.membersCount ?? 0,
    village: f.origin?.village ?? '',
    placement: r.placement === 'dispersed' ? 'dispersed' : 'centralised',
    shelterSiteId: r.shelterSiteId ?? null,
    currentSiteId: currentSite(f, r.shelterSiteId ?? null),
    eventId: r.eventId ?? '',
    checkInAt: r.checkInAt ?? '',
    checkedOut: r.checkedOut === 1,
    syncState: r.syncState,
    rejection: r.rejection,
    updatedAt: r.updatedAt,
  };
}

/**
 * The lower-cased searchable strings of a cached record, computed once per cached (decrypted) version:
 * the cache replaces the CachedRecord object when its row changes, so the WeakMap never goes stale.
 */
const haystacks = new WeakMap<CachedRecord, string[]>();
/** Lower-cased, the same string when nothing changes (V8 copies a two-byte one anyway): the digest holds it once. */
function lower(s: string): string {
  const l = s.toLowerCase();
  return l === s ? s : l;
}
function haystack(c: CachedRecord): string[] {
  let hay = haystacks.get(c);
  if (!hay) {
    const f = c.fields as HouseholdShape;
    const all = [f.head?.name, f.origin?.village, ...(f.members ?? []).map((m) => m.name), ...collectIdNumbers(c.fields)];
    // Each string once (the head is often a member too): a substring of one is a substring of it.
    hay = [...new Set(all.filter((s): s is string => typeof s === 'string').map(lower))];
    haystacks.set(c, hay);
  }
  return hay;
}

/**
 * The pinyin initials of the names (SPEC N3), each converted on first need (pinyin-initials.ts): a check
 * stops at the first name that matches, usually the head's, so a page of matches converts about one name
 * per household, not every member's (pinyin-pro costs tens of µs a name; issue 18). Kept per cached
 * (decrypted) version, as the haystack above; `undefined` marks a name not converted yet.
 */
const initialsHaystacks = new WeakMap<CachedRecord, (string | undefined)[]>();
function initialsMatch(c: CachedRecord, q: string): boolean {
  if (!pinyinLoaded()) return false;
  const names = namesOf(c.fields);
  let hay = initialsHaystacks.get(c);
  if (!hay) {
    hay = new Array<string | undefined>(names.length);
    initialsHaystacks.set(c, hay);
  }
  for (let i = 0; i < names.length; i++) {
    hay[i] ??= initialsNow(names[i]!) ?? '';
    if (hay[i]!.includes(q)) return true;
  }
  return false;
}

/** What the household list digest keeps of a household (SPEC N10): see digestOf. */
export interface DigestedHousehold {
  /** Its list row, as toHouseholdListItem gives it on the whole record (an answer gets a copy). */
  item: HouseholdListItem;
  /** The lower-cased searchable strings (N4), as matchesText reads them on the whole record. */
  hay: string[];
  /**
   * The names' pinyin initials (letters only, pinyin-initials.ts), each once, joined by NUL: it contains a
   * query without NUL if one of them does. Null when pinyin was not loaded (then `names` keeps the names to
   * convert later, as initialsMatch does).
   */
  initials: string | null;
  names: string[] | null;
}

/** The NUL joining a digest's strings (its initials, the snapshot's texts): a query holding it is checked string by string. */
export const DIGEST_SEPARATOR = '\u0000';

/**
 * What the list digest keeps of a decrypted household (SPEC N10): its list row (toHouseholdListItem:
 * the head's name, the masked ID number, the village, the current site, the clear row fields), the
 * lower-cased searchable strings of N4 (every ID number the record holds) and the names' pinyin initials,
 * computed now from the whole record. Nothing else of it: no fields object, no sealed copy, no index
 * entries. digestMatches gives on it what matchesText gives on the whole record.
 */
export function digestOf(full: CachedRecord): DigestedHousehold {
  const names = [...new Set(namesOf(full.fields))];
  const loaded = pinyinLoaded();
  return { item: toHouseholdListItem(full), hay: haystack(full), initials: loaded ? initialsOf(names) : null, names: loaded ? null : names };
}

const initialsOf = (names: string[]) => [...new Set(names.map((n) => initialsNow(n) ?? ''))].join(DIGEST_SEPARATOR);

/** N4's check of `text` on a household's lower-cased strings, then (a query with a letter) on its names' initials. */
function check(hay: string[], initialsMatch: (q: string) => boolean, text: string): boolean {
  const q = text.trim().toLowerCase();
  if (!q) return true;
  return hay.some((s) => s.includes(q)) || (/[a-z]/.test(q) && initialsMatch(q));
}

/**
 * Case-insensitive substring over the decrypted names (head and members), village and ID numbers, and
 * over the names' pinyin initials (N3: "zjg" or "jg" finds 张建国; call loadPinyin first).
 */
export function matchesText(c: CachedRecord, text: string): boolean {
  return check(haystack(c), (q) => initialsMatch(c, q), text);
}

/** matchesText on what the digest keeps of a household (digestOf): the same answer for every text. */
export function digestMatches(h: DigestedHousehold, text: string): boolean {
  // Initials are letters only: none holds a NUL, so a query with one matches none (and the joined text cannot say so).
  return check(h.hay, (q) => !q.includes(DIGEST_SEPARATOR) && digestInitials(h).includes(q), text);
}

/** The initials of a household digested before pinyin loaded, converted once it has (as initialsMatch does). */
function digestInitials(h: DigestedHousehold): string {
  if (h.initials === null && pinyinLoaded()) {
    h.initials = initialsOf(h.names!);
    h.names = null;
  }
  return h.initials ?? '';
}

/**
 * The list's order: the latest `updatedAt` first, then the larger id first (SPEC N7, N8): the name
 * index holds a token's records by (updatedAt, id), so its order read backwards is this one, ties too.
 */
export function byUpdatedDesc(a: HouseholdListItem, b: HouseholdListItem): number {
  return a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The rows the household list shows at a time and fetches per "show more" (SPEC N7). */
export const HOUSEHOLD_PAGE = 50;

/** One page of a household search (N7): `more` says another match exists, never how many. */
export interface HouseholdPage {
  items: HouseholdListItem[];
  more: boolean;
}

/**
 * The first `limit` matches among the index's candidates, in the list's order (SPEC N7, N8). The
 * candidates come in that order from the index itself (nameIndexCandidates), so no row is read for it:
 * they are read and decrypted in that order, only as many at a time as the page still needs, so a query
 * with thousands of true matches reads and decrypts `limit + 1` records plus the candidates the check
 * rejects (the one after the page says whether there is more, and is then in the cache for the next
 * page). `decrypt` reads the rows, skips those `rowWanted` refuses (another entity or event: never
 * decrypted) and takes the records already decrypted from the cache.
 */
export async function householdCandidatesPage(
  decrypt: (ids: string[], rowWanted: (row: CachedRecord['row']) => boolean) => Promise<CachedRecord[]>,
  candidates: { first(n: number): Promise<string[]> },
  keep: { eventId?: string; matches: (c: CachedRecord) => boolean },
  limit: number,
): Promise<HouseholdPage> {
  const rowWanted = (r: CachedRecord['row']) => r.entity === 'household' && (!keep.eventId || r.eventId === keep.eventId);
  const found = new Map<string, CachedRecord>();
  let order: string[] = [];
  let exhausted = false;
  let next = 0;
  while (found.size <= limit) {
    const want = limit + 1 - found.size;
    if (next + want > order.length && !exhausted) {
      // The index is read only as far as needed, twice as far each time the rejected ones ask for more.
      const n = Math.max(next + want, 2 * order.length);
      order = await candidates.first(n);
      exhausted = order.length < n;
    }
    const chunk = order.slice(next, next + want);
    if (chunk.length === 0) break;
    next += chunk.length;
    for (const c of await decrypt(chunk, rowWanted)) {
      // The cache may hold a newer row than the index named: the entity and the check are re-read here
      // (and a record the index moved between two reads is taken once).
      if (rowWanted(c.row) && keep.matches(c)) found.set(c.row.id, c);
    }
  }
  // Sorted again: a row written since the index was read may have moved (its order is its own row's).
  const items = [...found.values()].map(toHouseholdListItem).sort(byUpdatedDesc);
  return { items: items.slice(0, limit), more: items.length > limit };
}
