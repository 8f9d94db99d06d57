/**
 * JSON with object keys sorted at every level, so two encodings of the same value are the same text
 * (SPEC P8: a change's content hash must not depend on the order a tablet wrote its keys in).
 * Arrays keep their order; `undefined` members are left out, as JSON.stringify does.
 *
 * Written as one walk appending to a string (issue 14: the server hashes every pushed change, and the
 * entries/filter/sort/map/join version cost as much as validating the change). The text is the same,
 * byte for byte, as before: stored hashes must match replays (test: canonical-json.test.ts).
 *
 * Eighth session of issue 14 (the walk was ~19 µs of the ~650 µs of server CPU a storm record costs):
 * a string with nothing JSON escapes is quoted without calling JSON.stringify, a key's quoted text is
 * kept, and keys already in order are not sorted again. Same text (the tests compare with the first
 * implementation), ~40 % less time on the storm's changes.
 */
/** Nothing JSON.stringify escapes: no quote, backslash, control character or surrogate (a lone one is escaped). */
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
/** `"key":` per key seen; keys are a form's field names, so few: bounded all the same (a body's keys are the client's). */
const quotedKeys = new Map<string, string>();
const MAX_QUOTED_KEYS = 2000;
const MAX_QUOTED_KEY_LENGTH = 64;

function quotedKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k) + ':';
    if (quotedKeys.size < MAX_QUOTED_KEYS && k.length <= MAX_QUOTED_KEY_LENGTH) quotedKeys.set(k, q);
  }
  return q;
}

/**
 * Sorts keys by UTF-16 code units, as Array#sort without a comparator does (keys are distinct strings, so
 * stability does not matter). A form's objects have tens of keys: an insertion sort in place, because
 * Array#sort allocated ~8 KB per change hashed in a storm (V8's sort copies into work arrays; heap
 * profile, issue 14 eighth session); longer lists still go to Array#sort.
 */
export function sortKeys(keys: string[]): void {
  if (keys.length > 64) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
}

export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return PLAIN.test(value) ? '"' + value + '"' : JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // JSON.stringify's own rule: non-finite numbers are null, the rest as Number#toString.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'object':
      break;
    default:
      return JSON.stringify(value) ?? 'null';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const v: unknown = value[i];
      out += v === undefined ? 'null' : canonicalJson(v);
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  // Array#sort without a comparator orders strings by UTF-16 code units, as `<` does.
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i]! < keys[i - 1]!) {
      sortKeys(keys);
      break;
    }
  }
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += quotedKey(k) + canonicalJson(v);
  }
  return out + '}';
}
