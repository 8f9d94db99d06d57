/**
 * The PostgreSQL ingest rows of `npm run bench -- --only ingest` alone (issue 14, thirteenth session):
 * `DATABASE_URL=… npx tsx test/bench/ingest/ingest-pg-run.ts [n] [hs|relief|both]`. With
 * NODE_OPTIONS="--import ./test/bench/storm/pg-query-hook.mjs" the server's statements between the two
 * commit-count reads (the pushes and their counting) go to PG_QUERY_DIR.
 */
import { generateReliefWorkload, generateWorkload } from '../workload/generate';
import { benchIngestPostgres } from './ingest-postgres';
import { pushRate, rawCommitsRate } from './ingest-result';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is not set');
const n = Number(process.argv[2] ?? 10_000);
const which = process.argv[3] ?? 'both';
const runs = [
  ...(which !== 'relief' ? [() => benchIngestPostgres(generateWorkload(n), url)] : []),
  ...(which !== 'hs' ? [() => benchIngestPostgres(generateReliefWorkload(n), url, { workload: 'households, surveys, hand-outs' })] : []),
];
for (const run of runs) {
  const r = await run();
  const push = pushRate(r);
  const raw = rawCommitsRate(r);
  console.log(
    `${r.workload}: push ${r.pushMs.toFixed(0)} ms, ${push.toFixed(0)} rec/s; raw in ${r.commits} commits ${r.rawCommitsMs?.toFixed(0)} ms, ${raw.toFixed(0)} rec/s; ` +
      `${((push / raw) * 100).toFixed(1)} %; raw in 1 commit ${r.rawMs.toFixed(0)} ms; rows ${r.rawRows}; pushes ${r.pushes}; flags ${r.flags}`,
  );
}
