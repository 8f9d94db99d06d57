/**
 * Profiles the server through a reconnect storm (issue 14, item d): `npx tsx test/bench/storm/storm-profile.ts
 * [devices] [perDevice]` runs benchStorm with the server's CPU profiled (ingest/cpu-profile-hook.mjs) into
 * PROFILE_DIR (default /tmp/tidemark-prof), prints the storm's figures; summarise the .cpuprofile with
 * ingest/profile-summary.ts. With devices × 1 record, what a push costs besides its records shows alone.
 * With DATABASE_URL set, the PostgreSQL store. The pushes' window is printed in the monotonic clock's
 * microseconds (V8's profile clock on Linux too): `profile-summary.ts file --window FROM TO` counts only it,
 * leaving out the server's start-up, the logins and the checker's pull. --floor: the storm's floor
 * (floor-server.ts) instead of the real server.
 */
import { mkdirSync } from 'node:fs';
import { benchStorm, FLOOR_ENTRY } from './storm';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const devices = Number(args[0] ?? 200);
const perDevice = Number(args[1] ?? 50);
const dir = process.env.PROFILE_DIR ?? '/tmp/tidemark-prof';
mkdirSync(dir, { recursive: true });
const window: bigint[] = [];
const r = await benchStorm({
  onPhase: () => window.push(process.hrtime.bigint() / 1000n),
  devices, perDevice, databaseUrl: process.env.DATABASE_URL || undefined, log: (l) => console.log(l),
  ...(process.argv.includes('--floor') ? { entry: FLOOR_ENTRY } : {}),
  env: { NODE_OPTIONS: `--import ${new URL('../ingest/cpu-profile-hook.mjs', import.meta.url).pathname}`, PROFILE_DIR: dir },
});
const sorted = [...r.completionMs].sort((a, b) => a - b);
const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
console.log(`${r.store}: ${devices} × ${perDevice}: wall ${(r.wallMs / 1000).toFixed(1)} s, p50 ${(q(0.5) / 1000).toFixed(2)} s, p99 ${(q(0.99) / 1000).toFixed(2)} s, ` +
  `requests ${r.requests}, 503 ${r.status503}, commits ${r.commits ?? '?'}, lost ${r.lost}, dup ${r.duplicated}, RSS ${(r.serverPeakRss / 1e6).toFixed(0)} MB, ` +
  `server CPU ${r.serverCpuMs === undefined ? '?' : `${(r.serverCpuMs / 1000).toFixed(1)} s`}`);
console.log(`pushes: --window ${window.join(' ')}`);
