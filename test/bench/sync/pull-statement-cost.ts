/**
 * A first sync's pull statements on SQLite, the one-list text (what SQLite ran before the fourteenth
 * session, and PostgreSQL still runs) against the per-township arms (issue 18), on a seed database of
 * pull-server-cost.ts, in one process, rounds alternating A B B A: per page, the statement's time
 * (better-sqlite3 .all(), the rows made JS objects included).
 *
 *   npx tsx test/bench/sync/pull-statement-cost.ts /tmp/pull-seed-50000-0 [rounds=2] [township]
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { selectPull } from '../../../sync-server/src/store/queries/record-queries';
import { sqliteQueries } from '../../../sync-server/src/store/queries/query-builder';
import { ANPING_QINGHE } from '../../fixtures/areas';

const seed = process.argv[2]!;
const rounds = Number(process.argv[3] ?? 2);
const township = process.argv[4] ?? ANPING_QINGHE;
const dir = mkdtempSync(join(tmpdir(), 'pull-statements-'));
for (const f of ['tidemark.sqlite', 'tidemark.sqlite-wal']) if (existsSync(join(seed, f))) copyFileSync(join(seed, f), join(dir, f));
const db = new Database(join(dir, 'tidemark.sqlite'), { readonly: true });
const arms = sqliteQueries();
const oneList = { ...arms, statistics: true };
const scope = { kind: 'townships' as const, townships: [township] };
const limit = 1001;
// The cursors a fresh device goes through: each page's last serverSeq.
const cursors: number[] = [];
for (let since = 0; ; ) {
  cursors.push(since);
  const c = selectPull(arms, { since, limit, scope });
  const rows = db.prepare(c.sql).all(...c.parameters) as { server_seq: number }[];
  if (rows.length < limit) break;
  since = rows[limit - 2]!.server_seq;
}
const time = (q: typeof arms) => {
  const out: number[] = [];
  for (const since of cursors) {
    const c = selectPull(q, { since, limit, scope });
    const st = db.prepare(c.sql);
    const t = process.hrtime.bigint();
    st.all(...c.parameters);
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
};
const runs: { label: string; ms: number[] }[] = [];
for (let r = 0; r < rounds; r++) for (const label of r % 2 ? ['B', 'A'] : ['A', 'B']) runs.push({ label, ms: time(label === 'A' ? oneList : arms) });
const r1 = (x: number) => Math.round(x * 10) / 10;
const sum = (a: number[]) => a.reduce((s, x) => s + x, 0);
const mean = (a: number[]) => sum(a) / a.length;
for (const { label, ms } of runs) {
  const full = ms.slice(0, -1);
  console.log(`${label === 'A' ? 'one list' : 'arms    '}: ${ms.length} pages, total ${r1(sum(ms))} ms; pages 1-5 ${r1(mean(full.slice(0, 5)))} ms, middle ${r1(mean(full.slice(Math.floor(full.length / 2) - 2, Math.floor(full.length / 2) + 3)))} ms, last full 5 ${r1(mean(full.slice(-5)))} ms`);
}
db.close();
rmSync(dir, { recursive: true, force: true });
