/**
 * The value a record's schema parsed from the fields a push stored (SPEC I2 "validate once"), kept beside
 * the stored fields object for as long as that object lives: what reads the same write again in this
 * process (the dashboard's counter, dashboard/counter.ts) takes it from here instead of parsing again.
 * A WeakMap keyed by the fields object, so nothing is held past the record it belongs to.
 */
const parsedOf = new WeakMap<object, unknown>();

/** In apply-change step 6: `fields` is what is stored, `value` its schema's parse (defaults included). */
export function rememberParsed(fields: object, value: unknown): void {
  parsedOf.set(fields, value);
}

/** The parse of exactly this fields object, if a push made one. */
export function parsedValueOf(fields: object): unknown {
  return parsedOf.get(fields);
}
