/**
 * The server's side of a first sync's pull (issue 18, fourteenth session): a server holding N households
 * (pushed once through the real push route into a seed directory that later runs copy), then the pages a
 * fresh tablet asks for (src/sync/pull.ts: limit 1000, `since` = the previous page's cursor, gzip accepted
 * as Chromium does), one at a time. Per page: the request's wall at the client, the server process's CPU
 * (/proc/<pid>/stat, 10 ms ticks) and, with sqlite-statement-hook.mjs, the pull statement's time.
 *
 *   npx tsx test/bench/sync/pull-server-cost.ts [--n 50000] [--survey-share 0] [--entry /abs/sync-server/src/main.ts]
 *     [--seed-dir /tmp/pull-seed-50000] [--profile-dir DIR]
 *
 * `--entry` runs another tree's server on the same seed (A/B). The pull waits until the server idles (its
 * dashboard counter catches up after a start) unless `--no-settle`. SQLite only. Prints a JSON summary; its
 * `window` is the pull's span for `test/bench/ingest/profile-summary.ts file --window FROM TO`.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PullResponse } from '../../../src/shared/protocol/messages';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../../src/shared/protocol/version';
import { ANPING, ANPING_QINGHE, TEST_DIVISIONS } from '../../fixtures/areas';
import { startServerProcess, type ServerProcess } from '../../helpers/server-harness';
import { fetchPolitely, pushBodies, rawLogin, rawPushAll } from '../lib/raw-protocol';
import { generateWorkload } from '../workload/generate';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const n = Number(arg('n', '50000'));
const share = Number(arg('survey-share', '0'));
const seedDir = arg('seed-dir', join(tmpdir(), `pull-seed-${n}-${share}`));
const entry = arg('entry', '');
const profileDir = arg('profile-dir', '');
/** Without it the pull starts at once, while the server may still be counting the seed's households (dashboard). */
const settle = !process.argv.includes('--no-settle');
const statementDir = mkdtempSync(join(tmpdir(), 'pull-statements-'));

const cpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const s = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(s[11]) + Number(s[12])) * 10;
};

async function api(proc: ServerProcess, token: string, method: string, path: string, body: unknown) {
  const res = await fetchPolitely(`${proc.url}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
}

/** Waits until the server idles (its dashboard counter catches up on the households it was sent). */
async function settled(pid: number): Promise<number> {
  const ts = Date.now();
  for (let prev = cpuMs(pid); ; ) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = cpuMs(pid);
    if (now - prev < 30 || Date.now() - ts > 900_000) return Date.now() - ts;
    prev = now;
  }
}

async function seed(): Promise<void> {
  const proc = await startServerProcess({ dataDir: seedDir, env: { SCRYPT_COST: '1024', PUSH_WAIT_SECONDS: undefined } });
  try {
    const admin = await rawLogin(proc.url, proc.adminUsername, proc.adminPassword);
    await api(proc, admin.token, 'POST', '/api/admin/divisions/import', { csv: TEST_DIVISIONS.map(([c, nm]) => `${c},${nm}`).join('\n') });
    const users = ['pull_office', 'pull_worker'];
    for (const u of users) {
      await api(proc, admin.token, 'POST', '/api/admin/users', { username: u, password: 'bench-password-1', role: 'worker', township: ANPING_QINGHE, county: ANPING, displayName: u });
    }
    const office = await rawLogin(proc.url, 'pull_office', 'bench-password-1');
    const t = Date.now();
    await rawPushAll(office, pushBodies(office.deviceId, generateWorkload(n, { surveyShare: share, seed: 18 })));
    console.error(`seeded ${n} records in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    console.error(`the seed's counting settled in ${((await settled(proc.process.pid!)) / 1000).toFixed(0)} s`);
  } finally {
    await proc.kill('SIGTERM');
  }
  writeFileSync(join(seedDir, 'seed.json'), JSON.stringify({ n, share }));
}

