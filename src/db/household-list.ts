import type { HouseholdListItem } from './contracts';
import { maskIdNumber } from '../shared/rules/id-number';
import { collectIdNumbers } from './record-fields';
import type { CachedRecord } from './record-cache';
import type { Fields } from './record-fields';
import type { RecordRow } from './user-db';
import { initialsNow, pinyinLoaded } from './pinyin-initials';

/** The names of a record: the head's and every member's (N3's initials are theirs). */
export function namesOf(fields: Fields): string[] {
  const f = fields as { head?: { name?: unknown }; members?: { name?: unknown }[] };
  const members = Array.isArray(f.members) ? f.members.map((m) => m?.name) : [];
  return [f.head?.name, ...members].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}

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
    hay = haystackOf(c.fields);
    haystacks.set(c, hay);
  }
  return hay;
}
function haystackOf(fields: Fields): string[] {
  const f = fields as HouseholdShape;
  const all = [f.head?.name, f.origin?.village, ...(f.members ?? []).map((m) => m.name), ...collectIdNumbers(fields)];
  // Each string once (the head is often a member too): a substring of one is a substring of it.
  return [...new Set(all.filter((s): s is string => typeof s === 'string').map(lower))];
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
  return { item: toHouseholdListItem(full), ...searchedOf(full.fields, haystack(full)) };
}

/** What digestOf keeps of a household's fields but its list row: the searched strings and the names' initials. */
export function searchedOf(fields: Fields, hay = haystackOf(fields)): Omit<DigestedHousehold, 'item'> {
  const names = [...new Set(namesOf(fields))];
  const loaded = pinyinLoaded();
  return { hay, initials: loaded ? initialsOf(names) : null, names: loaded ? null : names };
}

/**
 * A record row as a writer (a save, a pull) wrote it, with the fields sealed in it: what reading and
 * opening the row at that rev gives, so the list digest takes it without a read or a decryption (N10).
 * `digested`: searchedOf computed ahead on the fields (a pull's page is prepared before its write); the
 * list row is made from the row written (its sync state is decided in the write's transaction).
 */
export interface WrittenRecord {
  row: RecordRow;
  fields: Fields;
  digested?: Omit<DigestedHousehold, 'item'>;
}

/** The row's clear fields, as the digest reads them (no ciphertext, no hashes, no leftover name index). */
export function clearRowOf(row: RecordRow): CachedRecord['row'] {
  const { sealed: _s, sealedServer: _ss, nameKeys: _n, idHmacs: _h, ...clear } = row;
  return { ...clear, idHmacs: [] };
}

/** digestOf the written record: exactly what digestOf gives on the row read back and opened. */
export function digestOfWritten(w: WrittenRecord): DigestedHousehold {
  const full = { row: clearRowOf(w.row), fields: w.fields };
  return w.digested ? { item: toHouseholdListItem(full), ...w.digested } : digestOf(full);
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
  return withInitials(h).initials ?? '';
}

/** `h` with its names' initials computed, if they were not and pinyin has loaded since (in place). */
export function withInitials(h: DigestedHousehold): DigestedHousehold {
  if (h.initials === null && pinyinLoaded()) {
    h.initials = initialsOf(h.names!);
    h.names = null;
  }
  return h;
}

/**
 * The list's order: the latest `updatedAt` first, then the larger id first (SPEC N7; the order the retired
 * name index held, N8, kept so that no list changes its order).
 */
export function byUpdatedDesc(a: Pick<HouseholdListItem, 'updatedAt' | 'id'>, b: Pick<HouseholdListItem, 'updatedAt' | 'id'>): number {
  return a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The rows the household list shows at a time and fetches per "show more" (SPEC N7). */
export const HOUSEHOLD_PAGE = 50;

/** One page of a household search (N7): `more` says another match exists, never how many. */
export interface HouseholdPage {
  items: HouseholdListItem[];
  more: boolean;
}
