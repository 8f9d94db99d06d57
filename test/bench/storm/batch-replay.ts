/**
 * A storm's batch statement replayed alone (issue 14, twelfth session): the text and parameters that
 * pg-query-hook.mjs dumped (PG_QUERY_DUMP=FILE, the 100th batch statement of a storm), run 60 times on one
 * connection, each in a transaction rolled back, on a fresh migrated schema (the dump's own schema was
 * dropped with its storm). Prints the wall and the backend's CPU (/proc ticks of 10 ms) a call, and for a
 * named statement how often PostgreSQL planned it generic or custom. Usage:
 * `DATABASE_URL=… npx tsx test/bench/storm/batch-replay.ts DUMP.json [auto|force_generic_plan|force_custom_plan] [unnamed]`.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openPostgresStore } from '../../../sync-server/src/store/postgres-store';
import { dropSchema, freshSchemaName } from '../../helpers/server-harness';

const dump = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { text: string; values: unknown[] };
const mode = process.argv[3] ?? 'auto';
const named = process.argv[4] !== 'unnamed';
const schema = freshSchemaName();
const url = process.env.DATABASE_URL!;
const store = await openPostgresStore({ connectionString: url, schema, poolMax: 1 });
await store.close();
const old = /"(bench_storm_[0-9a-f]{8})"/.exec(dump.text)![1]!;
const text = dump.text.split(`"${old}"`).join(`"${schema}"`);
const c = new pg.Client({ connectionString: url });
await c.connect();
const cpu = () => { const f = readFileSync(`/proc/${(c as unknown as { processID: number }).processID}/stat`, 'utf8'); const s = f.slice(f.lastIndexOf(')') + 2).split(' '); return (Number(s[11]) + Number(s[12])) * 10; };
if (mode !== 'auto') await c.query(`SET plan_cache_mode = ${mode}`);
const N = 60;
let cpuSum = 0; let wall = 0;
for (let i = 0; i < N; i++) {
  await c.query('BEGIN');
  const c0 = cpu(); const t0 = performance.now();
  await c.query(named ? { name: 'probe', text, values: dump.values } : { text, values: dump.values });
  wall += performance.now() - t0; cpuSum += cpu() - c0;
  await c.query('ROLLBACK');
}
const ps = named ? (await c.query('SELECT generic_plans, custom_plans FROM pg_prepared_statements')).rows[0] : {};
console.log(`${named ? 'named' : 'unnamed'} ${mode}: ${(wall / N).toFixed(2)} ms wall, ${(cpuSum / N).toFixed(2)} ms backend CPU a call`, JSON.stringify(ps));
await c.end();
await dropSchema(schema);
