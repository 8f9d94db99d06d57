/**
 * The administration pages' reads on SQLite (issue 14, fourteenth session, helper adminreads). The server
 * runs no ANALYZE, and without statistics SQLite's planner served the records page of a supervisor's county
 * (`listRecords`: `township IN (…) OR township IS NULL`, no entity, `ORDER BY server_seq LIMIT ?`) as the
 * pull was before (pull-plans.test.ts): a MULTI-INDEX OR over records_township_seq and a temporary B-tree,
 * every row of the scope after the cursor read whole and sorted, per page. The page now takes, per
 * township of the scope (and the rows with none), the first `limit` serverSeqs from the index alone, and
 * reads whole only the rows those give. The pages' records, before and after: pull-plans.test.ts.
 *
 * The audit page of a county or of one township (`listAudit`, through the view audit_log_areas, whose
 * township is COALESCE(audit_areas.area_code, audit_log.township)) scanned audit_log newest first to its
 * limit, keeping that area's entries: the whole log for a township with few. It now reads each township's
 * newest entries by audit_log_township_id and the release-1 entries mapped to them by audit_areas_area
 * (migration 016), on both stores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MAX_AUDIT_AREAS, MAX_PULL_AREAS, selectAudit, selectRecordList } from '../src/store/queries/record-queries';
import { postgresQueries, sqliteQueries } from '../src/store/queries/query-builder';
import { openSqliteStore } from '../src/store/sqlite-store';
import type { AuditFilter, AuditRow, ListRecordsQuery } from '../src/store/store';
import { rawExec } from '../../test/helpers/legacy-store';
import { createTempStore, testClock, type StoreKind } from '../../test/helpers/server-harness';
import { explainedNodes, sqlitePlan } from '../../test/helpers/query-plans';

const AT = '2025-07-10T08:00:00.000Z';

type Plan = (c: { sql: string; parameters: readonly unknown[] }) => string[];

async function withPlans(test: (plan: Plan) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-admin-plans-'));
  const file = join(dir, 'tidemark.sqlite');
  try {
    await openSqliteStore({ file }).close();
    const read = new Database(file, { readonly: true });
    try {
      test((c) => sqlitePlan(read, c));
    } finally {
      read.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Each scope's page, from its start or after a cursor: no MULTI-INDEX OR; each area of the scope (and the
 * rows with none, when asked) read from `index` alone (`keys` fixed); the page's rows by serverSeq.
 */
