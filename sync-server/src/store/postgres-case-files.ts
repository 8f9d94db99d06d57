import type { CompiledQuery } from 'kysely';
import type pg from 'pg';
import { groupCaseFiles, type CaseFile } from './case-files-store';
import { toRecord } from './postgres-rows';
import { selectCases, selectCaseSteps } from './queries/case-file-queries';
import type { QueryDialect } from './queries/query-builder';

/** CaseFilesStore on PostgreSQL: both reads in one REPEATABLE READ snapshot, so a step never lacks its case. */
export async function postgresListCaseFiles(pool: pg.Pool, q: QueryDialect, townships: readonly string[] | null): Promise<CaseFile[]> {
  const client = await pool.connect();
  const run = async (c: CompiledQuery) => (await client.query(c.sql, c.parameters as unknown[])).rows as Record<string, unknown>[];
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const cases = (await run(selectCases(q, townships))).map(toRecord);
    const steps = (await run(selectCaseSteps(q, townships))).map((r) => ({ ...toRecord(r), caseId: String(r.case_ref) }));
    await client.query('COMMIT');
    return groupCaseFiles(cases, steps);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
