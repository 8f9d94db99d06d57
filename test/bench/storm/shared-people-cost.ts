import pg from 'pg';
import { readFileSync } from 'node:fs';
import { sharedPeopleText } from '../../../sync-server/src/store/postgres-store';
import { postgresQueries } from '../../../sync-server/src/store/queries/query-builder';
import { selectSharedPeople } from '../../../sync-server/src/store/queries/batch-queries';
import { migratePostgres } from '../../../sync-server/src/store/migrate-postgres';
import { createHash } from 'node:crypto';
const md5 = (t: string) => createHash('md5').update(t).digest('hex');
const schema = 'pgpath_shared';
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
await c.connect();
await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
await migratePostgres(c as never, schema, () => new Date());
const N = Number(process.argv[2] ?? 5000);
await c.query(`INSERT INTO ${schema}.records (entity, id, township, version, fields, field_versions, field_stamps, server_seq, created_at, updated_at, id_hmac) SELECT 'household', 'h' || g, 't', 1, jsonb_build_object('pad', repeat(md5(g::text), 60)), '{}', '{}', g, now(), now(), md5('p' || g) || md5('q' || g) FROM generate_series(1, ${N}) g`);
await c.query(`INSERT INTO ${schema}.person_keys (entity, record_id, id_hmac) SELECT 'household', 'h' || (g / 3 + 1), md5('m' || g) || md5('n' || g) FROM generate_series(1, ${N * 3}) g`);
if (process.argv.includes('--analyze')) await c.query(`ANALYZE ${schema}.records; ANALYZE ${schema}.person_keys`);
const pid = (await c.query('SELECT pg_backend_pid() AS p')).rows[0].p;
const cpu = () => { const s = readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const batch = (k: number) => Array.from({ length: 140 }, (_, i) => md5(`m${k * 140 + i + 1}`) + md5(`n${k * 140 + i + 1}`));
const list = selectSharedPeople(postgresQueries(schema), batch(0));
for (let r = 0; r < 2; r++) {
  for (const [name, run] of [['list form', (b: string[]) => c.query(list.sql, [...b, ...b, 1])], ['unnest+lateral', (b: string[]) => c.query(sharedPeopleText(schema), [b])]] as const) {
    const c0 = cpu(); const t0 = performance.now();
    for (let k = 0; k < 100; k++) await run(batch(k % 50));
    console.log(N, 'records', name, ((performance.now() - t0) / 100).toFixed(2), 'ms wall', ((cpu() - c0) / 100).toFixed(2), 'ms backend CPU a call');
  }
}
await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
await c.end();
