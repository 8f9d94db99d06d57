import { deepEqual } from '../shared/rules/deep-equal';
import { lookupHash } from '../security/lookup-hash';
import type { RecordRow } from './user-db';

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

type IndexFields = Pick<RecordRow, 'eventId' | 'shelterSiteId' | 'placement' | 'checkInAt' | 'checkedOut' | 'damageLevel' | 'membersCount' | 'originalId' | 'idHmacs'>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The clear index fields of a record (only what identifies nobody) and the keyed hashes of its ID numbers.
 * Every writer of a record row (save, pull) builds the row from this, so the indexes never miss a record
 * written by this release. (No name index since Dexie version 7: searches read the list digest, SPEC N10.)
 */
export async function indexFields(fields: Fields, lookupKey: CryptoKey): Promise<IndexFields> {
  const hmacs = await Promise.all(collectIdNumbers(fields).map((n) => lookupHash(lookupKey, n)));
  const damage = fields.damage as { level?: unknown } | undefined;
  const out: IndexFields = { checkedOut: fields.checkOut ? 1 : 0, idHmacs: [...new Set(hmacs)] };
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