if (!existsSync(join(seedDir, 'seed.json'))) await seed();
const dataDir = mkdtempSync(join(tmpdir(), 'pull-run-'));
cpSync(seedDir, dataDir, { recursive: true });
const hooks = [`--import ${resolve('test/bench/sync/sqlite-statement-hook.mjs')}`, profileDir ? `--import ${resolve('test/bench/ingest/cpu-profile-hook.mjs')}` : ''].join(' ');
const proc = await startServerProcess({
  dataDir,
  entry: entry || undefined,
  env: { SCRYPT_COST: '1024', PUSH_WAIT_SECONDS: undefined, NODE_OPTIONS: hooks, STATEMENT_DIR: statementDir, PROFILE_DIR: profileDir || undefined },
});
const pid = proc.process.pid!;
try {
  const worker = await rawLogin(proc.url, 'pull_worker', 'bench-password-1');
  const settledMs = settle ? await settled(pid) : 0;
  process.kill(pid, 'SIGUSR2'); // the statements before the pull (login, counting) out of the way
  const windowFrom = process.hrtime.bigint() / 1000n;
  const pages: { wall: number; cpu: number; bytes: number; records: number }[] = [];
  let since = 0;
  const t0 = Date.now();
  const cpu0 = cpuMs(pid);
  for (;;) {
    const c = cpuMs(pid);
    const t = performance.now();
    const res = await fetch(`${proc.url}/api/sync/pull?since=${since}&limit=1000`, {
      headers: { authorization: `Bearer ${worker.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'accept-encoding': 'gzip, deflate, br' },
    });
    const bytes = Number(res.headers.get('content-length') ?? 0);
    const page = (await res.json()) as PullResponse;
    const wall = performance.now() - t;
    if (res.status !== 200) throw new Error(`pull ${res.status}`);
    pages.push({ wall, cpu: cpuMs(pid) - c, bytes, records: page.records.length });
    if (!page.hasMore || page.cursor <= since) break;
    since = page.cursor;
  }
  const totalWall = Date.now() - t0;
  const windowTo = process.hrtime.bigint() / 1000n;
  const totalCpu = cpuMs(pid) - cpu0;
  process.kill(pid, 'SIGUSR2');
  await new Promise((r) => setTimeout(r, 500));
  const dumps = readdirSync(statementDir).sort();
  const calls = JSON.parse(readFileSync(join(statementDir, dumps[dumps.length - 1]!), 'utf8')) as { sql: string; ms: number }[];
  const pullCalls = calls.filter((c) => c.sql.startsWith('select "entity", "id", "township", "version", "fields", "server_seq", "updated_by"'));
  const shapes = new Map<string, { calls: number; ms: number }>();
  for (const c of calls) {
    const s = shapes.get(c.sql) ?? { calls: 0, ms: 0 };
    s.calls++;
    s.ms += c.ms;
    shapes.set(c.sql, s);
  }
  const r = (x: number) => Math.round(x * 10) / 10;
  const statementMs = pages.map((_, k) => r(pullCalls[k]?.ms ?? NaN));
  const at = (k: number) => ({ page: k + 1, wall: r(pages[k]!.wall), cpu: pages[k]!.cpu, statement: r(pullCalls[k]?.ms ?? NaN), bytes: pages[k]!.bytes, records: pages[k]!.records });
  const pick = [0, 1, Math.floor(pages.length / 4), Math.floor(pages.length / 2), Math.floor((3 * pages.length) / 4), pages.length - 1].filter((k, i, a) => a.indexOf(k) === i);
  console.log(JSON.stringify({
    n, share, entry: entry || 'this tree', settledMs, window: `--window ${windowFrom} ${windowTo}`, pages: pages.length, records: pages.reduce((a, p) => a + p.records, 0),
    totalWallMs: totalWall, serverCpuMs: totalCpu, pullStatementMs: r(pullCalls.reduce((a, c) => a + c.ms, 0)), statementCalls: calls.length,
    otherStatementMs: r(calls.reduce((a, c) => a + c.ms, 0) - pullCalls.reduce((a, c) => a + c.ms, 0)),
    wallSumMs: r(pages.reduce((a, p) => a + p.wall, 0)), walls: pages.map((p) => Math.round(p.wall)), cpus: pages.map((p) => p.cpu), statementMs, sampled: pick.map(at),
    shapes: [...shapes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 6).map(([sql, s]) => ({ sql: sql.slice(0, 100), calls: s.calls, ms: r(s.ms) })),
  }, null, 1));
} finally {
  await proc.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(statementDir, { recursive: true, force: true });
}
