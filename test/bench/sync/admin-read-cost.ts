/**
 * The administration pages' two reads on SQLite (issue 14, fourteenth session, helper adminreads): the
 * records page's `listRecords` of a supervisor's county with the rows of no township and no entity, and the
 * audit page's `listAudit` of a county (or of one township), the statement alone, A (the texts of the tree
 * given, e.g. /work/wt/base) against B (this tree), in one process, rounds A B B A, on a database built by
 * the real migrations and filled by SQL: N records and N audit rows over 30 townships, one of them small
 * (`small` of the rows; one more of N/10,000 audit rows), plus reference rows of no township. Prints the plans, then per statement the
 * median / min of its time (better-sqlite3 .all(), the rows made JS objects included).
 *
 *   npx tsx test/bench/sync/admin-read-cost.ts /work/wt/base [N=200000] [small=0.005] [rounds=2]
 */
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
  const dir = mkdtempSync(join(tmpdir(), 'admin-reads-'));
  const file = join(dir, 'tidemark.sqlite');
  try {
    await openSqliteStore({ file }).close();
    const w = new Database(file);
    const towns = Array.from({ length: 30 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    const town = (i: number): string | null => {
      const r = ((i * 2654435761) >>> 0) / 2 ** 32;
      if (r < smallShare) return 't00';
      if (r < smallShare + 0.02) return null;
      return towns[1 + (i % 29)]!;
    };
    const fields = JSON.stringify({ name: 'x'.repeat(120), people: 3, note: 'y'.repeat(200) });
    const ins = w.prepare(
      `INSERT INTO records (entity, id, township, version, fields, field_versions, field_stamps, server_seq, created_by, updated_by, origin_client, created_at, updated_at, deleted)
       VALUES (?, ?, ?, 1, ?, '{}', '{}', ?, 'u', 'u', 'd', '2025-07-10T08:00:00.000Z', '2025-07-10T08:00:00.000Z', 0)`,
    );
    const aud = w.prepare(`INSERT INTO audit_log (at, user_id, device_id, township, action, entity, record_id, detail) VALUES (?, 'u', 'd', ?, 'change.applied', 'household', ?, '{"seq":1}')`);
    w.transaction(() => {
      for (let i = 1; i <= n; i++) {
        const t = town(i);
        ins.run(t === null ? 'calendar' : 'household', `r${i}`, t, fields, i);
        aud.run(new Date(Date.UTC(2025, 6, 10) + i * 1000).toISOString(), i % 10_000 === 5000 ? 'tiny' : town(i + 7), `r${i}`);
      }
    })();
    w.close();
    const db = new Database(file, { readonly: true });
    const q = sqliteQueries();
    const county = towns.slice(0, 12);
    type Make = (m: typeof B) => { sql: string; parameters: readonly unknown[] };
    const small = (db.prepare(`SELECT count(*) AS c FROM records WHERE township = 't00'`).get() as { c: number }).c;
    const none = (db.prepare(`SELECT count(*) AS c FROM records WHERE township IS NULL`).get() as { c: number }).c;
    const mid = Math.floor(n / 2);
    const cases: [string, Make][] = [
      ['records page, county of 12 + none, first page (limit 51)', (m) => m.selectRecordList(q, { townships: county, includeNoTownship: true, limit: 51 })],
      ['records page, county of 12 + none, after the middle', (m) => m.selectRecordList(q, { townships: county, includeNoTownship: true, afterSeq: mid, limit: 51 })],
      ['records page, the small township alone + none (county [t00])', (m) => m.selectRecordList(q, { townships: ['t00'], includeNoTownship: true, limit: 51 })],
      ['audit, county of 12, first page (limit 100)', (m) => m.selectAudit(q, { townships: county, limit: 100 })],
      ['audit, the small township (township = t00)', (m) => m.selectAudit(q, { township: 't00', limit: 100 })],
      ['audit, the small township as a county ([t00])', (m) => m.selectAudit(q, { townships: ['t00'], limit: 100 })],
      ['audit, the small township, before the middle', (m) => m.selectAudit(q, { township: 't00', beforeId: mid, limit: 100 })],
      ['audit, a township of N/10,000 entries', (m) => m.selectAudit(q, { township: 'tiny', limit: 100 })],
      ['audit, a county of 3 townships of none, N/10,000 and 0.5 % of the entries', (m) => m.selectAudit(q, { townships: ['tnew', 'tiny', 't00'], limit: 100 })],
      ['audit, a township of no entries, one action', (m) => m.selectAudit(q, { township: 'tnew', action: 'change.applied', limit: 100 })],
    ];
    console.log(`N ${n}: small township t00 ${small} records, ${none} of no township; audit rows ${n}`);
    for (const [name, make] of cases) {
      for (const [label, m] of [['A', A], ['B', B]] as const) {
        const c = make(m);
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...c.parameters) as { detail: string }[]).map((r) => r.detail);
        console.log(`${label} ${name}\n    ${plan.join('\n    ')}`);
      }
    }
    const time = (m: typeof B, make: Make): number[] => {
      const c = make(m);
      const st = db.prepare(c.sql);
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
      const rowsA = JSON.stringify(db.prepare(make(A).sql).all(...make(A).parameters));
      const rowsB = JSON.stringify(db.prepare(make(B).sql).all(...make(B).parameters));
      const same = rowsA === rowsB ? 'same rows' : 'ROWS DIFFER';
      const parts = order.map((label) => {
        const t = time(label === 'A' ? A : B, make);
        return `${label} ${t[4]!.toFixed(2)}/${t[0]!.toFixed(2)}`;
      });
      console.log(`| ${name} | ${same} | ${parts.join(' | ')} |`);
    }
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
void main();
