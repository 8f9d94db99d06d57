/**
 * JSON with object keys sorted at every level, so two encodings of the same value are the same text
 * (SPEC P8: a change's content hash must not depend on the order a tablet wrote its keys in).
 * Arrays keep their order; `undefined` members are left out, as JSON.stringify does.
 *
 * Written as one walk appending to a string (issue 14: the server hashes every pushed change, and the
 * entries/filter/sort/map/join version cost as much as validating the change). The text is the same,
 * byte for byte, as before: stored hashes must match replays (test: canonical-json.test.ts).
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
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
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(k) + ':' + canonicalJson(v);
  }
  return out + '}';
}
