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
function haystack(c: CachedRecord): string[] {
  let hay = haystacks.get(c);
  if (!hay) {
    const f = c.fields as HouseholdShape;
    const all = [f.head?.name, f.origin?.village, ...(f.members ?? []).map((m) => m.name), ...collectIdNumbers(c.fields)];
    hay = all.filter((s): s is string => typeof s === 'string').map((s) => s.toLowerCase());
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
  /** A record holding only what toHouseholdListItem and matchesText read, its clear row fields included. */
  c: CachedRecord;
  /** The lower-cased searchable strings, joined by NUL: contains the query if one of them does. */
  hay: string;
  /** The names' pinyin initials, joined by NUL; null when pinyin was not loaded (then every letter query is checked). */
  initials: string | null;
}

/** The NUL joining a digest's strings: a query holding it is checked string by string (matchesText). */
export const DIGEST_SEPARATOR = '\u0000';

/**
 * What the list digest keeps of a decrypted household (SPEC N10): the fields toHouseholdListItem and
 * matchesText read (head's name and ID number, members' names, village, transfers' time and site) with
 * the haystack and the names' initials computed now from the whole record (so its other ID numbers
 * are searched as before, N4) and kept for the returned record, the clear row fields the list shows
 * (no sealed copies, no index entries). toHouseholdListItem and matchesText give on it what they give on
 * the whole record.
 */
export function digestOf(full: CachedRecord): DigestedHousehold {
  const f = full.fields as HouseholdShape & { transfers?: unknown };
  const r = full.row;
  const row = {
    id: r.id, entity: r.entity, rev: r.rev, eventId: r.eventId, shelterSiteId: r.shelterSiteId, placement: r.placement,
    checkInAt: r.checkInAt, checkedOut: r.checkedOut, membersCount: r.membersCount, syncState: r.syncState, rejection: r.rejection, updatedAt: r.updatedAt,
  } as CachedRecord['row'];
  const fields: HouseholdShape & { transfers?: unknown } = {};
  if (f.head !== undefined) fields.head = f.head && { name: f.head.name, idNumber: f.head.idNumber };
  if (f.members !== undefined) fields.members = Array.isArray(f.members) ? f.members.map((m) => (m && typeof m === 'object' ? { name: m.name } : m)) : f.members;
  if (f.origin !== undefined) fields.origin = f.origin && { village: f.origin.village };
  if (Array.isArray(f.transfers)) fields.transfers = (f.transfers as { at: string; toSiteId: string }[]).map((t) => ({ at: t.at, toSiteId: t.toSiteId }));
  const c: CachedRecord = { row, fields: fields as CachedRecord['fields'] };
  const hay = haystack(full);
  haystacks.set(c, hay);
  let initials: string | null = null;
  if (pinyinLoaded()) {
    const each = namesOf(full.fields).map((n) => initialsNow(n) ?? '');
    initialsHaystacks.set(c, each);
    initials = each.join(DIGEST_SEPARATOR);
  }
  return { c, hay: hay.join(DIGEST_SEPARATOR), initials };
}

/**
 * Case-insensitive substring over the decrypted names (head and members), village and ID numbers, and
 * over the names' pinyin initials (N3: "zjg" or "jg" finds 张建国; call loadPinyin first).
 */
export function matchesText(c: CachedRecord, text: string): boolean {
  const q = text.trim().toLowerCase();
  if (!q) return true;
  return haystack(c).some((s) => s.includes(q)) || (/[a-z]/.test(q) && initialsMatch(c, q));
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
