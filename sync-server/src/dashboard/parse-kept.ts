/**
 * The entity whose push parse the counter keeps (counter.ts `remember`, SPEC I2): its records' fields are read
 * by the count only when the push's parse is not the stored row's (count-io.ts `due`); the fields of other
 * counted records (hand-outs, corrections) are read with the rest of their row.
 */
export const PARSE_KEPT = 'household';
