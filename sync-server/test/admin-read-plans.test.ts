/**
 * The administration pages' reads on SQLite (issue 14, fourteenth session, helper adminreads). The server
 * runs no ANALYZE, and without statistics SQLite's planner served the records page of a supervisor's county
 * (`listRecords`: `township IN (…) OR township IS NULL`, no entity, `ORDER BY server_seq LIMIT ?`) as the
 * pull was before (pull-plans.test.ts): a MULTI-INDEX OR over records_township_seq and a temporary B-tree,
 * every row of the scope after the cursor read whole and sorted, per page. The page now takes, per
 * township of the scope (and the rows with none), the first `limit` serverSeqs from the index alone, and
 * reads whole only the rows those give. The pages' records, before and after: pull-plans.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MAX_PULL_AREAS, selectRecordList } from '../src/store/queries/record-queries';
import { postgresQueries, sqliteQueries } from '../src/store/queries/query-builder';
import { openSqliteStore } from '../src/store/sqlite-store';
import type { ListRecordsQuery } from '../src/store/store';

async function withPlans(test: (plan: (c: { sql: string; parameters: readonly unknown[] }) => string[]) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-admin-plans-'));
  const file = join(dir, 'tidemark.sqlite');
  try {
    await openSqliteStore({ file }).close();
    const read = new Database(file, { readonly: true });
    try {
      test((c) => (read.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...c.parameters) as { detail: string }[]).map((r) => r.detail));
    } finally {
      read.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the records page of a county on SQLite reads its rows by serverSeq, not the whole scope after the cursor (issue 14)', () => {
  it('[A9] each township of the scope (and the rows with none) by the covering records_township_seq, the page’s rows by serverSeq; no MULTI-INDEX OR', async () => {
    await withPlans((plan) => {
      const q = sqliteQueries();
      const scopes: Omit<ListRecordsQuery, 'limit' | 'afterSeq'>[] = [
        { townships: ['t1'], includeNoTownship: true },
        { townships: ['t1', 't2', 't3'], includeNoTownship: true },
        { townships: ['t1', 't2'], includeNoTownship: false },
        { townships: Array.from({ length: MAX_PULL_AREAS - 1 }, (_, i) => `t${i}`), includeNoTownship: true },
      ];
      for (const scope of scopes) {
        for (const afterSeq of [undefined, 5]) {
          const p = plan(selectRecordList(q, { ...scope, afterSeq, limit: 51 }));
          const reads = p.filter((d) => /^(SCAN|SEARCH) records\b/.test(d));
          const areas = scope.townships!.length + (scope.includeNoTownship ? 1 : 0);
          expect(p, JSON.stringify({ scope, afterSeq })).not.toContain('MULTI-INDEX OR');
          expect(reads.filter((d) => d.includes('records_township_seq'))).toEqual(
            Array(areas).fill(`SEARCH records USING COVERING INDEX records_township_seq (township=?${afterSeq === undefined ? '' : ' AND server_seq>?'})`),
          );
          expect(reads.filter((d) => !d.includes('records_township_seq'))).toEqual(['SEARCH records USING INDEX sqlite_autoindex_records_1 (server_seq=?)']);
        }
      }
      // A county wider than the statement's arms (a province's supervisor): read by serverSeq, no sort.
      const wide = selectRecordList(q, { townships: Array.from({ length: MAX_PULL_AREAS }, (_, i) => `t${i}`), includeNoTownship: true, afterSeq: 5, limit: 51 });
      expect(plan(wide)).toEqual(['SEARCH records USING INDEX sqlite_autoindex_records_1 (server_seq>?)']);
    });
  });

  it('[A9] PostgreSQL’s text is the one list (its planner has statistics)', () => {
    const c = selectRecordList(postgresQueries('s1'), { townships: ['t1', 't2'], includeNoTownship: true, afterSeq: 5, limit: 51 });
    expect(c.sql).not.toMatch(/union|indexed by/i);
    expect(c.sql).toMatch(/"township" in \(\$\d+, \$\d+\) or "township" is null/);
  });
});
