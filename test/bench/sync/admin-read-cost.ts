/**
 * The administration pages' reads on SQLite (issue 14, fourteenth session, helper adminreads): the
 * records page's `listRecords` of a supervisor's county with the rows of no township and no entity, and the
 * audit page's `listAudit` of a county (or of one township), the statement alone, A (the texts of the tree
 * given, e.g. /work/wt/base) against B (this tree), in one process, rounds A B B A, on a database built by
 * the real migrations and filled by SQL: N records and N audit rows over 30 townships, one of them small
 * (`small` of the rows; one more of N/10,000 audit rows), plus reference rows of no township. Prints the plans, then per statement the
 * median / min of its time (better-sqlite3 .all(), the rows made JS objects included).
 *
 * Fifteenth session (helper listent): the records page of one entity (households 60 % of a township's
 * records, surveys 30 %, relief 10 %) for a small county (t00 and t99, `small` and half of it), as the page,
 * the exports (pages of 1,000) and a large county read it. Each tree's statements run on a database its own
 * migrations built (A's has no index of migration 017), the same rows in both.
 *
 * Fifteenth session (helper casesread): the county's case list (`listCaseFiles`: selectCases, then
 * selectCaseSteps) for the small county [t00, t99], one township, and a county of 12: N/2 more records of
 * entity `case` (townships as above) with serverSeqs after the N, two caseStep records each, linked in
 * case_steps (A's and B's statements each on its own tree's database, as above).
 *
 * With DATABASE_URL set, the records page's statements (with and without an entity) on PostgreSQL instead:
 * a schema each tree's migrations built, the same rows, ANALYZE (as autovacuum would), each statement's
 * plan and its Execution Time by EXPLAIN ANALYZE (median / min of 9), rounds A B B A.
 *
 * Fifteenth session (helper stepsread): ONLY=<text> measures only the statements whose name holds it (e.g.
 * ONLY='case list'); the plans are printed for those alone too. To set main's code against a branch's without a
 * worktree: `git archive main sync-server src/shared package.json tsconfig*.json | tar -x -C /tmp/m`, a
 * node_modules symlink in /tmp/m, and /tmp/m as the tree given.
 *
 *   npx tsx test/bench/sync/admin-read-cost.ts /work/wt/base [N=200000] [small=0.005] [rounds=2] */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import * as B from '../../../sync-server/src/store/queries/record-queries';
import * as BC from '../../../sync-server/src/store/queries/case-file-queries';
import { postgresQueries, sqliteQueries } from '../../../sync-server/src/store/queries/query-builder';
import { openPostgresStore } from '../../../sync-server/src/store/postgres-store';
import { openSqliteStore } from '../../../sync-server/src/store/sqlite-store';
import type { ListRecordsQuery } from '../../../sync-server/src/store/store';

const baseTree = process.argv[2]!;
const n = Number(process.argv[3] ?? 200_000);
const smallShare = Number(process.argv[4] ?? 0.005);
const rounds = Number(process.argv[5] ?? 2);
/** Only the statements whose name holds this text (all when unset). */
const only = <T extends [string, ...unknown[]]>(list: T[]): T[] => list.filter(([name]) => name.includes(process.env.ONLY ?? ''));
/** The county's case list's rows: N/2 cases (serverSeq N+1…), each with two steps (after all the cases). */
const caseCount = Math.floor(n / 2);
type CaseRow = [entity: string, id: string, township: string | null, seq: number];
function caseRows(): { records: CaseRow[]; links: [caseId: string, stepId: string, arrived: number][] } {
  const records: CaseRow[] = [];
  const links: [string, string, number][] = [];
  for (let k = 1; k <= caseCount; k++) records.push(['case', `c${k}`, town(k) ?? towns[1 + (k % 29)]!, n + k]);
  for (let k = 1; k <= 2 * caseCount; k++) {
    const caseK = ((k - 1) % caseCount) + 1;
    records.push(['caseStep', `s${k}`, town(caseK) ?? towns[1 + (caseK % 29)]!, n + caseCount + k]);
    links.push([`c${caseK}`, `s${k}`, n + caseCount + k]);
  }
  return { records, links };
}
type CaseQueries = typeof BC;

