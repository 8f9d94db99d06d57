import type { StoredRecord } from './store';

/**
 * The county's view of its cases (issue 15): every case of some townships with its steps in arrival
 * order (the order SPEC K5 folds them in: case_steps.arrived, migration 008). Part of Store; both
 * implementations are checked by sync-server/test/county-cases.test.ts on SQLite and PostgreSQL.
 */
export interface CaseFile {
  case: StoredRecord;
  /** The case's step records, in the order the server received them. */
  steps: StoredRecord[];
}

export interface CaseFilesStore {
  /** The cases of these townships (every township for null), deleted ones left out, each with its steps. */
  listCaseFiles(townships: readonly string[] | null): Promise<CaseFile[]>;
}

/** Groups step rows (ordered by case, then arrival) under their cases, in the cases' order. */
export function groupCaseFiles(cases: readonly StoredRecord[], steps: readonly (StoredRecord & { caseId: string })[]): CaseFile[] {
  const byCase = new Map<string, StoredRecord[]>();
  for (const { caseId, ...s } of steps) {
    let list = byCase.get(caseId);
    if (!list) byCase.set(caseId, (list = []));
    list.push(s);
  }
  return cases.filter((c) => !c.deleted).map((c) => ({ case: c, steps: byCase.get(c.id) ?? [] }));
}
