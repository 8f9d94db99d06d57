import type { ChangeResult } from '../../../src/shared/protocol/messages';
import { rowMappers, type Decode } from './rows';

/**
 * How better-sqlite3 hands values back (issue 14: the one place the SQLite store's reading differs):
 * booleans as 0/1, times as the ISO text written, JSON as text. The mapping itself is rows.ts.
 */
export const sqliteDecode: Decode = {
  bool: (v) => v === 1,
  time: (v) => v as string,
  json: <T>(v: unknown) => JSON.parse(v as string) as T,
  // The store writes every JSON column with JSON.stringify, whose text parses and stringifies back to itself.
  jsonText: (v) => v as string,
};

export const sqliteRows = rowMappers(sqliteDecode);

/** A records row as better-sqlite3 returns it. */
export type SqlRecord = {
  entity: string; id: string; township: string | null; version: number; fields: string; field_versions: string; field_stamps: string;
  server_seq: number; created_by: string | null; updated_by: string | null; origin_client: string | null;
  created_at: string; updated_at: string; deleted: number; id_hmac: string | null;
};

export const { toRecord } = sqliteRows;
export const parseResult = (json: string): ChangeResult => JSON.parse(json) as ChangeResult;