const towns = Array.from({ length: 30 }, (_, i) => `t${String(i).padStart(2, '0')}`);
const town = (i: number): string | null => {
  const r = ((i * 2654435761) >>> 0) / 2 ** 32;
  if (r < smallShare) return 't00';
  if (r < smallShare * 1.5) return 't99';
  if (r < smallShare * 1.5 + 0.02) return null;
  return towns[1 + (i % 29)]!;
};
const entity = (i: number, t: string | null) => (t === null ? 'calendar' : i % 10 < 6 ? 'household' : i % 10 < 9 ? 'survey' : 'relief');
const county = towns.slice(0, 12);
const mid = Math.floor(n / 2);
/** The records page's cases, with and without an entity (both stores). */
const recordCases: [string, Omit<ListRecordsQuery, 'limit'> & { limit?: number }][] = [
  ['records page, county of 12 + none, first page (limit 51)', { townships: county, includeNoTownship: true }],
  ['records page, county of 12 + none, after the middle', { townships: county, includeNoTownship: true, afterSeq: mid }],
  ['records page, the small township alone + none (county [t00])', { townships: ['t00'], includeNoTownship: true }],
  ['one entity (household), small county [t00, t99] + none, first page', { entity: 'household', townships: ['t00', 't99'], includeNoTownship: true }],
  ['one entity (household), small county [t00, t99] + none, after the middle', { entity: 'household', townships: ['t00', 't99'], includeNoTownship: true, afterSeq: mid }],
  ['one entity (relief), small county [t00, t99] + none, an export page (1,000)', { entity: 'relief', townships: ['t00', 't99'], includeNoTownship: true, limit: 1000 }],
  ["one entity (survey) of one small township [t00], no none (a township's policies after a push)", { entity: 'survey', townships: ['t00'], includeNoTownship: false, limit: 1000 }],
  ['one entity (household), county of 12 + none, first page', { entity: 'household', townships: county, includeNoTownship: true }],
  ['one entity (household), county of 12 + none, after the middle', { entity: 'household', townships: county, includeNoTownship: true, afterSeq: mid }],
];

/** The case list's statements (both stores). */
const caseListCases: [string, readonly string[]][] = [
  ['case list, small county [t00, t99]', ['t00', 't99']],
  ['case list, the small township alone [t00]', ['t00']],
  ['case list, county of 12', county],
];

