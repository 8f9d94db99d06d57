/**
 * Profiles the server while it ingests (issue 14): `npx tsx test/bench/ingest/profile-ingest.ts [n] [relief]`
 * starts the real server with `--cpu-prof` into PROFILE_DIR (default /tmp/tidemark-prof), pushes n
 * records (500 per push) from one device, stops the server (the profile is written on exit) and prints
 * the push rate. Open the .cpuprofile in Chrome DevTools, or summarise it with profile-summary.ts.
 * With DATABASE_URL set, the PostgreSQL store. SQLite: it then waits, as the bench does (until-counted.ts),
 * until the dashboard's counting of the pushes is done, and prints the pushes' and the count's times apart.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { untilCountedInSqlite } from './until-counted';
import { pushBodies, rawLogin, rawPushAll } from '../lib/raw-protocol';
import { startBenchServer } from '../lib/tidemark-server';
import { generateReliefWorkload, generateWorkload } from '../workload/generate';

const n = Number(process.argv[2] ?? 10_000);
const relief = process.argv[3] === 'relief';
const dir = process.env.PROFILE_DIR ?? '/tmp/tidemark-prof';
mkdirSync(dir, { recursive: true });
const databaseUrl = process.env.DATABASE_URL || undefined;
const server = await startBenchServer({
  env: { NODE_OPTIONS: `--import ${new URL('./cpu-profile-hook.mjs', import.meta.url).pathname}`, PROFILE_DIR: dir, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: databaseUrl ? `prof_${Date.now()}` : undefined },
});
try {
  const worker = await server.createWorker(`prof_${Date.now()}`);
  const session = await rawLogin(server.url, worker.username, worker.password);
  const bodies = pushBodies(session.deviceId, relief ? generateReliefWorkload(n) : generateWorkload(n));
  const t0 = performance.now();
  await rawPushAll(session, bodies);
  const ms = performance.now() - t0;
  console.log(`${n} records in ${(ms / 1000).toFixed(1)} s: ${Math.round((n / ms) * 1000)} rec/s (${databaseUrl ? 'PostgreSQL' : 'SQLite'})`);
  if (!databaseUrl) {
    await untilCountedInSqlite(join(server.process.dataDir, 'tidemark.sqlite'));
    const all = performance.now() - t0;
    console.log(`counted ${((all - ms) / 1000).toFixed(1)} s after the last push: ${Math.round((n / all) * 1000)} rec/s as the bench times it`);
  }
} finally {
  await server.stop();
}
