/**
 * The administration pages' reads on SQLite (issue 14, fourteenth session, helper adminreads). The server
 * runs no ANALYZE, and without statistics SQLite's planner served the records page of a supervisor's county
 * (`listRecords`: `township IN (…) OR township IS NULL`, no entity, `ORDER BY server_seq LIMIT ?`) as the
 * pull was before (pull-plans.test.ts): a MULTI-INDEX OR over records_township_seq and a temporary B-tree,
 * every row of the scope after the cursor read whole and sorted, per page. The page now takes, per
 * township of the scope (and the rows with none), the first `limit` serverSeqs from the index alone, and
 * reads whole only the rows those give.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PULL_AREAS, selectRecordList } from '../src/store/queries/record-queries';
import { postgresQueries, sqliteQueries } from '../src/store/queries/query-builder';
import { openSqliteStore } from '../src/store/sqlite-store';
import type { ListRecordsQuery, RecordWrite, Store } from '../src/store/store';
import { createTempStore, testClock, type StoreKind, type TempStore } from '../../test/helpers/server-harness';

const AT = '2025-07-10T08:00:00.000Z';

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

function rec(i: number, township: string | null, entity = township === null ? 'event' : 'household'): RecordWrite {
  const id = `rec-${String(i).padStart(4, '0')}`;
  return {
    entity, id, township, version: 1, fields: { id, n: i }, fieldVersions: { id: 1 }, fieldStamps: {},
    createdBy: 'user-1', updatedBy: 'user-1', originClient: 'dev-1', updatedAt: AT, deleted: i % 7 === 0, idHmac: null,
  };
}

describe.each<StoreKind>(['sqlite', 'postgres'])('the records page’s records (%s)', (kind) => {
  let temp: TempStore;
  let store: Store;
  beforeEach(async () => {
    temp = await createTempStore(kind, testClock().now);
    store = temp.store;
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  it('[A9] are the scope’s records (and those of no township when asked) after the cursor in serverSeq order, at most `limit`, with or without an entity', async () => {
    const towns = ['t1', 't2', 't3', null];
    // Uneven shares and runs (t1 most, t3 in a late burst), rewrites moving a record to the end (a new serverSeq).
    const order = Array.from({ length: 240 }, (_, i) => (i > 200 ? 2 : i % 11 === 0 ? 3 : i % 3 === 0 ? 1 : 0));
    const entityOf = (i: number) => (order[i] === 3 ? 'event' : i % 5 === 0 ? 'relief' : 'household');
    for (let i = 0; i < order.length; i++) await store.transaction((tx) => tx.putRecord(rec(i, towns[order[i]!]!, entityOf(i))));
    for (const i of [3, 50, 51, 120]) await store.transaction((tx) => tx.putRecord({ ...rec(i, towns[order[i]!]!, entityOf(i)), version: 2 }));
    const all = await store.listRecords({ townships: null, limit: 10_000 });
    expect(all).toHaveLength(240);
    const scopes: Omit<ListRecordsQuery, 'limit' | 'afterSeq'>[] = [
      { townships: [], includeNoTownship: true }, { townships: [], includeNoTownship: false }, { townships: ['t1'], includeNoTownship: true },
      { townships: ['t3'], includeNoTownship: false }, { townships: ['t1', 't2'], includeNoTownship: true }, { townships: ['t1', 't2'], includeNoTownship: false },
      { townships: ['t2', 't3', 't1', 'gone'], includeNoTownship: true }, { townships: null }, { townships: null, includeNoTownship: true },
      { townships: ['t3', ...Array.from({ length: MAX_PULL_AREAS }, (_, i) => `other-${i}`), 't1'], includeNoTownship: true },
      { entity: 'household', townships: ['t1', 't2'], includeNoTownship: true }, { entity: 'event', townships: ['t2'], includeNoTownship: true },
    ];
    const cursors = [undefined, 0, all[10]!.serverSeq, all[100]!.serverSeq, all[230]!.serverSeq, all[239]!.serverSeq];
    for (const scope of scopes) {
      for (const afterSeq of cursors) {
        for (const limit of [1, 2, 7, 51, 1001]) {
          const expected = all
            .filter((r) => (afterSeq === undefined || r.serverSeq > afterSeq) && (scope.entity === undefined || r.entity === scope.entity))
            .filter((r) => scope.townships === null || (r.township !== null && scope.townships.includes(r.township)) || (r.township === null && scope.includeNoTownship === true))
            .slice(0, limit);
          expect(await store.listRecords({ ...scope, afterSeq, limit }), `${JSON.stringify(scope)} after ${afterSeq} limit ${limit}`).toEqual(expected);
        }
      }
    }
  });
});
