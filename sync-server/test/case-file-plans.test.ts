/**
 * The county's case list (issue 14, fifteenth session, helper casesread): `listCaseFiles` reads the cases
 * of the county's townships, then their steps. With two townships or more, SQLite without statistics read
 * the cases as `entity = 'case' AND township IN (…) ORDER BY server_seq` through records_entity_seq in
 * order, keeping the county's: every case of the city for a county holding a few hundred, per load.
 * Their serverSeqs are now read from records_township_entity_seq (migration 017), then the rows. The steps'
 * read already starts from the county's cases on both stores (checked here too). The answers are the old
 * statement's rows, in its order (serverSeq: the page lists the cases as they arrived).
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { selectCases, selectCaseSteps } from '../src/store/queries/case-file-queries';
import { MAX_PULL_AREAS } from '../src/store/queries/record-queries';
import { postgresQueries, sqliteQueries, type QueryDialect, type Tables } from '../src/store/queries/query-builder';
import { rawExec } from '../../test/helpers/legacy-store';
import { createTempStore, testClock, type StoreKind, type TempStore } from '../../test/helpers/server-harness';
import { explainedNodes } from '../../test/helpers/query-plans';

const dialect = (temp: TempStore): QueryDialect => (temp.kind === 'sqlite' ? sqliteQueries() : postgresQueries(temp.location));

/** The statement before (the reference for the answers): the county's cases as one list, by serverSeq. */
function oldSelectCases(q: QueryDialect, townships: readonly string[] | null): CompiledQuery {
  let query = q.db.selectFrom('records').selectAll().where('entity', '=', 'case');
  if (townships !== null) query = query.where('township', 'in', [...townships]);
  return query.orderBy('server_seq').compile();
}

/** The steps' statement before (helper stepsread): joined to the cases, by case, then arrival (SPEC K5). */
function oldSelectCaseSteps(q: QueryDialect, townships: readonly string[] | null): CompiledQuery {
  const db = q.db as unknown as Kysely<Tables & { case_steps: { case_id: string; step_id: string; arrived: number } }>;
  let query = db
    .selectFrom('case_steps as cs')
    .innerJoin('records as s', (j) => j.onRef('s.id', '=', 'cs.step_id').on('s.entity', '=', 'caseStep'))
    .innerJoin('records as c', (j) => j.onRef('c.id', '=', 'cs.case_id').on('c.entity', '=', 'case'))
    .selectAll('s')
    .select('cs.case_id as case_ref');
  if (townships !== null) query = query.where((eb) => (townships.length ? eb('c.township', 'in', [...townships]) : sql<boolean>`FALSE`));
  return query.orderBy('cs.case_id').orderBy('cs.arrived').compile();
}

/**
 * `n` records: cases over 40 townships of a city (b0…b39) and a county's two (c1, c2, one in 200), a
 * caseStep for every fifth record linked to a case in case_steps (two steps a case), surveys, deleted
 * cases, and events of no township.
 */
async function seed(temp: TempStore, n: number): Promise<void> {
  const t = temp.kind === 'sqlite' ? '' : `"${temp.location}".`;
  const rows =
    `WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${n}) ` +
    `SELECT CASE WHEN n % 5 = 0 THEN 'survey' WHEN n % 5 = 1 THEN 'caseStep' WHEN n % 31 = 0 THEN 'event' ELSE 'case' END, 'r' || n, ` +
    `CASE WHEN n % 31 = 0 AND n % 5 > 1 THEN NULL WHEN n % 200 IN (3, 4, 9) THEN 'c' || (n / 200 % 2 + 1) ELSE 'b' || (n % 40) END, ` +
    `1, '{}', '{}', '{}', n, '2025-07-10T08:00:00.000Z', '2025-07-10T08:00:00.000Z', n % 97 = 0 FROM g`;
  const insertRecords = `INSERT INTO ${t}records (entity, id, township, version, fields, field_versions, field_stamps, server_seq, created_at, updated_at, deleted) ${rows}`;
  // Step r(5m+1) belongs to r(5m-1) (m even) or r(5m-6) (m odd): two steps for a case r(5j-1), j even;
  // each step arrives (case_steps.arrived) before the ones written earlier: arrival order is not serverSeq's.
  const insertSteps =
    `INSERT INTO ${t}case_steps (case_id, step_id, arrived) SELECT 'r' || (s.server_seq - 2 - (s.server_seq / 5 % 2) * 5), s.id, ${n} + 1 - s.server_seq ` +
    `FROM ${t}records s WHERE s.entity = 'caseStep'`;
  if (temp.kind === 'sqlite') {
    await rawExec(temp, insertRecords, []);
    await rawExec(temp, insertSteps, []);
    return;
  }
  await temp.store.queryCompiled(CompiledQuery.raw(insertRecords));
  await temp.store.queryCompiled(CompiledQuery.raw(insertSteps));
  await temp.store.queryCompiled(CompiledQuery.raw(`ANALYZE ${t}records`));
  await temp.store.queryCompiled(CompiledQuery.raw(`ANALYZE ${t}case_steps`));
}

