/**
 * A pull page's statement on SQLite (issue 18, fourteenth session). The server runs no ANALYZE, and the
 * pull's `server_seq > ? AND (township IN (…) OR township IS NULL) ORDER BY server_seq LIMIT ?` was served
 * by a MULTI-INDEX OR over records_township_seq: every row of the scope after the cursor read whole
 * (fields and all) and sorted in a temporary B-tree, to keep the first 1,001. A first sync's page k
 * then read all the scope's rows after it (measured, 50,000 households in one township: 45–50 ms of
 * statement for the first pages, falling to 20 ms near the end). The page now takes, for each township
 * of the scope and for the rows with none, the first `limit` server_seqs after the cursor from the
 * index alone, and reads whole only the `limit` rows those give.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PULL_AREAS, selectPull } from '../src/store/queries/record-queries';
import { postgresQueries, sqliteQueries } from '../src/store/queries/query-builder';
import { openSqliteStore } from '../src/store/sqlite-store';
import type { ListRecordsQuery, RecordScope, RecordWrite, Store } from '../src/store/store';
import { createTempStore, testClock, type StoreKind, type TempStore } from '../../test/helpers/server-harness';
import { sqlitePlan } from '../../test/helpers/query-plans';

const AT = '2025-07-10T08:00:00.000Z';

describe('a pull page on SQLite reads its rows by serverSeq, not the whole scope after the cursor (issue 18)', () => {
  it('[L1][L2] each township of the scope (and the rows with none) by the covering records_township_seq, the page’s rows by serverSeq; no temporary B-tree of whole rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidemark-pull-plans-'));
    const file = join(dir, 'tidemark.sqlite');
    try {
      await openSqliteStore({ file }).close();
      const read = new Database(file, { readonly: true });
      try {
        const q = sqliteQueries();
        for (const townships of [[], ['t1'], ['t1', 't2', 't3'], Array.from({ length: MAX_PULL_AREAS - 1 }, (_, i) => `t${i}`)]) {
          const c = selectPull(q, { since: 5, limit: 1001, scope: { kind: 'townships', townships } });
          const plan = sqlitePlan(read, c);
          const reads = plan.filter((d) => /^(SCAN|SEARCH) records\b/.test(d));
          expect(plan).not.toContain('MULTI-INDEX OR');
          // Every arm reads index entries only, from the cursor on; the rows themselves only by serverSeq.
          expect(reads.filter((d) => d.includes('records_township_seq'))).toEqual(
            Array(townships.length + 1).fill('SEARCH records USING COVERING INDEX records_township_seq (township=? AND server_seq>?)'),
          );
          expect(reads.filter((d) => !d.includes('records_township_seq'))).toEqual([expect.stringMatching(/^SEARCH records USING INDEX sqlite_autoindex_records_1 \(server_seq=\?\)$/)]);
        }
        // A scope wider than the statement's arms (a province's supervisor): read by serverSeq, no sort.
        const wide = selectPull(q, { since: 5, limit: 1001, scope: { kind: 'townships', townships: Array.from({ length: MAX_PULL_AREAS }, (_, i) => `t${i}`) } });
        expect(sqlitePlan(read, wide)).toEqual([
          'SEARCH records USING INDEX sqlite_autoindex_records_1 (server_seq>?)',
        ]);
      } finally {
        read.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('[L1][L2] PostgreSQL’s text is the one list (its planner has statistics: by serverSeq when the scope holds most rows)', () => {
    const c = selectPull(postgresQueries('s1'), { since: 5, limit: 1001, scope: { kind: 'townships', townships: ['t1', 't2'] } });
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

/**
 * 240 records: uneven shares and runs (t1 most, t3 in a late burst, some of no township), rewrites moving a
 * record to the end (a new serverSeq), deletions.
 */
async function storeRecords(store: Store, entityOf?: (i: number, township: string | null) => string): Promise<void> {
  const towns = ['t1', 't2', 't3', null];
  const order = Array.from({ length: 240 }, (_, i) => (i > 200 ? 2 : i % 11 === 0 ? 3 : i % 3 === 0 ? 1 : 0));
  const write = (i: number) => rec(i, towns[order[i]!]!, entityOf?.(i, towns[order[i]!]!));
  for (let i = 0; i < order.length; i++) await store.transaction((tx) => tx.putRecord(write(i)));
  for (const i of [3, 50, 51, 120]) await store.transaction((tx) => tx.putRecord({ ...write(i), version: 2 }));
}

