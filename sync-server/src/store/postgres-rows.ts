import { rowMappers, type Decode } from './rows';

/**
 * How `pg` hands values back (issue 14: the one place the PostgreSQL store's reading differs): booleans
 * as true/false, timestamptz as a Date (read back as ISO text), jsonb already parsed. The mapping itself
 * is rows.ts.
 */
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

export const postgresDecode: Decode = {
  bool: (v) => v === true,
  time: iso,
  json: <T>(v: unknown) => v as T,
  jsonText: (v) => JSON.stringify(v),
};

export const postgresRows = rowMappers(postgresDecode);

export const { toRecord } = postgresRows;
