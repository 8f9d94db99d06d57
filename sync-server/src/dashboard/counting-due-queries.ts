import type { CompiledQuery } from 'kysely';
import type { CountedDb } from './counted-queries';

/** The marks of migration 013 (SPEC D9): what a write left to be counted, compiled like counted-queries.ts. */

export const insertDue = (db: CountedDb, rows: readonly { entity: string; record_id: string }[]): CompiledQuery =>
  db.insertInto('counting_due').values([...rows]).compile();

/** The oldest marks, at most `limit`. */
export const selectDue = (db: CountedDb, limit: number): CompiledQuery =>
  db.selectFrom('counting_due').select(['id', 'entity', 'record_id']).orderBy('id').limit(limit).compile();

/** One mark or none: whether anything is due (the readers' cheap check). */
export const selectAnyDue = (db: CountedDb): CompiledQuery => db.selectFrom('counting_due').select(['id']).limit(1).compile();

export const deleteDue = (db: CountedDb, ids: readonly number[]): CompiledQuery => db.deleteFrom('counting_due').where('id', 'in', [...ids]).compile();