describe.each<StoreKind>(['sqlite', 'postgres'])('a pull page’s records, and the administration’s records page’s (%s)', (kind) => {
  let temp: TempStore;
  let store: Store;
  beforeEach(async () => {
    temp = await createTempStore(kind, testClock().now);
    store = temp.store;
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  it('[L1][L2] are the scope’s records after the cursor in serverSeq order, at most `limit`, whatever the townships’ shares and the cursor', async () => {
    await storeRecords(store);
    const all = await store.pullRecords({ since: 0, limit: 10_000, scope: { kind: 'all' } });
    expect(all).toHaveLength(240);
    const scopes: RecordScope[] = [
      { kind: 'townships', townships: [] }, { kind: 'townships', townships: ['t1'] }, { kind: 'townships', townships: ['t3'] },
      { kind: 'townships', townships: ['t1', 't2'] }, { kind: 'townships', townships: ['t2', 't3', 't1', 'gone'] }, { kind: 'all' },
      { kind: 'townships', townships: ['t3', ...Array.from({ length: MAX_PULL_AREAS }, (_, i) => `other-${i}`), 't1'] },
    ];
    const cursors = [0, all[10]!.serverSeq, all[100]!.serverSeq, all[230]!.serverSeq, all[239]!.serverSeq];
    for (const scope of scopes) {
      for (const since of cursors) {
        for (const limit of [1, 2, 7, 61, 1001]) {
          const expected = all.filter((r) => r.serverSeq > since && (scope.kind === 'all' || r.township === null || scope.townships.includes(r.township))).slice(0, limit);
          expect(await store.pullRecords({ since, limit, scope }), `${JSON.stringify(scope)} since ${since} limit ${limit}`).toEqual(expected);
        }
      }
    }
  });

  it('[A9] are the scope’s records (and those of no township when asked) after the cursor in serverSeq order, at most `limit`, with or without an entity', async () => {
    await storeRecords(store, (i, township) => (township === null ? 'event' : i % 5 === 0 ? 'relief' : 'household'));
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
  it('[A9] of one entity are exactly the old statement’s (records_entity_seq in order, the scope kept): the same rows in serverSeq order, whatever the townships, the cursor and the limit', async () => {
    const entities = ['household', 'survey', 'relief'];
    await storeRecords(store, (i, township) => (township === null ? (i % 2 ? 'event' : 'household') : entities[(i % 5) % 3]!));
    const all = await store.listRecords({ townships: null, limit: 10_000 });
    expect(new Set(all.map((r) => `${r.entity} ${r.township}`)).size).toBeGreaterThanOrEqual(10);
    const table = kind === 'postgres' ? `"${temp.location}".records` : 'records';
    // The statement before issue 14's fifteenth session, written out: one list, filtered, in serverSeq order.
    const old = async (l: ListRecordsQuery): Promise<string[]> => {
      const where = ['entity = ?'];
      const params: unknown[] = [l.entity];
      if (l.townships !== null) {
        const some = l.townships.length ? `township IN (${l.townships.map(() => '?').join(', ')})` : 'FALSE';
        where.push(l.includeNoTownship ? `(${some} OR township IS NULL)` : some);
        params.push(...l.townships);
      }
      if (l.afterSeq !== undefined) (where.push('server_seq > ?'), params.push(l.afterSeq));
      let n = 0;
      const text = `SELECT entity, id, server_seq FROM ${table} WHERE ${where.join(' AND ')} ORDER BY server_seq LIMIT ?`.replace(/\?/g, () => (kind === 'postgres' ? `$${++n}` : '?'));
      return (await store.queryCompiled(CompiledQuery.raw(text, [...params, l.limit]))).map((r) => `${r.entity as string}/${r.id as string}/${Number(r.server_seq)}`);
    };
    const scopes: Omit<ListRecordsQuery, 'limit' | 'afterSeq'>[] = [
      { entity: 'household', townships: ['t1'], includeNoTownship: false }, { entity: 'household', townships: ['t1'], includeNoTownship: true },
      { entity: 'survey', townships: ['t3'], includeNoTownship: true }, { entity: 'relief', townships: ['t1', 't2'], includeNoTownship: true },
      { entity: 'household', townships: ['t2', 't3', 't1', 'gone'], includeNoTownship: false }, { entity: 'event', townships: ['t2'], includeNoTownship: true },
      { entity: 'event', townships: [], includeNoTownship: true }, { entity: 'household', townships: [], includeNoTownship: false }, { entity: 'policy', townships: ['t1'], includeNoTownship: false },
      { entity: 'household', townships: null }, { entity: 'household', townships: ['t3', ...Array.from({ length: MAX_PULL_AREAS }, (_, i) => `other-${i}`), 't1'], includeNoTownship: true },
      { entity: 'survey', townships: ['t3', ...Array.from({ length: MAX_PULL_AREAS - 3 }, (_, i) => `other-${i}`), 't1'], includeNoTownship: true },
    ];
    const cursors = [undefined, 0, all[10]!.serverSeq, all[100]!.serverSeq, all[230]!.serverSeq, all[239]!.serverSeq];
    let rows = 0;
    for (const scope of scopes) {
      for (const afterSeq of cursors) {
        for (const limit of [1, 2, 7, 51, 1001]) {
          const expected = await old({ ...scope, afterSeq, limit });
          rows += expected.length;
          const page = (await store.listRecords({ ...scope, afterSeq, limit })).map((r) => `${r.entity}/${r.id}/${r.serverSeq}`);
          expect(page, `${JSON.stringify(scope)} after ${afterSeq} limit ${limit}`).toEqual(expected);
        }
      }
    }
    expect(rows).toBeGreaterThan(1000);
  });
});