const CITY_WIDE = Array.from({ length: 40 }, (_, i) => `b${i}`);
const SCOPES: (readonly string[] | null)[] = [['c1', 'c2'], ['c1'], ['c2', 'c1', 'b7'], null, CITY_WIDE, [...CITY_WIDE, ...Array.from({ length: MAX_PULL_AREAS }, (_, i) => `x${i}`)]];

describe('the county’s case list reads the county’s cases, not every case of the city (issue 14)', () => {
  it('[K10] SQLite: a county’s cases from records_township_entity_seq, never records_entity_seq; its steps from its cases', async () => {
    const temp = await createTempStore('sqlite', testClock().now);
    try {
      const q = sqliteQueries();
      const plan = async (c: CompiledQuery) => (await temp.store.queryCompiled(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${c.sql}`, [...c.parameters]))).map((r) => String(r.detail));
      for (const townships of [['c1'], ['c1', 'c2'], ['c1', 'c2', 'c3'], Array.from({ length: MAX_PULL_AREAS }, (_, i) => `t${i}`)]) {
        const cases = await plan(selectCases(q, townships));
        const why = JSON.stringify({ townships: townships.length, cases });
        // One township: that index's run, in order. More: their serverSeqs from it alone, then the rows by serverSeq, in order.
        expect(cases.filter((d) => /^(SCAN|SEARCH) records\b/.test(d)), why).toEqual(
          townships.length === 1
            ? ['SEARCH records USING INDEX records_township_entity_seq (township=? AND entity=?)']
            : ['SEARCH records USING INDEX sqlite_autoindex_records_1 (server_seq=?)', 'SEARCH records USING COVERING INDEX records_township_entity_seq (township=? AND entity=?)'],
        );
        expect(cases, why).not.toContain('USE TEMP B-TREE FOR ORDER BY');
        const steps = await plan(selectCaseSteps(q, townships));
        expect(steps.filter((d) => /^(SCAN|SEARCH) c\b/.test(d)), why).toEqual(['SEARCH c USING INDEX records_township_entity_seq (township=? AND entity=?)']);
        expect(steps.filter((d) => /^SCAN /.test(d)), why).toEqual([]);
      }
    } finally {
      await temp.cleanup();
    }
  });

  it('[K5][K10] SQLite: a county’s steps case by case from case_steps_arrived, in arrival order, no sort of the whole step rows', async () => {
    const temp = await createTempStore('sqlite', testClock().now);
    try {
      const q = sqliteQueries();
      const plan = async (c: CompiledQuery) => (await temp.store.queryCompiled(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${c.sql}`, [...c.parameters]))).map((r) => String(r.detail));
      for (const townships of [['c1'], ['c1', 'c2'], Array.from({ length: 12 }, (_, i) => `t${i}`), Array.from({ length: MAX_PULL_AREAS }, (_, i) => `t${i}`), null]) {
        const steps = await plan(selectCaseSteps(q, townships));
        const why = JSON.stringify({ townships: townships?.length ?? null, steps });
        expect(steps, why).not.toContain('USE TEMP B-TREE FOR ORDER BY');
        expect(steps.filter((d) => /^(SCAN|SEARCH) cs\b/.test(d)), why).toEqual(['SEARCH cs USING INDEX case_steps_arrived (case_id=?)']);
        expect(steps.filter((d) => /^(SCAN|SEARCH) s\b/.test(d)), why).toEqual(['SEARCH s USING INDEX sqlite_autoindex_records_2 (entity=? AND id=?)']);
      }
    } finally {
      await temp.cleanup();
    }
  });

  // At this size the planner may hash the whole of case_steps (12,000 rows) against the county's cases; at
  // 100,000 cases and 200,000 steps it probes case_steps_arrived case by case (admin-read-cost.ts, ingest-issue14.md).
  it('[K10] PostgreSQL, analysed: a small county’s cases and their steps start from records_township_entity_seq, never records_entity_seq nor a scan of records', async () => {
    const temp = await createTempStore('postgres', testClock().now);
    try {
      await seed(temp, 60_000);
      const q = dialect(temp);
      for (const townships of [['c1', 'c2'], ['c1']]) {
        for (const c of [selectCases(q, townships), selectCaseSteps(q, townships)]) {
          const nodes = explainedNodes(await temp.store.queryCompiled(CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${c.sql}`, [...c.parameters])));
          const reads = nodes.filter((n) => typeof n['Relation Name'] === 'string' || typeof n['Index Name'] === 'string');
          const why = JSON.stringify({ sql: c.sql, reads: reads.map((n) => [n['Node Type'], n['Relation Name'], n['Index Name'], n['Index Cond'], n['Filter']]) });
          expect(reads.filter((n) => n['Relation Name'] === 'records').map((n) => n['Node Type']), why).not.toContain('Seq Scan');
          expect(reads.filter((n) => n['Index Name'] === 'records_township_entity_seq').length, why).toBeGreaterThan(0);
          expect(reads.filter((n) => n['Index Name'] === 'records_entity_seq'), why).toEqual([]);
        }
      }
    } finally {
      await temp.cleanup();
    }
  });
});

describe('the county’s case list', () => {
  it.each<StoreKind>(['sqlite', 'postgres'])('[K10] holds the old statement’s cases, in its order, and each case’s steps in arrival order (%s)', async (kind) => {
    const temp = await createTempStore(kind, testClock().now);
    try {
      await seed(temp, 6_000);
      const q = dialect(temp);
      const read = (c: CompiledQuery) => temp.store.queryCompiled(c);
      // No township: no case (before, on PostgreSQL, an error: `IN ('\u0000none')`, a NUL in text).
      expect(await read(selectCases(q, []))).toEqual([]);
      expect(await temp.store.listCaseFiles([])).toEqual([]);
      expect(await read(selectCaseSteps(q, []))).toEqual([]);
      for (const townships of SCOPES) {
        const before = await read(oldSelectCases(q, townships));
        const after = await read(selectCases(q, townships));
        expect(after.map((r) => r.id), JSON.stringify(townships)).toEqual(before.map((r) => r.id));
        expect(after).toEqual(before);
        const stepsBefore = await read(oldSelectCaseSteps(q, townships));
        const stepsAfter = await read(selectCaseSteps(q, townships));
        expect(stepsAfter.map((r) => [r.case_ref, r.id]), JSON.stringify(townships)).toEqual(stepsBefore.map((r) => [r.case_ref, r.id]));
        expect(stepsAfter).toEqual(stepsBefore);
        if (townships?.includes('c1')) expect(stepsBefore.length).toBeGreaterThan(5);
        if (townships?.includes('c1')) expect(before.length).toBeGreaterThan(20);
        const files = await temp.store.listCaseFiles(townships);
        expect(files.map((f) => f.case.id)).toEqual(before.filter((r) => !r.deleted).map((r) => r.id));
        const withSteps = files.filter((f) => f.steps.length > 0);
        expect(withSteps.length).toBeGreaterThan(0);
        for (const f of withSteps) expect(f.steps.map((s) => s.serverSeq)).toEqual([...f.steps.map((s) => s.serverSeq)].sort((a, b) => b - a));
      }
    } finally {
      await temp.cleanup();
    }
  });
});
