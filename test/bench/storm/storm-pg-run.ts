/**
 * The reconnect storm alone, on the store DATABASE_URL names (issue 14, sixth session): one line of
 * figures, to compare a before/after pair without the rest of the bench. Usage:
 * `DATABASE_URL=postgres://… npx tsx test/bench/storm/storm-pg-run.ts [devices] [perDevice]`.
 */
import { loadavg } from 'node:os';
import { benchStorm } from './storm';

const devices = Number(process.argv[2] ?? 200);
const perDevice = Number(process.argv[3] ?? 50);
const load = loadavg()[0]!.toFixed(2);
const r = await benchStorm({ devices, perDevice, databaseUrl: process.env.DATABASE_URL || undefined });
const sorted = [...r.completionMs].sort((a, b) => a - b);
const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
console.log(`${r.store}: ${devices} × ${perDevice}: wall ${(r.wallMs / 1000).toFixed(1)} s, p50 ${(q(0.5) / 1000).toFixed(2)} s, p99 ${(q(0.99) / 1000).toFixed(2)} s, ` +
  `requests ${r.requests}, 503 ${r.status503}, commits ${r.commits ?? '?'}, lost ${r.lost}, dup ${r.duplicated}, ` +
  `gave up ${r.gaveUp}, peak RSS ${(r.serverPeakRss / 2 ** 20).toFixed(0)} MB, server CPU ${r.serverCpuMs === undefined ? '?' : `${(r.serverCpuMs / 1000).toFixed(1)} s`}, load ${load} → ${loadavg()[0]!.toFixed(2)}`);
