import { fromUtf8 } from '../security/bytes';
import type { HouseholdListItem } from './contracts';
import { DIGEST_SEPARATOR, type DigestedHousehold } from './household-list';

/**
 * The households of a format 2 part of the list digest's sealed copy (SPEC N11, digest-parts.ts): what
 * the first answer after unlock reads of every household (its id, `updatedAt` and event: N7's order and
 * the event asked; its searched strings and initials) in columns parsed at once, and its list row kept
 * as text, parsed only when an answer shows that row (a page's 50, not 50,000: issue 18, the first search
 * after unlock waited ~0.6 s at 50,000 for parsing rows it did not show).
 */

/** What N7's order and an answer's event filter read of a household: its list row's, or a stored household's columns. */
export interface ListKey {
  readonly id: string;
  readonly updatedAt: string;
  readonly eventId: string;
}

/** A list row's fields, in toHouseholdListItem's order; the three in ListKey are columns, the others the row's text. */
const ITEM_KEYS = ['id', 'headName', 'headIdMasked', 'membersCount', 'village', 'placement', 'shelterSiteId', 'currentSiteId', 'eventId', 'checkInAt', 'checkedOut', 'syncState', 'rejection', 'updatedAt'] as const;
// Every field of a list row is named above (a field added to HouseholdListItem fails to compile here until it is).
const everyField: Exclude<keyof HouseholdListItem, (typeof ITEM_KEYS)[number]> extends never ? true : false = true;
void everyField;
const isColumn = (k: (typeof ITEM_KEYS)[number]): k is keyof ListKey => k === 'id' || k === 'eventId' || k === 'updatedAt';
const ROW_KEYS = ITEM_KEYS.filter((k) => !isColumn(k));

/** A row's value for a field the item does not have (undefined): no field of a list row is an array. */
const ABSENT: readonly never[] = [];

/** A household's list row as a part's text: its fields but the columns, in order, as a JSON array (no newline). */
export function rowText(h: DigestedHousehold): string {
  if (h instanceof StoredHousehold) return h.rowText();
  const item = h.item as unknown as Record<string, unknown>;
  return JSON.stringify(ROW_KEYS.map((k) => (item[k] === undefined ? ABSENT : item[k])));
}

/** Rows parsed from parts' texts since this module loaded (tests: a first search parses a page's, not every household's). */
let parsed = 0;
export const rowsParsed = () => parsed;

/** One part's list rows: their UTF-8 text, one a line, read only when asked for. */
export class PartRows {
  private constructor(
    private readonly bytes: Uint8Array,
    /** Where each row's text ends (its newline, or the end). */
    private readonly ends: Int32Array,
  ) {}

  /** The rows of `bytes` (a copy is kept), or null when it holds fewer than `count` lines. */
  static of(bytes: Uint8Array, count: number): PartRows | null {
    const ends = new Int32Array(count);
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (at > bytes.length) return null;
      const nl = bytes.indexOf(0x0a, at);
      ends[i] = nl < 0 ? bytes.length : nl;
      at = ends[i]! + 1;
    }
    return new PartRows(bytes.slice(0, count > 0 ? ends[count - 1] : 0), ends);
  }

  text(i: number): string {
    return fromUtf8(this.bytes.subarray(i === 0 ? 0 : this.ends[i - 1]! + 1, this.ends[i]));
  }

  item(i: number, key: ListKey): HouseholdListItem {
    const row = JSON.parse(this.text(i)) as unknown[];
    parsed++;
    const item: Record<string, unknown> = {};
    let r = 0;
    for (const k of ITEM_KEYS) {
      const v = isColumn(k) ? key[k] : row[r++];
      if (!Array.isArray(v)) item[k] = v;
    }
    return item as unknown as HouseholdListItem;
  }
}

/**
 * A household restored from a format 2 part: a DigestedHousehold whose list row is parsed at its first
 * read (then kept) and whose searched strings are split from their joined text at theirs. The digest's
 * snapshot and its order read its key and joined text instead (keyOf, hayOf), parsing nothing.
 */
export class StoredHousehold implements DigestedHousehold, ListKey {
  private parsedItem: HouseholdListItem | null = null;
  private split: string[] | null = null;

  constructor(
    /** Its key (ListKey), from the columns: no object of its own (50,000 fewer at unlock). */
    readonly id: string,
    readonly updatedAt: string,
    readonly eventId: string,
    /** The searched strings joined by DIGEST_SEPARATOR, or the strings themselves when none or one holds it. */
    private readonly joined: string | string[],
    public initials: string | null,
    public names: string[] | null,
    private readonly rows: PartRows,
    private readonly at: number,
  ) {}

  get item(): HouseholdListItem {
    return (this.parsedItem ??= this.rows.item(this.at, this));
  }

  get hay(): string[] {
    return (this.split ??= typeof this.joined === 'string' ? this.joined.split(DIGEST_SEPARATOR) : this.joined);
  }

  /** The searched strings joined by DIGEST_SEPARATOR (hayOf). */
  hayText(): string {
    return typeof this.joined === 'string' ? this.joined : this.joined.join(DIGEST_SEPARATOR);
  }

  /** Its stored form: the searched strings joined, or as they are when that would not split back to them. */
  storedHay(): string | string[] {
    return this.joined;
  }

  rowText(): string {
    return this.rows.text(this.at);
  }
}

/** N7's key of a household, without parsing a stored one's row. */
export function keyOf(h: DigestedHousehold): ListKey {
  return h instanceof StoredHousehold ? h : h.item;
}

/** A household's searched strings joined by DIGEST_SEPARATOR (the snapshot's text). */
export function hayOf(h: DigestedHousehold): string {
  return h instanceof StoredHousehold ? h.hayText() : h.hay.join(DIGEST_SEPARATOR);
}

/** How a part stores a household's searched strings: joined, unless that would not split back to them (none, or one holding the separator). */
export function storedHayOf(h: DigestedHousehold): string | string[] {
  if (h instanceof StoredHousehold) return h.storedHay();
  return h.hay.length > 0 && !h.hay.some((s) => s.includes(DIGEST_SEPARATOR)) ? h.hay.join(DIGEST_SEPARATOR) : h.hay;
}

/** A plain copy of a household (tests: what a part holds, compared with a cold build's). */
export function plainOf(h: DigestedHousehold): DigestedHousehold {
  return { item: { ...h.item }, hay: [...h.hay], initials: h.initials, names: h.names };
}
