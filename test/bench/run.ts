/**
 * `npm run bench`: Tidemark against a real peer (PouchDB replication), the raw database, a reconnect
 * storm, the tablet in real Chromium and the size of the build, on the same machine in one run.
 * Prints a markdown table and writes it to test/bench/results/latest.md (see README "Performance").
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchAbuse } from './abuse/abuse';
import { benchDashboard, renderDashboardBench } from './dashboard/dashboard-bench';
import { benchIngestPostgres } from './ingest/ingest-postgres';
import { benchIngestSqlite } from './ingest/ingest-sqlite';
import { parseArgs } from './lib/args';
import { chromiumVersion, describeMachine } from './lib/machine';
import { BENCH_DIR, ensurePeerPackages } from './lib/peer-packages';
import { renderReport } from './report/markdown';
import { updateReadme } from './report/readme';
import { attempt, type BenchResults, type Outcome } from './report/results';
import { measureBuild } from './size/size';
import { benchStorm } from './storm/storm';
import { benchPeerSync } from './sync/peer-sync';
import { benchPeerSyncChromium } from './sync/peer-sync-chromium';
import { benchTidemarkSync } from './sync/tidemark-sync';
import { benchTidemarkSyncChromium } from './sync/tidemark-sync-chromium';
import { buildStatic, type StaticBuild } from './tablet/build-static';
import { benchChromiumPath } from './tablet/chromium';
import { benchTablet } from './tablet/tablet-bench';
import { generateReliefWorkload, generateWorkload } from './workload/generate';
import { measureWorkload } from './workload/measure';

const started = performance.now();
const log = (line: string) => console.log(`[bench +${((performance.now() - started) / 1000).toFixed(0)}s] ${line}`);
const skipped = (reason: string) => ({ status: 'skipped', reason }) as const;

function postgresVersion(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return execFileSync('psql', [url, '-Atc', 'SHOW server_version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return 'version unknown';
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const machine = { ...describeMachine(), chromium: chromiumVersion(await benchChromiumPath()), postgres: postgresVersion(databaseUrl) };
  log(`N = ${args.n}, tablet N = ${args.tabletN}, phases: ${[...args.phases].join(', ')}; ${machine.cpu}, ${machine.cores} cores, load ${machine.loadAverage}`);
  const records = generateWorkload(args.n);
  const workload = measureWorkload(records);

  const needsBrowser = args.phases.has('tablet') || args.phases.has('size') || (args.phases.has('sync') && args.tidemarkClient === 'chromium');
  let build: StaticBuild | null = null;
  let buildError: string | null = null;
  if (needsBrowser) {
    try {
      build = buildStatic(log);
    } catch (e) {
      buildError = e instanceof Error ? e.message : String(e);
      log(`build FAILED: ${buildError}`);
    }
  }
  const withBuild = async <T>(name: string, run: (b: StaticBuild) => Promise<T>): Promise<Outcome<T>> =>
    build ? attempt(() => run(build!), log, name) : { status: 'failed', error: `the build failed: ${buildError}` };

  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    machine,
    n: args.n,
    tabletN: args.tabletN,
    workload,
    tidemarkClient: args.tidemarkClient,
    sync: skipped('not selected'),
    ingestSqlite: skipped('not selected'),
    ingestPostgres: skipped('not selected'),
    storm: skipped('not selected'),
    abuse: skipped('not selected'),
    tablet: skipped('not selected'),
    size: skipped('not selected'),
  };

  if (args.phases.has('sync')) {
    ensurePeerPackages(log);
    const tidemark = args.tidemarkClient === 'chromium'
      ? () => withBuild('sync (Tidemark)', (b) => benchTidemarkSyncChromium(args.n, b, { log }))
      : () => attempt(() => benchTidemarkSync(records, { log }), log, 'sync (Tidemark)');
    const t = await tidemark();
    const q = await attempt(() => benchPeerSync(records, { log }), log, 'sync (peer)');
    const qc = await attempt(() => benchPeerSyncChromium(records, { log }), log, 'sync (peer in Chromium)');
    results.sync = t.status !== 'ok' ? t : q.status !== 'ok' ? q : { status: 'ok', value: { tidemark: t.value, peer: q.value, peerChromium: qc } };
  }
  if (args.phases.has('ingest')) {
    results.ingestSqlite = await attempt(() => benchIngestSqlite(records, { log }), log, 'ingest (SQLite)');
    const mixed = generateReliefWorkload(args.n);
    const workload = 'households, surveys, hand-outs' as const;
    results.ingestSqliteRelief = await attempt(() => benchIngestSqlite(mixed, { log, workload }), log, 'ingest (SQLite, hand-outs)');
    results.ingestPostgres = databaseUrl ? await attempt(() => benchIngestPostgres(records, databaseUrl, { log }), log, 'ingest (PostgreSQL)') : skipped('DATABASE_URL is not set');
    results.ingestPostgresRelief = databaseUrl
      ? await attempt(() => benchIngestPostgres(mixed, databaseUrl, { log, workload }), log, 'ingest (PostgreSQL, hand-outs)')
      : skipped('DATABASE_URL is not set');
  }
  if (args.phases.has('storm')) {
    results.storm = await attempt(() => benchStorm({ devices: args.stormDevices, perDevice: args.stormPerDevice, log }), log, 'storm');
    results.stormPostgres = databaseUrl
      ? await attempt(() => benchStorm({ devices: args.stormDevices, perDevice: args.stormPerDevice, log, databaseUrl }), log, 'storm (PostgreSQL)')
      : skipped('DATABASE_URL is not set');
  }
  if (args.phases.has('abuse')) results.abuse = await attempt(() => benchAbuse({ devices: args.stormDevices, perDevice: args.stormPerDevice, log }), log, 'abuse');
  if (args.phases.has('tablet')) results.tablet = await withBuild('tablet', (b) => benchTablet(b, { stored: args.tabletN, log }));
  if (args.phases.has('size')) results.size = await withBuild('size', async (b) => measureBuild(b.dir));
  // Issue 16: the county report and the dashboard at 200,000 people; its own table (test/bench/dashboard).
  if (args.phases.has('dashboard')) await attempt(async () => writeFileSync(join(BENCH_DIR, 'results', 'dashboard-latest.md'), renderDashboardBench(await benchDashboard({ databaseUrl, log }))), log, 'dashboard');

  const report = renderReport(results);
  const dir = join(BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.md'), `# Tidemark benchmark: latest run\n\n${report}`);
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(results, null, 2));
  if (args.readme) updateReadme(report);
  console.log(`\n${report}`);
  log(`written to test/bench/results/latest.md${args.readme ? ' and README.md' : ''}`);
  const failed = Object.values(results).some((v) => typeof v === 'object' && v !== null && 'status' in v && v.status === 'failed');
  process.exitCode = failed ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