function expectAreaArms(plan: Plan, scopes: Omit<ListRecordsQuery, 'limit' | 'afterSeq'>[], index: string, keys: string): void {
  for (const scope of scopes) {
    for (const afterSeq of [undefined, 5]) {
      const p = plan(selectRecordList(sqliteQueries(), { ...scope, afterSeq, limit: 51 }));
      const reads = p.filter((d) => /^(SCAN|SEARCH) records\b/.test(d));
      const areas = scope.townships!.length + (scope.includeNoTownship ? 1 : 0);
      expect(p, JSON.stringify({ scope, afterSeq })).not.toContain('MULTI-INDEX OR');
      expect(reads.filter((d) => d.includes(index)), JSON.stringify({ scope, afterSeq })).toEqual(
        Array(areas).fill(`SEARCH records USING COVERING INDEX ${index} (${keys}${afterSeq === undefined ? '' : ' AND server_seq>?'})`),
      );
      expect(reads.filter((d) => !d.includes(index))).toEqual(['SEARCH records USING INDEX sqlite_autoindex_records_1 (server_seq=?)']);
    }
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
      expectAreaArms(plan, scopes, 'records_township_seq', 'township=?');
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

describe('the records page of one entity for a county reads that entity’s rows of the county, not the entity’s whole sequence (issue 14)', () => {
  // Before (fifteenth session): records_entity_seq read in order, the county's townships kept, until the page
  // was full: for a county of a few hundred households, most of an entity of 190,000 city-wide, per page.
  it('[A9] SQLite: each township of the scope (and the rows with none) by the covering records_township_entity_seq, the page’s rows by serverSeq; never records_entity_seq', async () => {
    await withPlans((plan) => {
      const q = sqliteQueries();
      const scopes: Omit<ListRecordsQuery, 'limit' | 'afterSeq'>[] = [
        { entity: 'household', townships: ['t1'], includeNoTownship: true },
        { entity: 'household', townships: ['t1', 't2', 't3'], includeNoTownship: true }, { entity: 'survey', townships: ['t1', 't2'], includeNoTownship: false },
        { entity: 'household', townships: Array.from({ length: MAX_PULL_AREAS - 1 }, (_, i) => `t${i}`), includeNoTownship: true },
      ];
      expectAreaArms(plan, scopes, 'records_township_entity_seq', 'township=? AND entity=?');
      // One township (a township's policies after a push): that index's run, in serverSeq order, no sort.
      for (const afterSeq of [undefined, 5]) {
        const one = selectRecordList(q, { entity: 'policy', townships: ['t1'], includeNoTownship: false, afterSeq, limit: 1000 });
        expect(plan(one)).toEqual([`SEARCH records USING INDEX records_township_entity_seq (township=? AND entity=?${afterSeq === undefined ? '' : ' AND server_seq>?'})`]);
      }
      // A county wider than the statement's arms (a province's supervisor) holds most of the entity: its sequence, in order.
      const wide = selectRecordList(q, { entity: 'household', townships: Array.from({ length: MAX_PULL_AREAS }, (_, i) => `t${i}`), includeNoTownship: true, afterSeq: 5, limit: 51 });
      expect(plan(wide)).toEqual(['SEARCH records USING INDEX records_entity_seq (entity=? AND server_seq>?)']);
    });
  });

  it('[A9] PostgreSQL, analysed: a small county’s page of an entity large elsewhere by records_township_entity_seq, never records_entity_seq nor a scan', async () => {
    const temp = await createTempStore('postgres', testClock().now);
    try {
      const s = `"${temp.location}"`;
      const run = (text: string, values: unknown[] = []) => temp.store.queryCompiled(CompiledQuery.raw(text, values));
      // 40,000 households over 40 townships, 300 in the county's two (c1, c2), 20,000 surveys, 2,000 events of no township.
      await run(
        `INSERT INTO ${s}.records (entity, id, township, version, fields, field_versions, field_stamps, server_seq, created_at, updated_at) ` +
          `SELECT CASE WHEN g % 3 = 0 THEN 'survey' WHEN g % 31 = 0 THEN 'event' ELSE 'household' END, 'r' || g, ` +
          `CASE WHEN g % 31 = 0 AND g % 3 <> 0 THEN NULL WHEN g % 200 = 1 THEN 'c' || (g / 200 % 2 + 1) ELSE 'b' || (g % 40) END, ` +
          `1, jsonb_build_object('pad', repeat('x', 300)), '{}', '{}', g, now(), now() FROM generate_series(1, 63000) g`,
      );
      await run(`ANALYZE ${s}.records`);
      const county = (await run(`SELECT count(*)::int AS n FROM ${s}.records WHERE entity = 'household' AND township IN ('c1', 'c2')`))[0]!.n as number;
      expect(county).toBeGreaterThan(100);
      expect(county).toBeLessThan(400);
      for (const afterSeq of [undefined, 31_000]) {
        for (const [townships, includeNoTownship] of [[['c1', 'c2'], true], [['c1', 'c2'], false], [['c1'], false]] as const) {
          const c = selectRecordList(postgresQueries(temp.location), { entity: 'household', townships: [...townships], includeNoTownship, afterSeq, limit: 51 });
          const nodes = explainedNodes(await run(`EXPLAIN (FORMAT JSON) ${c.sql}`, [...c.parameters]));
          const reads = nodes.filter((n) => n['Relation Name'] === 'records' || typeof n['Index Name'] === 'string');
          const why = JSON.stringify({ afterSeq, townships, includeNoTownship, reads: reads.map((n) => [n['Node Type'], n['Index Name'], n['Index Cond'], n['Filter']]) });
          expect(reads.map((n) => n['Node Type']), why).not.toContain('Seq Scan');
          // Each area (c1, c2, the rows with none) from the index (alone, or a bitmap of it); the page's rows by their serverSeq, one by one.
          expect(reads.filter((n) => n['Index Name'] === 'records_township_entity_seq'), why).toHaveLength(townships.length + (includeNoTownship ? 1 : 0));
          for (const n of reads.filter((n) => typeof n['Index Name'] === 'string' && n['Index Name'] !== 'records_township_entity_seq')) {
            expect([n['Index Name'], n['Index Cond']], why).toEqual(['records_server_seq_key', expect.stringMatching(/^\(server_seq = \w+\.server_seq\)$/)]);
          }
        }
      }
    } finally {
      await temp.cleanup();
    }
  });
});

describe('the audit page of a county or a township reads that area’s entries, not the whole log (issue 14)', () => {
  it('[A9] SQLite: each township by audit_log_township_id, the release-1 entries mapped to them by audit_areas_area; no scan of audit_log', async () => {
    await withPlans((plan) => {
      const q = sqliteQueries();
      const filters: [AuditFilter, number][] = [
        [{ township: 't1', limit: 100 }, 1], [{ townships: ['t1', 't2', 't3'], limit: 100 }, 3], [{ townships: ['t1', 't2'], beforeId: 9, action: 'x', limit: 20 }, 2],
        [{ township: 't1', userId: 'u', since: '2025-01-01', until: '2026-01-01', entity: 'household', limit: 50 }, 1],
        [{ townships: Array.from({ length: MAX_AUDIT_AREAS }, (_, i) => `t${i}`), limit: 100 }, MAX_AUDIT_AREAS],
      ];
      for (const [f, areas] of filters) {
        const p = plan(selectAudit(q, f));
        expect(p.filter((d) => /^SCAN (a|audit_log)\b/.test(d)), JSON.stringify(f)).toEqual([]);
        expect(p.filter((d) => /^SEARCH audit_log USING (COVERING )?INDEX audit_log_township_id \(township=\?( AND id<\?)?\)$/.test(d))).toHaveLength(areas);
        // The mapped entries by their area; a written entry's mapping (if any) by its id.
        expect(p.filter((d) => d.startsWith('SEARCH audit_areas'))).toEqual([
          'SEARCH audit_areas USING COVERING INDEX audit_areas_area (area_code=?)', ...Array(areas).fill('SEARCH audit_areas USING INTEGER PRIMARY KEY (rowid=?)'),
        ]);
      }
    });
  });
});

const [T1, T2, T3] = ['130101001000', '130101002000', '130102001000'];

describe('the audit page’s entries', () => {
  it.each<StoreKind>(['sqlite', 'postgres'])('[A9] are the area’s entries (release-1 ones by their mapped area) matching the filters, newest first, before the cursor, at most `limit` (%s)', async (kind) => {
    const temp = await createTempStore(kind, testClock().now);
    const store = temp.store;
    try {
      await store.addDivisions([T1, T2, T3].map((code, i) => ({ code, name: `镇${i}`, level: 'township', parentCode: null, provisional: false, at: AT })));
      // Uneven shares (T1 most, T3 in a late burst), entries of no township, release-1 entries written with a name.
      const written = (i: number) => (i > 150 ? T3 : i % 13 === 0 ? null : i % 9 === 0 ? '清河镇' : i % 4 === 0 ? T2 : T1);
      for (let i = 0; i < 180; i++) {
        await store.appendAudit({
          at: new Date(Date.UTC(2025, 6, 10) + i * 60_000).toISOString(), userId: i % 3 === 0 ? 'u2' : 'u1', deviceId: 'd1', township: written(i),
          action: i % 5 === 0 ? 'records.list' : 'change.applied', entity: 'household', recordId: `rec-${i % 17}`, detail: { i },
        });
      }
      const logged = await store.listAudit({ limit: 10_000 });
      expect(logged).toHaveLength(180);
      const ids = logged.map((e) => e.id).sort((a, b) => a - b);
      // Release-1 names mapped to T1 or T3; one entry written as T2 mapped to T1 (the mapping decides).
      const names = ids.filter((_, i) => written(i) === '清河镇');
      for (const [id, code] of [...names.map((id, k): [number, string] => [id, k % 3 === 0 ? T3 : T1]), [ids[4]!, T1]]) {
        await rawExec(temp, 'INSERT INTO audit_areas (audit_id, area_code) VALUES (?, ?)', [id, code]);
      }
      const all = await store.listAudit({ limit: 10_000 });
      expect(all.filter((e) => e.township === T1 && e.id === ids[4])).toHaveLength(1);
      const filters: Omit<AuditFilter, 'limit' | 'beforeId'>[] = [
        { township: T1 }, { township: T2 }, { township: T3 }, { townships: [T1, T2] }, { townships: [T3, 'gone'] }, { townships: [] }, { townships: [T2, T3, T1] },
        { township: T2, action: 'records.list' }, { townships: [T1, T3], userId: 'u2' }, { township: T1, since: all[120]!.at, until: all[20]!.at },
        { townships: [T1], recordId: 'rec-3', entity: 'household' }, { township: T1, townships: [T2] }, { township: T1, townships: [T1, T2] }, {},
        { townships: [T3, ...Array.from({ length: MAX_AUDIT_AREAS }, (_, i) => `other-${i}`), T1] },
      ];
      const match = (f: Omit<AuditFilter, 'limit'>, e: AuditRow) =>
        (f.township === undefined || e.township === f.township) && (f.townships === undefined || (e.township !== null && f.townships.includes(e.township))) &&
        (f.action === undefined || e.action === f.action) && (f.userId === undefined || e.userId === f.userId) && (f.entity === undefined || e.entity === f.entity) &&
        (f.recordId === undefined || e.recordId === f.recordId) && (f.since === undefined || e.at >= f.since) && (f.until === undefined || e.at < f.until) &&
        (f.beforeId === undefined || e.id < f.beforeId);
      for (const f of filters) {
        for (const beforeId of [undefined, all[5]!.id, all[60]!.id, all[170]!.id, all[179]!.id]) {
          for (const limit of [1, 2, 7, 100]) {
            const expected = all.filter((e) => match({ ...f, beforeId }, e)).slice(0, limit);
            expect(await store.listAudit({ ...f, beforeId, limit }), `${JSON.stringify(f)} before ${beforeId} limit ${limit}`).toEqual(expected);
          }
        }
      }
    } finally {
      await temp.cleanup();
    }
  });
});
