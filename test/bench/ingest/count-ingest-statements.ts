/**
 * Counts the SQLite statements of an ingest (issue 14, sixteenth session): `npx tsx
 * test/bench/ingest/count-ingest-statements.ts [n] [relief]` starts the real server on SQLite with
 * statement-count-hook.mjs, logs in, starts the count afresh (SIGUSR2), pushes n records (500 per push)
 * from one device, waits until the dashboard's count of them is done (as the bench does, until-counted.ts),
 * stops the server and prints per statement text (IN-lists folded): how many times it was prepared and
 * run, its time, and per push.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { untilCountedInSqlite } from './until-counted';
import { pushBodies, rawLogin, rawPushAll } from '../lib/raw-protocol';
import { startBenchServer } from '../lib/tidemark-server';
import { generateReliefWorkload, generateWorkload } from '../workload/generate';

const n = Number(process.argv[2] ?? 10_000);
const relief = process.argv[3] === 'relief';
const dir = process.env.STATEMENT_DIR ?? '/tmp/tidemark-statements';
mkdirSync(dir, { recursive: true });
const server = await startBenchServer({
  env: { NODE_OPTIONS: `--import ${new URL('./statement-count-hook.mjs', import.meta.url).pathname}`, STATEMENT_DIR: dir, DATABASE_URL: undefined },
});
const pid = server.process.process.pid!;
try {
  const worker = await server.createWorker(`count_${Date.now()}`);
  const session = await rawLogin(server.url, worker.username, worker.password);
  const all = pushBodies(session.deviceId, relief ? generateReliefWorkload(n) : generateWorkload(n));
  process.kill(pid, 'SIGUSR2');
  await new Promise((r) => setTimeout(r, 100));
  await rawPushAll(session, all);
  await untilCountedInSqlite(join(server.process.dataDir, 'tidemark.sqlite'));
  console.log(`${n} records, ${all.length} pushes (${relief ? 'with hand-outs' : 'households + surveys'})`);
} finally {
  await server.stop();
}
const rows = JSON.parse(readFileSync(`${dir}/count-${pid}.json`, 'utf8')) as { k: string; n: number; ms: number }[];
const pushes = Math.ceil(n / 500);
let total = 0;
let ms = 0;
for (const r of rows.sort((a, b) => b.ms - a.ms)) {
  total += r.k.startsWith('prepare') ? 0 : r.n;
  ms += r.ms;
  console.log(`${String(r.n).padStart(6)} ${(r.n / pushes).toFixed(1).padStart(7)}/push ${r.ms.toFixed(0).padStart(6)} ms  ${r.k}`);
}
console.log(`statements run (exec included) ${total}, ${(total / pushes).toFixed(1)} a push; time in the hooked calls ${ms.toFixed(0)} ms`);
