import type { CompiledQuery, Kysely } from 'kysely';
import type { QueryDialect, Tables } from './query-builder';

/** migration 008: a case's steps in arrival order. */
interface CaseStepsTable {
  case_id: string;
  step_id: string;
  arrived: number;
}

type CaseTables = Tables & { case_steps: CaseStepsTable };

/** The same compile-only builder, seeing the case index too (its table is not in the shared Tables). */
const withCaseSteps = (q: QueryDialect) => q.db as unknown as Kysely<CaseTables>;

/**
 * The queries of the county's case list (CaseFilesStore), written once for both stores; the stores run
 * the compiled text. A county holds a few dozen townships at most: one IN list, far below either
 * database's parameter limit.
 */
export function selectCases(q: QueryDialect, townships: readonly string[] | null): CompiledQuery {
  let query = q.db.selectFrom('records').selectAll().where('entity', '=', 'case');
  if (townships !== null) query = query.where('township', 'in', townships.length ? [...townships] : ['\u0000none']);
  return query.orderBy('server_seq').compile();
}

/** The step records of the cases of these townships, by case and in arrival order (SPEC K5). */
export function selectCaseSteps(q: QueryDialect, townships: readonly string[] | null): CompiledQuery {
  const db = withCaseSteps(q);
  let query = db
    .selectFrom('case_steps as cs')
    .innerJoin('records as s', (j) => j.onRef('s.id', '=', 'cs.step_id').on('s.entity', '=', 'caseStep'))
    .innerJoin('records as c', (j) => j.onRef('c.id', '=', 'cs.case_id').on('c.entity', '=', 'case'))
    .selectAll('s')
    .select('cs.case_id as case_ref');
  if (townships !== null) query = query.where('c.township', 'in', townships.length ? [...townships] : ['\u0000none']);
  return query.orderBy('cs.case_id').orderBy('cs.arrived').compile();
}
