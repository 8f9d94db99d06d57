import type { HouseholdListItem } from './contracts';
import { maskIdNumber } from '../shared/rules/id-number';
import { collectIdNumbers } from './record-fields';
import type { CachedRecord } from './record-cache';
import { initialsOf } from './name-index';
import { pinyinLoaded } from './pinyin-initials';

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

/** The pinyin initials of the names (SPEC N3), once pinyin has loaded (pinyin-initials.ts). */
const initialsHaystacks = new WeakMap<CachedRecord, string[]>();
function initialsHaystack(c: CachedRecord): string[] {
  let hay = initialsHaystacks.get(c);
  if (!hay) {
    if (!pinyinLoaded()) return [];
    hay = initialsOf(c.fields);
    initialsHaystacks.set(c, hay);
  }
  return hay;
}

/**
 * Case-insensitive substring over the decrypted names (head and members), village and ID numbers, and
 * over the names' pinyin initials (N3: "zjg" or "jg" finds 张建国; call loadPinyin first).
 */
export function matchesText(c: CachedRecord, text: string): boolean {
  const q = text.trim().toLowerCase();
  if (!q) return true;
  return haystack(c).some((s) => s.includes(q)) || (/[a-z]/.test(q) && initialsHaystack(c).some((s) => s.includes(q)));
}

export function byUpdatedDesc(a: HouseholdListItem, b: HouseholdListItem): number {
  return a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? -1 : 1;
}

/** The rows the household list shows at a time and fetches per "show more" (SPEC N7). */
export const HOUSEHOLD_PAGE = 50;

/** One page of a household search (N7): `more` says another match exists, never how many. */
export interface HouseholdPage {
  items: HouseholdListItem[];
  more: boolean;
}

/** The list's order (byUpdatedDesc) on the rows' clear fields, before anything is decrypted. */
function rowsByUpdatedDesc(a: { updatedAt: string; id: string }, b: { updatedAt: string; id: string }): number {
  return a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? -1 : 1;
}

/**
 * The first `limit` matches among the index's candidates, in the list's order (SPEC N7). The candidates
 * are sorted by their clear `updatedAt` (and id) before any is decrypted; then only as many as are
 * still needed are decrypted at a time, so a query with thousands of true matches decrypts `limit + 1`
 * records plus the candidates the decrypted check rejects (the one after the page says whether there
 * is more, and is then in the cache for the next page). Records already decrypted come from the cache.
 */
export async function householdCandidatesPage(
  read: {
    rows(ids: string[]): Promise<({ id: string; entity: string; eventId?: string; updatedAt: string } | undefined)[]>;
    decrypt(ids: string[]): Promise<CachedRecord[]>;
  },
  ids: string[],
  keep: { eventId?: string; matches: (c: CachedRecord) => boolean },
  limit: number,
): Promise<HouseholdPage> {
  const keepIt = (c: CachedRecord) => c.row.entity === 'household' && (!keep.eventId || c.row.eventId === keep.eventId) && keep.matches(c);
  if (ids.length <= limit + 1) {
    // Every candidate would be decrypted anyway: no separate read of the rows for their order.
    const items = (await read.decrypt(ids)).filter(keepIt).map(toHouseholdListItem).sort(byUpdatedDesc);
    return { items: items.slice(0, limit), more: items.length > limit };
  }
  const order = (await read.rows(ids))
    .filter((r): r is NonNullable<typeof r> => !!r && r.entity === 'household' && (!keep.eventId || r.eventId === keep.eventId))
    .sort(rowsByUpdatedDesc)
    .map((r) => r.id);
  const found: CachedRecord[] = [];
  let next = 0;
  while (found.length <= limit && next < order.length) {
    const chunk = order.slice(next, next + limit + 1 - found.length);
    next += chunk.length;
    for (const c of await read.decrypt(chunk)) {
      // The cache may hold a newer row than the one sorted: the check and the entity are re-read here.
      if (keepIt(c)) found.push(c);
    }
  }
  const items = found.map(toHouseholdListItem).sort(byUpdatedDesc);
  return { items: items.slice(0, limit), more: items.length > limit };
}
