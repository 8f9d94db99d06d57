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
 *   npx tsx test/bench/sync/admin-read-cost.ts /work/wt/base [N=200000] [small=0.005] [rounds=2] */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as B from '../../../sync-server/src/store/queries/record-queries';
import { sqliteQueries } from '../../../sync-server/src/store/queries/query-builder';
import { openSqliteStore } from '../../../sync-server/src/store/sqlite-store';

const baseTree = process.argv[2]!;
const n = Number(process.argv[3] ?? 200_000);
const smallShare = Number(process.argv[4] ?? 0.005);
const rounds = Number(process.argv[5] ?? 2);

async function main(): Promise<void> {
  const A = (await import(join(baseTree, 'sync-server/src/store/queries/record-queries.ts'))) as typeof B;
  const { openSqliteStore: openA } = (await import(join(baseTree, 'sync-server/src/store/sqlite-store.ts'))) as { openSqliteStore: typeof openSqliteStore };
  const dir = mkdtempSync(join(tmpdir(), 'admin-reads-'));
  try {
    const towns = Array.from({ length: 30 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    const town = (i: number): string | null => {
      const r = ((i * 2654435761) >>> 0) / 2 ** 32;
      if (r < smallShare) return 't00';
      if (r < smallShare * 1.5) return 't99';
      if (r < smallShare * 1.5 + 0.02) return null;
      return towns[1 + (i % 29)]!;
    };
    const entity = (i: number, t: string | null) => (t === null ? 'calendar' : i % 10 < 6 ? 'household' : i % 10 < 9 ? 'survey' : 'relief');
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
      w.transaction(() => {
        for (let i = 1; i <= n; i++) {
          const t = town(i);
          ins.run(entity(i, t), `r${i}`, t, fields, i);
          aud.run(new Date(Date.UTC(2025, 6, 10) + i * 1000).toISOString(), i % 10_000 === 5000 ? 'tiny' : town(i + 7), `r${i}`);
        }
      })();
      w.close();
      return new Database(file, { readonly: true });
    };
    const dbs = { A: await fill(openA, 'a.sqlite'), B: await fill(openSqliteStore, 'b.sqlite') };
    const db = dbs.B;
    const q = sqliteQueries();
    const county = towns.slice(0, 12);
    type Make = (m: typeof B) => { sql: string; parameters: readonly unknown[] };
    const small = (db.prepare(`SELECT count(*) AS c FROM records WHERE township = 't00'`).get() as { c: number }).c;
    const smallHouseholds = (db.prepare(`SELECT count(*) AS c FROM records WHERE township IN ('t00', 't99') AND entity = 'household'`).get() as { c: number }).c;
    const households = (db.prepare(`SELECT count(*) AS c FROM records WHERE entity = 'household'`).get() as { c: number }).c;
    const none = (db.prepare(`SELECT count(*) AS c FROM records WHERE township IS NULL`).get() as { c: number }).c;
    const mid = Math.floor(n / 2);
    const cases: [string, Make][] = [
      ['records page, county of 12 + none, first page (limit 51)', (m) => m.selectRecordList(q, { townships: county, includeNoTownship: true, limit: 51 })],
      ['records page, county of 12 + none, after the middle', (m) => m.selectRecordList(q, { townships: county, includeNoTownship: true, afterSeq: mid, limit: 51 })],
      ['records page, the small township alone + none (county [t00])', (m) => m.selectRecordList(q, { townships: ['t00'], includeNoTownship: true, limit: 51 })],
      ['one entity (household), small county [t00, t99] + none, first page', (m) => m.selectRecordList(q, { entity: 'household', townships: ['t00', 't99'], includeNoTownship: true, limit: 51 })],
      ['one entity (household), small county [t00, t99] + none, after the middle', (m) => m.selectRecordList(q, { entity: 'household', townships: ['t00', 't99'], includeNoTownship: true, afterSeq: mid, limit: 51 })],
      ['one entity (relief), small county [t00, t99] + none, an export page (1,000)', (m) => m.selectRecordList(q, { entity: 'relief', townships: ['t00', 't99'], includeNoTownship: true, limit: 1000 })],
      ['one entity (survey) of one small township [t00], no none (a township\'s policies after a push)', (m) => m.selectRecordList(q, { entity: 'survey', townships: ['t00'], includeNoTownship: false, limit: 1000 })],
      ['one entity (household), county of 12 + none, first page', (m) => m.selectRecordList(q, { entity: 'household', townships: county, includeNoTownship: true, limit: 51 })],
      ['one entity (household), county of 12 + none, after the middle', (m) => m.selectRecordList(q, { entity: 'household', townships: county, includeNoTownship: true, afterSeq: mid, limit: 51 })],
      ['audit, county of 12, first page (limit 100)', (m) => m.selectAudit(q, { townships: county, limit: 100 })],
      ['audit, the small township (township = t00)', (m) => m.selectAudit(q, { township: 't00', limit: 100 })],
      ['audit, the small township as a county ([t00])', (m) => m.selectAudit(q, { townships: ['t00'], limit: 100 })],
      ['audit, the small township, before the middle', (m) => m.selectAudit(q, { township: 't00', beforeId: mid, limit: 100 })],
      ['audit, a township of N/10,000 entries', (m) => m.selectAudit(q, { township: 'tiny', limit: 100 })],
      ['audit, a county of 3 townships of none, N/10,000 and 0.5 % of the entries', (m) => m.selectAudit(q, { townships: ['tnew', 'tiny', 't00'], limit: 100 })],
      ['audit, a township of no entries, one action', (m) => m.selectAudit(q, { township: 'tnew', action: 'change.applied', limit: 100 })],
    ];
    console.log(`N ${n}: small township t00 ${small} records, ${none} of no township; ${households} households, ${smallHouseholds} in [t00, t99]; audit rows ${n}`);
    for (const [name, make] of cases) {
      for (const [label, m] of [['A', A], ['B', B]] as const) {
        const c = make(m);
        const plan = (dbs[label].prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...c.parameters) as { detail: string }[]).map((r) => r.detail);
        console.log(`${label} ${name}\n    ${plan.join('\n    ')}`);
      }
    }
    const time = (label: 'A' | 'B', make: Make): number[] => {
      const c = make(label === 'A' ? A : B);
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
      const rowsA = JSON.stringify(dbs.A.prepare(make(A).sql).all(...make(A).parameters));
      const rowsB = JSON.stringify(dbs.B.prepare(make(B).sql).all(...make(B).parameters));
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
void main();
