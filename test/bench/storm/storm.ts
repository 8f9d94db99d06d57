import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { pushBodies, rawLogin, rawPullAll, rawPush, type PushBody, type RawSession } from '../lib/raw-protocol';
import { startBenchServer, type BenchServer } from '../lib/tidemark-server';
import { commitCounter } from '../ingest/ingest-result';
import { createRng } from '../workload/prng';
import { generateWorkload } from '../workload/generate';

/** The storm's floor (floor-server.ts): a server doing only a push's irreducible work, for StormOptions.entry. */
export const FLOOR_ENTRY = 'test/bench/storm/floor-server.ts';

export interface StormOptions {
  devices?: number;
  perDevice?: number;
  /** Attempts per device before it gives up (bounded retries). */
  maxAttempts?: number;
  /** Wall-clock bound for the whole storm. */
  deadlineMs?: number;
  seed?: number;
  log?: (line: string) => void;
  /** Use this server (the smoke test); by default a fresh one, so its peak RSS is the storm's. */
  server?: BenchServer;
  /** PostgreSQL (issue 14): the fresh server on a fresh schema of this database, dropped afterwards. */
  databaseUrl?: string;
  /** Extra environment for the fresh server (storm-memory.ts: a memory sampler through NODE_OPTIONS). */
  env?: Record<string, string | undefined>;
  /** The server script to start instead of the real one (floor-server.ts: the storm's floor). */
  entry?: string;
  /** Called just before the tablets start pushing and once they are done (storm-memory.ts marks its log). */
  onPhase?: (phase: 'pushing' | 'pushed') => void;
}

export interface StormResult {
  store?: 'SQLite' | 'PostgreSQL';
  devices: number;
  perDevice: number;
  expected: number;
  /** Distinct records a fresh device pulls afterwards. */
  stored: number;
  lost: number;
  duplicated: number;
  /** Rows in applied_changes: exactly one per (device, seq). */
  appliedChanges: number;
  /** Per device, from the storm's start to its push acknowledged (back-off waits included). */
  completionMs: number[];
  /** Per HTTP request that was answered 200: the server's answer time. */
  okRequestMs: number[];
  status429: number;
  status503: number;
  otherFailures: number;
  gaveUp: number;
  requests: number;
  wallMs: number;
  serverPeakRss: number;
  /** Commits the server made for the storm's pushes (SPEC I4: fewer than the pushes when they are grouped); absent on a server not started here. */
  commits?: number;
  /** The server process's CPU time (user + system) during the pushes, from /proc (Linux); absent elsewhere. */
  serverCpuMs?: number;
  /** This process's CPU time during the pushes: the 200 simulated tablets share the machine with the server. */
  benchCpuMs: number;
  /** PostgreSQL's CPU time during the pushes, when it runs on this machine (other clients' included: see postgresCpuMs). */
  databaseCpuMs?: number;
  /** Wall time the server spent in COMMIT during the pushes, where it reports it (floor-server.ts; the SQLite store since the tenth session). */
  commitMs?: number;
}

/** A process's CPU time so far, user + system, from /proc/<pid>/stat (clock ticks of 10 ms); null where there is no /proc. */
function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // utime, stime: fields 14 and 15 of stat(5)
  } catch {
    return null;
  }
}

/**
 * CPU time of every PostgreSQL process on this machine (user + system, Linux), the exited backends included
 * (reaped into the postmaster's children times); null where there is none. Counts other clients' work too.
 */
function postgresCpuMs(): number | null {
  let ticks = 0;
  let found = false;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (!stat.includes('(postgres)')) continue;
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]); // utime, stime, cutime, cstime
        found = true;
      } catch {
        // the process ended while we looked
      }
    }
  } catch {
    return null;
  }
  return found ? ticks * 10 : null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Exponential back-off from 500 ms, capped at 10 s; Retry-After, when given, is the floor (SPEC E2). */
function waitFor(attempt: number, retryAfterMs: number | null, random: () => number): number {
  const backoff = Math.min(10_000, 500 * 2 ** (attempt - 1));
  const base = Math.max(retryAfterMs ?? 0, backoff);
  return base + random() * base * 0.5; // jitter on top, never below Retry-After
}

/**
 * A reconnect storm after a flood: D devices come online at the same moment and each pushes its
 * queue (P records, one request) over real HTTP on loopback, honouring 429/503 Retry-After with
 * jittered exponential back-off, bounded in attempts and time. Then a fresh device pulls everything
 * and the server's applied_changes are counted: nothing lost, nothing twice.
 */
