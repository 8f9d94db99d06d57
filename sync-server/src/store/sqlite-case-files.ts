import type { CompiledQuery } from 'kysely';
import { groupCaseFiles, type CaseFile } from './case-files-store';
import { selectCases, selectCaseSteps } from './queries/case-file-queries';
import type { QueryDialect } from './queries/query-builder';
import { toRecord, type SqlRecord } from './sqlite-rows';

/** CaseFilesStore on SQLite: `exec` runs a compiled read on the store's read connection. */
export function sqliteListCaseFiles(q: QueryDialect, exec: <R>(c: CompiledQuery) => R[], townships: readonly string[] | null): CaseFile[] {
  const cases = exec<SqlRecord>(selectCases(q, townships)).map(toRecord);
  const steps = exec<SqlRecord & { case_ref: string }>(selectCaseSteps(q, townships)).map((r) => ({ ...toRecord(r), caseId: r.case_ref }));
  return groupCaseFiles(cases, steps);
}
