import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { QueryDialect, Tables } from './query-builder';
import { MAX_PULL_AREAS } from './record-queries';

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
 * A scope of no township (a supervisor of a county not yet divided) holds no case. Written before as
 * `township IN ('\u0000none')`: PostgreSQL refuses a NUL in text, and the load failed (case-file-plans.test.ts).
 */
const NO_TOWNSHIP = sql<boolean>`FALSE`;

/**
 * The queries of the county's case list (CaseFilesStore), written once for both stores; the stores run
 * the compiled text. A county holds a few dozen townships at most: one IN list, far below either
 * database's parameter limit.
 *
 * A county's cases (the list keeps serverSeq's order: cases as they arrived) are read on SQLite as the
 * records page reads an entity's (record-queries.ts firstSeqsOfAreas, with no page limit): their serverSeqs
 * from records_township_entity_seq (migration 017) alone, township by township, then the rows by serverSeq,
 * in order, no sort. Without statistics SQLite read two townships or more through records_entity_seq in
 * order, keeping the county's: every case of the city for a county of a few hundred, per load
 * (sync-server/test/case-file-plans.test.ts). Naming the index and sorting the rows instead cost a county of
 * 40,000 cases a third more (ingest-issue14.md). One township is that index's run already; PostgreSQL's
 * planner (analysed) takes that index unasked. A wider scope (more than MAX_PULL_AREAS townships: a
 * province's supervisor) holds most cases: their sequence, in order.
 */
export function selectCases(q: QueryDialect, townships: readonly string[] | null): CompiledQuery {
  const areas = new Set(townships).size;
  if (q.statistics || areas < 2 || areas > MAX_PULL_AREAS) {
    let query = q.db.selectFrom('records').selectAll().where('entity', '=', 'case');
    if (townships !== null) query = query.where((eb) => (townships.length ? eb('township', 'in', [...townships]) : NO_TOWNSHIP));
    return query.orderBy('server_seq').compile();
  }
  const seqs = q.db.selectFrom('records').select('server_seq').where('entity', '=', 'case').where('township', 'in', [...townships!]);
  return q.db.selectFrom('records').selectAll().where('server_seq', 'in', seqs).orderBy('server_seq').compile();
}

/** The case (aliased `c`) is of one of these townships. */
const caseInScope = (townships: readonly string[]) => (townships.length ? sql<boolean>`${sql.ref('c.township')} in (${sql.join([...townships])})` : NO_TOWNSHIP);

/**
 * The step records of the cases of these townships, by case and in arrival order (SPEC K5; groupCaseFiles
 * keeps this order within a case). On SQLite the cases' ids are an IN list (`cs.case_id IN (SELECT id …)`,
 * the subquery aliased `c` as the join was): SQLite reads it sorted and probes case_steps_arrived case by
 * case, which gives (case_id, arrived) order, so no sort. Joined to the cases instead, it started from them
 * by township (migration 017) or by serverSeq (before) and sorted every step row whole: for a county of 12
 * townships of 30 (80,000 steps) 0.85–0.98 s after migration 017, 0.67–0.72 s before (ingest-issue14.md,
 * helper stepsread). PostgreSQL's planner (analysed) keeps the join, its text unchanged.
 */
export function selectCaseSteps(q: QueryDialect, townships: readonly string[] | null): CompiledQuery {
  const db = withCaseSteps(q);
  const steps = db
    .selectFrom('case_steps as cs')
    .innerJoin('records as s', (j) => j.onRef('s.id', '=', 'cs.step_id').on('s.entity', '=', 'caseStep'))
    .selectAll('s')
    .select('cs.case_id as case_ref');
  if (q.statistics) {
    const query = steps.innerJoin('records as c', (j) => j.onRef('c.id', '=', 'cs.case_id').on('c.entity', '=', 'case'));
    return (townships === null ? query : query.where(caseInScope(townships))).orderBy('cs.case_id').orderBy('cs.arrived').compile();
  }
  const cases = db.selectFrom('records as c').select('c.id').where('c.entity', '=', 'case');
  return steps
    .where('cs.case_id', 'in', townships === null ? cases : cases.where(caseInScope(townships)))
    .orderBy('cs.case_id')
    .orderBy('cs.arrived')
    .compile();
}
