import { sql, type CompiledQuery } from 'kysely';
import type { CountedDb } from './counted-queries';
import { paddedList } from '../store/queries/padded-list';
import { compiledOnce, multiRowOnce } from '../store/queries/compiled-once';

/** The marks of migration 013 (SPEC D9): what a write left to be counted, compiled like counted-queries.ts. */

/** Compiled once per number of rows (compiled-once.ts): every push's batch carries it (SQLite). */
export const insertDue = (db: CountedDb, rows: readonly { entity: string; record_id: string }[]): CompiledQuery =>
  multiRowOnce(db, 'insertDue', rows, ['entity', 'record_id'], (r) => db.insertInto('counting_due').values(r as { entity: string; record_id: string }[]).compile());

/**
 * PostgreSQL's form of insertDue: the marks as two arrays, in the order given (the ids' order), so that
 * the text is one whatever their number — a push's batch statement, which carries it, is prepared once
 * per connection (issue 14, postgres-batch.ts).
 */
export const insertDueArrays = (db: CountedDb, schema: string | null, rows: readonly { entity: string; record_id: string }[]): CompiledQuery => {
  const entities = rows.map((r) => r.entity);
  const ids = rows.map((r) => r.record_id);
  // Compiled once per builder and schema (compiled-once.ts), not by Kysely on every push.
  return compiledOnce(db, `insertDueArrays:${schema ?? ''}`, [entities, ids], () =>
    sql`insert into ${schema ? sql.id(schema, 'counting_due') : sql.id('counting_due')} (entity, record_id) select d.entity, d.record_id from unnest(${entities}::text[], ${ids}::text[]) with ordinality as d (entity, record_id, n) order by d.n`.compile(db),
  );
};

/** The oldest marks, at most `limit`. */
export const selectDue = (db: CountedDb, limit: number): CompiledQuery =>
  db.selectFrom('counting_due').select(['id', 'entity', 'record_id']).orderBy('id').limit(limit).compile();

/** One mark or none: whether anything is due (the readers' cheap check). */
export const selectAnyDue = (db: CountedDb): CompiledQuery => db.selectFrom('counting_due').select(['id']).limit(1).compile();

export const deleteDue = (db: CountedDb, ids: readonly number[]): CompiledQuery => db.deleteFrom('counting_due').where('id', 'in', paddedList(ids)).compile();