export async function benchStorm(options: StormOptions = {}): Promise<StormResult> {
  const devices = options.devices ?? 200;
  const perDevice = options.perDevice ?? 50;
  const maxAttempts = options.maxAttempts ?? 40;
  const deadlineMs = options.deadlineMs ?? 300_000;
  const log = options.log ?? (() => undefined);
  const random = createRng(options.seed ?? 7).next;
  const schema = options.databaseUrl ? `bench_storm_${randomBytes(4).toString('hex')}` : null;
  const counter = commitCounter();
  const server = options.server ?? (await startBenchServer({ env: { ...(schema ? { DATABASE_URL: options.databaseUrl, DATABASE_SCHEMA: schema } : {}), ...counter.env, ...options.env }, entry: options.entry }));
  try {
    log(`storm: creating ${devices} workers and logging each in on its own tablet`);
    const sessions: RawSession[] = [];
    const tag = Date.now();
    for (let i = 0; i < devices; i++) {
      const w = await server.createWorker(`storm_${tag}_${i}`);
      sessions.push(await rawLogin(server.url, w.username, w.password));
    }
    const records = generateWorkload(devices * perDevice, { seed: 99 });
    const bodies: PushBody[] = sessions.map((s, i) => pushBodies(s.deviceId, records.slice(i * perDevice, (i + 1) * perDevice), perDevice)[0]!);

    const result = { completionMs: [] as number[], okRequestMs: [] as number[], status429: 0, status503: 0, otherFailures: 0, gaveUp: 0, requests: 0 };
    log(`storm: ${devices} devices × ${perDevice} records pushing at once`);
    const before = options.server ? null : await counter.read(server.process.process.pid!);
    options.onPhase?.('pushing');
    const cpu0 = cpuMsOf(server.process.process.pid!);
    const bench0 = process.cpuUsage();
    const db0 = schema ? postgresCpuMs() : null;
    const t0 = performance.now();
    await Promise.all(
      sessions.map(async (session, i) => {
        for (let attempt = 1; attempt <= maxAttempts; attempt++) {
          if (performance.now() - t0 > deadlineMs) break;
          const start = performance.now();
          result.requests++;
          let retryAfter: number | null = null;
          try {
            const r = await rawPush(session, bodies[i]!);
            if (r.status === 200) {
              result.okRequestMs.push(performance.now() - start);
              if (r.response!.results.some((x) => x.status !== 'applied')) result.otherFailures++;
              result.completionMs.push(performance.now() - t0);
              return;
            }
            if (r.status === 429) result.status429++;
            else if (r.status === 503) result.status503++;
            else result.otherFailures++;
            retryAfter = r.retryAfterMs;
          } catch {
            result.otherFailures++; // a reset connection: the same body is sent again, the server dedupes (P2)
          }
          await sleep(waitFor(attempt, retryAfter, random));
        }
        result.gaveUp++;
      }),
    );
    const wallMs = performance.now() - t0;
    const cpu1 = cpuMsOf(server.process.process.pid!);
    const bench1 = process.cpuUsage(bench0);
    const db1 = schema ? postgresCpuMs() : null;
    options.onPhase?.('pushed');
    const serverPeakRss = server.rss.peak();
    const after = before ? await counter.read(server.process.process.pid!) : null;

    log('storm: checking what the server holds (a fresh device pulls everything)');
    const checker = await server.createWorker(`storm_${tag}_check`);
    const pulled = await rawPullAll(await rawLogin(server.url, checker.username, checker.password));
    const seen = new Map<string, number>();
    for (const r of pulled) seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
    const expectedIds = new Set(records.map((r) => r.fields.id));
    const lost = [...expectedIds].filter((id) => !seen.has(id)).length;
    const twice = [...seen.values()].filter((c) => c > 1).length + pulled.filter((r) => expectedIds.has(r.id) && r.version !== 1).length;
    const ids = sessions.map((x) => x.deviceId);
    const appliedChanges = schema ? await countAppliedPostgres(options.databaseUrl!, schema, ids) : countAppliedSqlite(join(server.process.dataDir, 'tidemark.sqlite'), ids);
    return {
      store: schema ? 'PostgreSQL' : 'SQLite',
      devices, perDevice, expected: expectedIds.size, stored: [...seen.keys()].filter((id) => expectedIds.has(id)).length, lost, duplicated: twice,
      appliedChanges, ...result, wallMs, serverPeakRss, ...(before && after ? { commits: after.commits - before.commits } : {}),
      ...(cpu0 !== null && cpu1 !== null ? { serverCpuMs: cpu1 - cpu0 } : {}),
      benchCpuMs: (bench1.user + bench1.system) / 1000,
      ...(db0 !== null && db1 !== null ? { databaseCpuMs: db1 - db0 } : {}),
      ...(before?.commitMs !== undefined && after?.commitMs !== undefined ? { commitMs: after.commitMs - before.commitMs } : {}),
    };
  } finally {
    if (!options.server) await server.stop();
    if (schema) await dropSchema(options.databaseUrl!, schema);
    counter.done();
  }
}

function countAppliedSqlite(file: string, ids: string[]): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS c FROM applied_changes WHERE client_id IN (${ids.map(() => '?').join(', ')})`).get(...ids) as { c: number }).c;
  } finally {
    db.close();
  }
}

async function countAppliedPostgres(url: string, schema: string, ids: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query(`SELECT COUNT(*) AS c FROM "${schema}".applied_changes WHERE client_id = ANY($1)`, [ids])).rows[0].c);
  } finally {
    await client.end();
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
