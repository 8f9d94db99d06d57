/**
 * A record's field stamps as JSON.stringify writes them, byte for byte (what the store keeps and the merge
 * reads back, SPEC C9), without serialising one stamp once per field (issue 14). A record written whole
 * has one stamp object for all its fields (stamp-fields.ts; a push's creates), and JSON.stringify wrote
 * it again for each: ~1.9 KB of text a storm survey, about as much as its fields. Here a run of fields
 * holding the same object writes its text once and repeats it. When the stamps are mostly distinct
 * objects (a record read back and merged) or a value is anything but a plain object, JSON.stringify
 * itself. Same keys in the same order (Object.keys and JSON.stringify both take own enumerable string
 * keys, integer-like ones first). Test: sync-server/test/stamps-json.test.ts.
 */
/** No value yet (not `undefined`, which JSON.stringify leaves out: that goes its way). */
const NONE = {};

export function fieldStampsJson(stamps: Record<string, unknown>): string {
  const keys = Object.keys(stamps);
  let runs = 0;
  let last: unknown = NONE;
  for (const k of keys) {
    const v = stamps[k];
    if (v === last) continue;
    // undefined (left out), null, text, arrays, objects of another prototype: JSON.stringify's own rules.
    if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return JSON.stringify(stamps);
    last = v;
    // Mostly distinct stamps: nothing to share, one native call is cheaper.
    if (++runs * 4 > keys.length) return JSON.stringify(stamps);
  }
  let out = '{';
  let text = '';
  last = NONE;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = stamps[k];
    if (v !== last) {
      last = v;
      text = JSON.stringify(v);
    }
    out += (i > 0 ? ',' : '') + quotedKey(k) + text;
  }
  return out + '}';
}

/** `"key":` per field name seen (JSON.stringify's quoting); bounded, as the names are the client's. */
const quotedKeys = new Map<string, string>();
function quotedKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k) + ':';
    if (quotedKeys.size < 2000 && k.length <= 64) quotedKeys.set(k, q);
  }
  return q;
}
