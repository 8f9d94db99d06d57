import { deepEqual } from '../shared/rules/deep-equal';
import { lookupHash } from '../security/lookup-hash';
import type { RecordRow } from './user-db';
import { nameKeys } from './name-index';

export type Fields = Record<string, unknown>;

/** Plain JSON: drops `undefined`, copies, so what we seal is exactly what we would send. */
export function toJsonFields(value: unknown): Fields {
  return JSON.parse(JSON.stringify(value)) as Fields;
}


/**
 * The top-level fields a save sends (rule P1). Changed against the server's copy (so a change that the
 * server rejected, or that is still queued, is carried again: the change is cumulative) and against the
 * previous local save (so undoing a still-queued edit is sent too). Values are the new ones; removed
 * fields are null.
 */
export function changedFields(server: Fields, previous: Fields, next: Fields): Fields {
  const keys = new Set([...Object.keys(server), ...Object.keys(previous), ...Object.keys(next)]);
  const out: Fields = {};
  for (const k of keys) {
    if (deepEqual(next[k], server[k]) && deepEqual(next[k], previous[k])) continue;
    out[k] = next[k] === undefined ? null : next[k];
  }
  return out;
}

/** Every string under a key named `idNumber`, at any depth (head, members, ...). */
export function collectIdNumbers(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) collectIdNumbers(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'idNumber' && typeof v === 'string' && v.trim()) out.push(v);
      else collectIdNumbers(v, out);
    }
  }
  return out;
}

type IndexFields = Pick<RecordRow, 'eventId' | 'shelterSiteId' | 'placement' | 'checkInAt' | 'checkedOut' | 'damageLevel' | 'membersCount' | 'originalId' | 'idHmacs' | 'nameKeys'>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The clear index fields of a record (only what identifies nobody), the keyed hashes of its ID numbers
 * and its name index entries (keyed tokens, SPEC N1). Every writer of a record row (save, pull) builds
 * the row from this, so the indexes never miss a record written by this release. `names: false` leaves
 * `nameKeys` out (the save's fallback when pinyin cannot load; it then marks the index pending, N5).
 */
export async function indexFields(fields: Fields, lookupKey: CryptoKey, options: { names?: boolean } = {}): Promise<IndexFields> {
  const [hmacs, names] = await Promise.all([
    Promise.all(collectIdNumbers(fields).map((n) => lookupHash(lookupKey, n))),
    options.names === false ? Promise.resolve(undefined) : nameKeys(fields, lookupKey),
  ]);
  const damage = fields.damage as { level?: unknown } | undefined;
  const out: IndexFields = { checkedOut: fields.checkOut ? 1 : 0, idHmacs: [...new Set(hmacs)] };
  if (names) out.nameKeys = names;
  const eventId = str(fields.eventId);
  if (eventId) out.eventId = eventId;
  const siteId = str(fields.shelterSiteId);
  if (siteId) out.shelterSiteId = siteId;
  const placement = str(fields.placement);
  if (placement) out.placement = placement;
  const checkInAt = str(fields.checkInAt);
  if (checkInAt) out.checkInAt = checkInAt;
  const level = str(damage?.level);
  if (level) out.damageLevel = level;
  if (typeof fields.membersCount === 'number') out.membersCount = fields.membersCount;
  const originalId = str(fields.originalId);
  if (originalId) out.originalId = originalId;
  return out;
}
