import type { RecordRow } from './user-db';

/**
 * A stored row without the retired name index's entries (SPEC N1, dropped in Dexie version 7): rows written
 * before version 7 may still carry `nameKeys`, dead weight no index reads. Every writer that puts back a row
 * it read (a push answer, a pull's note) passes it through here, so the property goes at the row's next write.
 */
export function withoutNameKeys(row: RecordRow): RecordRow {
  if (!('nameKeys' in row)) return row;
  const { nameKeys: _retired, ...rest } = row;
  return rest;
}
