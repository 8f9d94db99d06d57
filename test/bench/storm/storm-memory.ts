/**
 * Where the storm's peak RSS goes (issue 14): `npx tsx test/bench/storm/storm-memory.ts [devices] [perDevice]`
 * runs the reconnect storm with the server sampling process.memoryUsage() every 100 ms (memory-hook.mjs)
 * and prints the peak of each figure before the pushes (start-up, logins) and while they run.
 * With `heap` as third argument, the server also samples its allocations (heap-sample-hook.mjs) into
 * PROFILE_DIR/server-<pid>.heapprofile (open it in Chrome DevTools' Memory tab).
 * With DATABASE_URL set, the PostgreSQL store.
 */
import { readFileSync, rmSync } from 'node:fs';
import { benchStorm } from './storm';

const devices = Number(process.argv[2] ?? 200);
const perDevice = Number(process.argv[3] ?? 50);
const heap = process.argv[4] === 'heap';
const hooks = [new URL('./memory-hook.mjs', import.meta.url).pathname, ...(heap ? [new URL('./heap-sample-hook.mjs', import.meta.url).pathname] : [])];
const log = `/tmp/tidemark-storm-memory-${process.pid}.jsonl`;
rmSync(log, { force: true });
const marks: Record<string, number> = {};
const result = await benchStorm({
  devices, perDevice, log: (l) => console.log(l), databaseUrl: process.env.DATABASE_URL || undefined,
  env: { NODE_OPTIONS: [process.env.SERVER_NODE_OPTIONS ?? '', ...hooks.map((h) => `--import ${h}`)].join(' ').trim(), ...(process.env.MAX_PUSHES_IN_FLIGHT ? { MAX_PUSHES_IN_FLIGHT: process.env.MAX_PUSHES_IN_FLIGHT } : {}), MEMORY_LOG: log, PROFILE_DIR: process.env.PROFILE_DIR ?? '/tmp/tidemark-prof' },
  onPhase: (p) => (marks[p] = Date.now()),
});
interface Sample { t: number; rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number; anon: number; file: number; malloced: number; newSpace: number; oldSpace: number; codeSpace: number; largeObject: number }
const samples = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Sample);
const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;
const peaks = (from: number, to: number) => {
  const inside = samples.filter((s) => s.t >= from && s.t <= to);
  const keys = ['rss', 'anon', 'file', 'heapTotal', 'heapUsed', 'newSpace', 'oldSpace', 'codeSpace', 'largeObject', 'external', 'arrayBuffers', 'malloced'] as const;
  return keys.map((k) => `${k} ${mb(Math.max(...inside.map((s) => s[k])))}`).join(', ');
};
console.log(`before the pushes (start-up, ${devices} logins): ${peaks(0, marks.pushing!)}`);
console.log(`while pushing: ${peaks(marks.pushing!, marks.pushed!)}`);
const atPeak = samples.reduce((a, b) => (b.rss > a.rss ? b : a));
const pushPeak = samples.filter((s) => s.t >= marks.pushing! && s.t <= marks.pushed!).reduce((a, b) => (b.rss > a.rss ? b : a));
const show = (s: Sample) => `rss ${mb(s.rss)} = anon ${mb(s.anon)} + file ${mb(s.file)}; heapTotal ${mb(s.heapTotal)} (new ${mb(s.newSpace)}, old ${mb(s.oldSpace)}, code ${mb(s.codeSpace)}, large ${mb(s.largeObject)}), heapUsed ${mb(s.heapUsed)}, external ${mb(s.external)}, arrayBuffers ${mb(s.arrayBuffers)}, malloced ${mb(s.malloced)}`;
console.log(`at the RSS peak while pushing (${((pushPeak.t - marks.pushing!) / 1000).toFixed(1)} s in): ${show(pushPeak)}`);
console.log(`at the RSS peak of the whole run (${((atPeak.t - marks.pushing!) / 1000).toFixed(1)} s after the pushes began; after ${((marks.pushed! - marks.pushing!) / 1000).toFixed(1)} s is the check's pull): ${show(atPeak)}`);
if (process.env.MEMORY_TIMELINE) for (const s of samples.filter((_, i) => i % 5 === 0)) console.log(`${((s.t - marks.pushing!) / 1000).toFixed(1)} s: ${show(s)}`);
const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
console.log(`server peak RSS (VmHWM) ${mb(result.serverPeakRss)}; p50 / p99 ${(p(result.completionMs, 0.5) / 1000).toFixed(1)} s / ${(p(result.completionMs, 0.99) / 1000).toFixed(1)} s; lost ${result.lost}, duplicated ${result.duplicated}, 503 ${result.status503}, commits ${result.commits}`);
