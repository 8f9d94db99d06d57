/**
 * The reconnect storm alone, on the store DATABASE_URL names (issue 14, sixth session): one line of
 * figures, to compare a before/after pair without the rest of the bench. Usage:
 * `DATABASE_URL=postgres://… npx tsx test/bench/storm/storm-pg-run.ts [devices] [perDevice] [--floor]`.
 * --floor: the same storm against floor-server.ts, the server doing only the irreducible work (either store).
 */
import { loadavg } from 'node:os';
import { benchStorm, FLOOR_ENTRY } from './storm';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const floor = process.argv.includes('--floor');
const devices = Number(args[0] ?? 200);
const perDevice = Number(args[1] ?? 50);
const load = loadavg()[0]!.toFixed(2);
const r = await benchStorm({ devices, perDevice, databaseUrl: process.env.DATABASE_URL || undefined, ...(floor ? { entry: FLOOR_ENTRY } : {}) });
const sorted = [...r.completionMs].sort((a, b) => a - b);
const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
console.log(`${floor ? 'floor ' : ''}${r.store}: ${devices} × ${perDevice}: wall ${(r.wallMs / 1000).toFixed(1)} s, p50 ${(q(0.5) / 1000).toFixed(2)} s, p99 ${(q(0.99) / 1000).toFixed(2)} s, ` +
  `requests ${r.requests}, 503 ${r.status503}, commits ${r.commits ?? '?'}, lost ${r.lost}, dup ${r.duplicated}, ` +
  `gave up ${r.gaveUp}, peak RSS ${(r.serverPeakRss / 2 ** 20).toFixed(0)} MB, server CPU ${r.serverCpuMs === undefined ? '?' : `${(r.serverCpuMs / 1000).toFixed(1)} s`}, ` +
  `${r.commitMs === undefined ? '' : `COMMIT wall ${(r.commitMs / 1000).toFixed(2)} s, `}bench CPU ${(r.benchCpuMs / 1000).toFixed(1)} s, ` +
  `${r.databaseCpuMs === undefined ? '' : `PostgreSQL CPU ${(r.databaseCpuMs / 1000).toFixed(1)} s, `}load ${load} → ${loadavg()[0]!.toFixed(2)}`);