async function main(): Promise<void> {
  const A = (await import(join(baseTree, 'sync-server/src/store/queries/record-queries.ts'))) as typeof B;
  const AC = (await import(join(baseTree, 'sync-server/src/store/queries/case-file-queries.ts'))) as CaseQueries;
  const mods = { A: [A, AC], B: [B, BC] } as const;
  const { openSqliteStore: openA } = (await import(join(baseTree, 'sync-server/src/store/sqlite-store.ts'))) as { openSqliteStore: typeof openSqliteStore };
  const dir = mkdtempSync(join(tmpdir(), 'admin-reads-'));
  try {
    const fields = JSON.stringify({ name: 'x'.repeat(120), people: 3, note: 'y'.repeat(200) });
    const fill = async (open: typeof openSqliteStore, name: string): Promise<Database.Database> => {
      const file = join(dir, name);
      await open({ file }).close();
      const w = new Database(file);
      const ins = w.prepare(
        `INSERT INTO records (entity, id, township, version, fields, field_versions, field_stamps, server_seq, created_by, updated_by, origin_client, created_at, updated_at, deleted)
         VALUES (?, ?, ?, 1, ?, '{}', '{}', ?, 'u', 'u', 'd', '2025-07-10T08:00:00.000Z', '2025-07-10T08:00:00.000Z', 0)`,
      );
      const aud = w.prepare(`INSERT INTO audit_log (at, user_id, device_id, township, action, entity, record_id, detail) VALUES (?, 'u', 'd', ?, 'change.applied', 'household', ?, '{"seq":1}')`);
      const link = w.prepare(`INSERT INTO case_steps (case_id, step_id, arrived) VALUES (?, ?, ?)`);
      w.transaction(() => {
        for (let i = 1; i <= n; i++) {
          const t = town(i);
          ins.run(entity(i, t), `r${i}`, t, fields, i);
          aud.run(new Date(Date.UTC(2025, 6, 10) + i * 1000).toISOString(), i % 10_000 === 5000 ? 'tiny' : town(i + 7), `r${i}`);
        }
        const { records, links } = caseRows();
        for (const [e, id, t, seq] of records) ins.run(e, id, t, fields, seq);
        for (const l of links) link.run(...l);
      })();
      w.close();
      return new Database(file, { readonly: true });
    };
    const dbs = { A: await fill(openA, 'a.sqlite'), B: await fill(openSqliteStore, 'b.sqlite') };
    const db = dbs.B;
    const q = sqliteQueries();
    type Make = (m: typeof B, c: CaseQueries) => { sql: string; parameters: readonly unknown[] };
    const small = (db.prepare(`SELECT count(*) AS c FROM records WHERE township = 't00'`).get() as { c: number }).c;
    const smallHouseholds = (db.prepare(`SELECT count(*) AS c FROM records WHERE township IN ('t00', 't99') AND entity = 'household'`).get() as { c: number }).c;
    const households = (db.prepare(`SELECT count(*) AS c FROM records WHERE entity = 'household'`).get() as { c: number }).c;
    const none = (db.prepare(`SELECT count(*) AS c FROM records WHERE township IS NULL`).get() as { c: number }).c;
    const cases: [string, Make][] = only([
      ...recordCases.map(([name, l]): [string, Make] => [name, (m) => m.selectRecordList(q, { limit: 51, ...l })]),
      ['audit, county of 12, first page (limit 100)', (m) => m.selectAudit(q, { townships: county, limit: 100 })],
      ['audit, the small township (township = t00)', (m) => m.selectAudit(q, { township: 't00', limit: 100 })],
      ['audit, the small township as a county ([t00])', (m) => m.selectAudit(q, { townships: ['t00'], limit: 100 })],
      ['audit, the small township, before the middle', (m) => m.selectAudit(q, { township: 't00', beforeId: mid, limit: 100 })],
      ['audit, a township of N/10,000 entries', (m) => m.selectAudit(q, { township: 'tiny', limit: 100 })],
      ['audit, a county of 3 townships of none, N/10,000 and 0.5 % of the entries', (m) => m.selectAudit(q, { townships: ['tnew', 'tiny', 't00'], limit: 100 })],
      ['audit, a township of no entries, one action', (m) => m.selectAudit(q, { township: 'tnew', action: 'change.applied', limit: 100 })],
      ...caseListCases.flatMap(([name, ts]): [string, Make][] => [
        [`${name}: its cases`, (_, c) => c.selectCases(q, ts)],
        [`${name}: their steps`, (_, c) => c.selectCaseSteps(q, ts)],
      ]),
    ]);
    const smallCases = (db.prepare(`SELECT count(*) AS c FROM records WHERE township IN ('t00', 't99') AND entity = 'case'`).get() as { c: number }).c;
    console.log(`cases ${caseCount} (${2 * caseCount} steps), ${smallCases} in [t00, t99]`);
    console.log(`N ${n}: small township t00 ${small} records, ${none} of no township; ${households} households, ${smallHouseholds} in [t00, t99]; audit rows ${n}`);
    for (const [name, make] of cases) {
      for (const [label, m] of [['A', mods.A], ['B', mods.B]] as const) {
        const c = make(...m);
        const plan = (dbs[label].prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...c.parameters) as { detail: string }[]).map((r) => r.detail);
        console.log(`${label} ${name}\n    ${plan.join('\n    ')}`);
      }
    }
    const time = (label: 'A' | 'B', make: Make): number[] => {
      const c = make(...mods[label]);
      const st = dbs[label].prepare(c.sql);
      const out: number[] = [];
      for (let k = 0; k < 9; k++) {
        const t0 = process.hrtime.bigint();
        st.all(...c.parameters);
        out.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      return out.sort((x, y) => x - y);
    };
    const order = Array.from({ length: rounds }, () => ['A', 'B', 'B', 'A'] as const).flat();
    for (const [name, make] of cases) {
      const rowsA = JSON.stringify(dbs.A.prepare(make(...mods.A).sql).all(...make(...mods.A).parameters));
      const rowsB = JSON.stringify(dbs.B.prepare(make(...mods.B).sql).all(...make(...mods.B).parameters));
      const same = rowsA === rowsB ? 'same rows' : 'ROWS DIFFER';
      const parts = order.map((label) => {
        const t = time(label, make);
        return `${label} ${t[4]!.toFixed(2)}/${t[0]!.toFixed(2)}`;
      });
      console.log(`| ${name} | ${same} | ${parts.join(' | ')} |`);
    }
    dbs.A.close();
    dbs.B.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
/** The records page's statements on PostgreSQL, analysed: A's schema by A's migrations, B's by B's. */
async function postgres(url: string): Promise<void> {
  const A = (await import(join(baseTree, 'sync-server/src/store/queries/record-queries.ts'))) as typeof B;
  const AC = (await import(join(baseTree, 'sync-server/src/store/queries/case-file-queries.ts'))) as CaseQueries;
  const { openPostgresStore: openA } = (await import(join(baseTree, 'sync-server/src/store/postgres-store.ts'))) as { openPostgresStore: typeof openPostgresStore };
  const schemas = { A: `bench_reads_a_${process.pid}`, B: `bench_reads_b_${process.pid}` };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const fields = JSON.stringify({ name: 'x'.repeat(120), people: 3, note: 'y'.repeat(200) });
    for (const [label, open] of [['A', openA], ['B', openPostgresStore]] as const) {
      await (await open({ connectionString: url, schema: schemas[label] })).close();
      for (let k = 1; k <= n; k += 10_000) {
        const seqs = Array.from({ length: Math.min(10_000, n - k + 1) }, (_, j) => k + j);
        await client.query(
          `INSERT INTO "${schemas[label]}".records (entity, id, township, version, fields, field_versions, field_stamps, server_seq, created_by, updated_by, origin_client, created_at, updated_at)
           SELECT e, 'r' || s, t, 1, $4::jsonb, '{}', '{}', s, 'u', 'u', 'd', '2025-07-10T08:00:00Z', '2025-07-10T08:00:00Z' FROM unnest($1::text[], $2::text[], $3::bigint[]) AS u(e, t, s)`,
          [seqs.map((i) => entity(i, town(i))), seqs.map(town), seqs, fields],
        );
      }
      const { records, links } = caseRows();
      for (let k = 0; k < records.length; k += 10_000) {
        const part = records.slice(k, k + 10_000);
        await client.query(
          `INSERT INTO "${schemas[label]}".records (entity, id, township, version, fields, field_versions, field_stamps, server_seq, created_by, updated_by, origin_client, created_at, updated_at)
           SELECT e, i, t, 1, $5::jsonb, '{}', '{}', s, 'u', 'u', 'd', '2025-07-10T08:00:00Z', '2025-07-10T08:00:00Z' FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) AS u(e, i, t, s)`,
          [part.map((r) => r[0]), part.map((r) => r[1]), part.map((r) => r[2]), part.map((r) => r[3]), fields],
        );
      }
      for (let k = 0; k < links.length; k += 10_000) {
        const part = links.slice(k, k + 10_000);
        await client.query(`INSERT INTO "${schemas[label]}".case_steps (case_id, step_id, arrived) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])`, [
          part.map((l) => l[0]), part.map((l) => l[1]), part.map((l) => l[2]),
        ]);
      }
      await client.query(`ANALYZE "${schemas[label]}".records`);
      await client.query(`ANALYZE "${schemas[label]}".case_steps`);
    }
    const statements: [string, (label: 'A' | 'B') => { sql: string; parameters: readonly unknown[] }][] = only([
      ...recordCases.map(([name, l]): [string, (label: 'A' | 'B') => { sql: string; parameters: readonly unknown[] }] => [
        name, (label) => (label === 'A' ? A : B).selectRecordList(postgresQueries(schemas[label]), { limit: 51, ...l }),
      ]),
      ...caseListCases.flatMap(([name, ts]): [string, (label: 'A' | 'B') => { sql: string; parameters: readonly unknown[] }][] => [
        [`${name}: its cases`, (label) => (label === 'A' ? AC : BC).selectCases(postgresQueries(schemas[label]), ts)],
        [`${name}: their steps`, (label) => (label === 'A' ? AC : BC).selectCaseSteps(postgresQueries(schemas[label]), ts)],
      ]),
    ]);
    const explain = async (label: 'A' | 'B', make: (label: 'A' | 'B') => { sql: string; parameters: readonly unknown[] }, analyse: boolean) => {
      const c = make(label);
      return ((await client.query(`EXPLAIN (${analyse ? 'ANALYZE, ' : ''}FORMAT JSON) ${c.sql}`, [...c.parameters])).rows[0]['QUERY PLAN'] as Record<string, unknown>[])[0]!;
    };
    const nodes = (p: Record<string, unknown>): string[] => [
      `${p['Node Type'] as string}${p['Index Name'] ? ` ${p['Index Name'] as string}` : ''}${p['Filter'] ? ` filter ${p['Filter'] as string}` : ''}`,
      ...((p.Plans as Record<string, unknown>[] | undefined) ?? []).flatMap(nodes),
    ];
    for (const [name, make] of statements) {
      for (const label of ['A', 'B'] as const) console.log(`${label} ${name}\n    ${nodes((await explain(label, make, false)).Plan as Record<string, unknown>).join('\n    ')}`);
    }
    const order = Array.from({ length: rounds }, () => ['A', 'B', 'B', 'A'] as const).flat();
    for (const [name, make] of statements) {
      const rows = async (label: 'A' | 'B') => {
        const c = make(label);
        return JSON.stringify((await client.query(c.sql, [...c.parameters])).rows.map((r: Record<string, unknown>) => [r.entity, r.id, r.server_seq, r.case_ref]));
      };
      const same = (await rows('A')) === (await rows('B')) ? 'same rows' : 'ROWS DIFFER';
      const parts: string[] = [];
      for (const label of order) {
        const t: number[] = [];
        for (let k = 0; k < 9; k++) t.push((await explain(label, make, true))['Execution Time'] as number);
        t.sort((x, y) => x - y);
        parts.push(`${label} ${t[4]!.toFixed(2)}/${t[0]!.toFixed(2)}`);
      }
      console.log(`| ${name} | ${same} | ${parts.join(' | ')} |`);
    }
  } finally {
    for (const schema of Object.values(schemas)) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}

void (process.env.DATABASE_URL ? postgres(process.env.DATABASE_URL) : main());
