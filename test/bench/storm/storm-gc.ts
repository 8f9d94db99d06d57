/**
 * What the garbage collector costs during a storm (issue 14, twelfth session): `npx tsx test/bench/storm/storm-gc.ts
 * [tree]` runs the 200 × 50 SQLite storm on `tree`'s server (default: this one; e.g. /work/wt/base for an A/B pair)
 * with gc-time-hook.mjs in the server, and prints the scavenges' and full collections' time and count inside the
 * pushes' window beside p99, server CPU and peak RSS. The durations are wall time on the server's main thread.
 */
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { benchStorm as BenchStorm } from './storm';

interface Totals { t: number; minor: number; major: number; incremental: number; nMinor: number; nMajor: number }
const tree = process.argv[2] ?? new URL('../../../', import.meta.url).pathname.replace(/\/$/, '');
const { benchStorm } = (await import(`${tree}/test/bench/storm/storm.ts`)) as { benchStorm: typeof BenchStorm };
const log = `/tmp/tidemark-gc-time-${process.pid}.jsonl`;
rmSync(log, { force: true });
const marks: Record<string, number> = {};
const load = loadavg()[0]!.toFixed(2);
const hook = new URL('./gc-time-hook.mjs', import.meta.url).pathname;
const r = await benchStorm({ devices: 200, perDevice: 50, env: { NODE_OPTIONS: `--import ${hook}`, GC_TIME_LOG: log }, onPhase: (p) => (marks[p] = Date.now()) });
const rows = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Totals);
const before = rows.filter((x) => x.t <= marks.pushing!).at(-1)!;
const after = rows.find((x) => x.t >= marks.pushed!) ?? rows.at(-1)!;
const sorted = [...r.completionMs].sort((x, y) => x - y);
const p99 = sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))]!;
console.log(`${tree}: load ${load} → ${loadavg()[0]!.toFixed(2)}, p99 ${(p99 / 1000).toFixed(1)} s, server CPU ${((r.serverCpuMs ?? NaN) / 1000).toFixed(1)} s, ` +
  `peak RSS ${(r.serverPeakRss / 2 ** 20).toFixed(0)} MB, lost ${r.lost}, dup ${r.duplicated}, 503 ${r.status503} | in the pushes: ` +
  `scavenges ${(after.minor - before.minor).toFixed(0)} ms (${after.nMinor - before.nMinor}), full ${(after.major - before.major).toFixed(0)} ms (${after.nMajor - before.nMajor}), ` +
  `incremental marking ${(after.incremental - before.incremental).toFixed(0)} ms`);
rmSync(log, { force: true });
