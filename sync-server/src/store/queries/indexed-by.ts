import type { CompiledQuery } from 'kysely';

/**
 * SQLite's `INDEXED BY` on a compiled query's one `from "table"` (issue 14, thirteenth session). The server
 * runs no ANALYZE, and without statistics SQLite's planner takes an equality on an index's first column
 * (`entity = 'relief'`, `event_id = ?`) to match a handful of rows: it then serves a batch's IN-list
 * look-up from that index and reads every row of the entity or event, per push, at a cost that grows
 * with the database. Naming the index makes the plan the one the query was written for, and a missing
 * index an error at prepare rather than a silent scan (tests: sync-server/test/push-lookup-plans.test.ts).
 */
export function indexedBy(c: CompiledQuery, table: string, index: string): CompiledQuery {
  const from = `from "${table}"`;
  const at = c.sql.indexOf(from);
  if (at < 0 || c.sql.includes(from, at + 1)) throw new Error(`indexedBy: the query names ${from} ${at < 0 ? 'nowhere' : 'twice'}`);
  const end = at + from.length;
  return { ...c, sql: `${c.sql.slice(0, end)} indexed by ${index}${c.sql.slice(end)}` };
}
