import pg from 'pg';
import { readFileSync } from 'node:fs';
import { migratePostgres } from '/work/wt/pgpath/sync-server/src/store/migrate-postgres.ts';
const dump = JSON.parse(readFileSync(process.argv[2] ?? '/tmp/pgpath-with.json', 'utf8'));
const schema = 'pgpath_replay';
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
await c.connect();
await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
await migratePostgres(c, schema, () => new Date());
const text: string = dump.text.replace(/bench_storm_[0-9a-f]+/g, schema);
const pid = (await c.query('SELECT pg_backend_pid() AS p')).rows[0].p;
const cpu = () => { const s = readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
async function run(label: string, n: number, q: () => Promise<unknown>) {
  const c0 = cpu(); const t0 = performance.now();
  for (let i = 0; i < n; i++) { await c.query('BEGIN'); await q(); await c.query('ROLLBACK'); }
  console.log(label, ((performance.now() - t0) / n).toFixed(2), 'ms wall', ((cpu() - c0) / n).toFixed(2), 'ms backend CPU');
}
const N = Number(process.argv[3] ?? 100);
for (let r = 0; r < 2; r++) {
  await run('unnamed', N, () => c.query(text, dump.values));
  await run('named  ', N, () => c.query({ name: 'w', text, values: dump.values }));
  await run('explain-only (parse+plan, no exec)', N, () => c.query(`EXPLAIN ${text}`, dump.values));
}
await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
await c.end();
