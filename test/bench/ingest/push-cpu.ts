/**
 * The process CPU of the server's push path on a real SQLite store, without HTTP (issue 14, eighteenth
 * session): the bench's workload (households + surveys, or with relief hand-outs) in pushes of 500 from
 * one device, each body JSON.parsed, parsePush'd and applied by applyPush (merge, validation, the batch's
 * writes and commit on a fresh SQLite file, the flags after the commit), as the route does. The count
 * (SPEC D9) is held off as the server holds it while pushes hold a slot, so it is not in the figure.
 *
 * `npx tsx test/bench/ingest/push-cpu.ts [n] [relief] [--rounds R] [--compare DIR]`: R processes per tree
 * (default 5), A = DIR (e.g. /work/wt/base) and B = this checkout, run one after the other in the order
 * A B B A A B …, each a fresh process and a fresh file; prints each run, the medians and ranges of the
 * pushes' CPU (user + system, and user alone: SQLite's fsyncs are mostly system time). Each process runs with
 * the server's V8 flags (SERVER_NODE_FLAGS), under tsx as the bench's server does; and B's CPU over A's in
 * each neighbouring pair (A B, B A, …: the two saw about the same load), median and range.
 * `--child DIR`: one run of DIR's server code (what the driver spawns; also to profile one tree:
 * `node --cpu-prof --import tsx test/bench/ingest/push-cpu.ts 10000 --child .`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pushBodies } from '../lib/raw-protocol';
import { generateReliefWorkload, generateWorkload } from '../workload/generate';
import { ANPING, ANPING_QINGHE, seedTestRegistry } from '../../fixtures/areas';
import { SERVER_NODE_FLAGS } from '../../helpers/server-node-flags';

const flag = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const numbers = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--') && a !== 'relief');
const n = Number(numbers[0] ?? 10_000);
const relief = process.argv.includes('relief');
const here = resolve(import.meta.dirname, '../../..');

interface RunResult {
  cpuMs: number;
  userMs: number;
  wallMs: number;
  applied: number;
}

async function child(root: string): Promise<RunResult> {
  const src = (file: string) => import(`${root}/sync-server/src/${file}.ts`);
  const { openSqliteStore } = (await src('store/sqlite-store')) as typeof import('../../../sync-server/src/store/sqlite-store');
  const { createContext } = (await src('context')) as typeof import('../../../sync-server/src/context');
  const { parsePush } = (await src('sync/parse-push')) as typeof import('../../../sync-server/src/sync/parse-push');
  const { applyPush } = (await src('sync/apply-push')) as typeof import('../../../sync-server/src/sync/apply-push');
  const dir = mkdtempSync(join(tmpdir(), 'push-cpu-'));
  const store = openSqliteStore({ file: join(dir, 'tidemark.sqlite') });
  try {
    const at = '2026-01-01T00:00:00.000Z';
    await seedTestRegistry(store, at);
    const user = await store.createUser({
      id: 'user-push-cpu', username: 'pushcpu', displayName: 'pushcpu', role: 'worker', township: ANPING_QINGHE, county: ANPING,
      passwordHash: 'x', unlockSecret: 'x', disabled: false, createdAt: at,
    });
    const ctx = createContext({ store });
    const texts = pushBodies('bench-device-cpu', relief ? generateReliefWorkload(n) : generateWorkload(n)).map((b) => b.json);
    // A push holds a slot while it is applied; the debounced count waits for that (counter.ts busy).
    ctx.pushes.inFlight = 1;
    let applied = 0;
    const t = process.cpuUsage();
    const w = performance.now();
    for (const text of texts) {
      const answer = await applyPush(ctx, user, parsePush(JSON.parse(text), ctx.clock()));
      for (const r of answer.results) if (r.status === 'applied') applied++;
    }
    const d = process.cpuUsage(t);
    return { cpuMs: (d.user + d.system) / 1000, userMs: d.user / 1000, wallMs: performance.now() - w, applied };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const childRoot = flag('--child');
if (childRoot !== undefined) {
  console.log(JSON.stringify(await child(resolve(childRoot))));
} else {
  const compare = flag('--compare');
  const rounds = Number(flag('--rounds') ?? 5);
  const trees: [string, string][] = compare ? [['A', resolve(compare)], ['B', here]] : [['B', here]];
  const runs: Record<string, RunResult[]> = Object.fromEntries(trees.map(([k]) => [k, []]));
  const args = [n, ...(relief ? ['relief'] : [])].map(String);
  for (let r = 0; r < rounds * 2; r++) {
    // A B B A A B …: each tree's runs spread over the same stretch of the machine's load.
    const [label, root] = trees.length === 1 ? trees[0]! : trees[[0, 1, 1, 0][r % 4]!]!;
    if (trees.length === 1 && r >= rounds) break;
    const out = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', join(here, 'test/bench/ingest/push-cpu.ts'), ...args, '--child', root], { encoding: 'utf8', cwd: here });
    if (out.status !== 0) throw new Error(`${label} run failed: ${out.stderr}`);
    const res = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as RunResult;
    runs[label]!.push(res);
    const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
    console.log(`${label} ${new Date().toISOString().slice(11, 19)} load ${load}: CPU ${res.cpuMs.toFixed(0)} ms (user ${res.userMs.toFixed(0)}), wall ${res.wallMs.toFixed(0)} ms; ${res.applied} applied`);
  }
  const stat = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    return `median ${s[Math.floor(s.length / 2)]!.toFixed(0)} (${s[0]!.toFixed(0)}–${s.at(-1)!.toFixed(0)})`;
  };
  // Each pair of neighbouring runs (A B, B A, …) saw about the same load: B's CPU over A's in each pair.
  if (compare) {
    const order = Array.from({ length: rounds * 2 }, (_, r) => [0, 1, 1, 0][r % 4]!);
    const seen = [0, 0];
    const cpu = order.map((t) => runs[trees[t]![0]]![seen[t]!++]!.cpuMs);
    const ratios = Array.from({ length: rounds }, (_, p) => (order[2 * p] === 1 ? cpu[2 * p]! / cpu[2 * p + 1]! : cpu[2 * p + 1]! / cpu[2 * p]!));
    const s = [...ratios].sort((a, b) => a - b);
    console.log(`B/A CPU in each neighbouring pair: median ${s[Math.floor(s.length / 2)]!.toFixed(3)} (${s[0]!.toFixed(3)}–${s.at(-1)!.toFixed(3)}): ${ratios.map((r) => r.toFixed(3)).join(' ')}`);
  }
  for (const [label] of trees) {
    const rs = runs[label]!;
    console.log(`${label}: ${n} ${relief ? 'with hand-outs' : 'households + surveys'}, ${rs.length} runs: CPU ms ${stat(rs.map((r) => r.cpuMs))}; user ms ${stat(rs.map((r) => r.userMs))}; wall ms ${stat(rs.map((r) => r.wallMs))}`);
  }
}
