/**
 * SPEC C7: JSON has no `undefined`, so a removed top-level field travels as `null`. Reading a record,
 * a top-level null (or undefined) means "absent", so an optional field the schema types as
 * `T | undefined` validates again. Used by the tablet (pulled and server copies) and by the server
 * (the merged record it stores).
 */
export function withoutNulls(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Keys, not entries: no [key, value] pair per field (the server runs this on every record it merges, issue 14).
  for (const k of Object.keys(fields)) {
    const v = fields[k];
    if (v !== null && v !== undefined) out[k] = v;
  }
  return out;
}
