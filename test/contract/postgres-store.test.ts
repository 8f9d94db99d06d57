import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { openPostgresStore, sharedPeopleText } from '../../sync-server/src/store/postgres-store';
import { postgresQueries } from '../../sync-server/src/store/queries/query-builder';
import { selectSharedPeople } from '../../sync-server/src/store/queries/batch-queries';
import { createTempStore, databaseUrl } from '../helpers/server-harness';
import { defineStoreContract } from './store-contract';
import { defineTwoProcessTests } from './two-processes';
import { explainedNodes } from '../helpers/query-plans';

describe('PostgreSQL for tests', () => {
  it('is provided by the global setup and reachable (a missing database fails, never skips)', async () => {
    expect(inject('databaseUrl')).toBe(process.env.DATABASE_URL);
    const client = new pg.Client({ connectionString: databaseUrl() });
    await client.connect();
    const { rows } = await client.query('SELECT 1 AS one');
    await client.end();
    expect(rows[0].one).toBe(1);
  });
});

defineStoreContract({
  kind: 'postgres',
  create: () => createTempStore('postgres'),
  openAgain: (schema) => openPostgresStore({ connectionString: databaseUrl(), schema, poolMax: 2 }),
  rawExec: async (schema, sql) => {
    const client = new pg.Client({ connectionString: databaseUrl() });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT set_config('search_path', $1, true)", [`"${schema}"`]);
      await client.query(sql);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      await client.end();
    }
  },
});

describe('PostgreSQL: the shared-people read (SPEC I1, issue 14)', () => {
  it('[I1] looks each person up through the id_hmac indexes on tables never analysed, never scanning records or person_keys', async () => {
    await withUnanalysedPeople(async (client, temp) => {
      const s = `"${temp.location}"`;
      const people = Array.from({ length: 140 }, (_, i) => (i % 4 === 0 ? hex('p', i) : hex('m', i)));
      const explain = async (text: string, values: unknown[]) => explainedNodes((await client.query(`EXPLAIN (FORMAT JSON) ${text}`, values)).rows);
      const nodes = await explain(sharedPeopleText(temp.location), [people]);
      const scanned = (table: string) => nodes.filter((n) => n['Relation Name'] === table).map((n) => n['Node Type']);
      expect(scanned('records').length).toBeGreaterThan(0);
      expect(scanned('records')).not.toContain('Seq Scan');
      expect(scanned('person_keys').length).toBeGreaterThan(0);
      expect(scanned('person_keys')).not.toContain('Seq Scan');
      // Why PostgreSQL has its own text: the list form both stores shared scans both tables here (it reads whole tables per push).
      const listForm = selectSharedPeople(postgresQueries(temp.location), people);
      const listNodes = await explain(listForm.sql, [...listForm.parameters]);
      expect(listNodes.some((n) => n['Node Type'] === 'Seq Scan')).toBe(true);
      // And it answers as the list form does.
      const answer = async (text: string, values: unknown[]) => (await client.query(text, values)).rows.map((r) => r.k as string).sort();
      await client.query(`INSERT INTO ${s}.person_keys (entity, record_id, id_hmac) VALUES ('household', 'h7', $1), ('household', 'h9', $2)`, [people[0], people[1]]);
      expect(await answer(sharedPeopleText(temp.location), [people])).toEqual(await answer(listForm.sql, [...listForm.parameters]));
      expect(await answer(sharedPeopleText(temp.location), [people])).toEqual([people[0], people[1]].sort());
    });
  });
});

/**
 * A storm's or a bulk load's tables half way, on a fresh store: thousands of households, each with a head HMAC
 * and three person keys; no ANALYZE has run. `fn` gets a client of its own and the store.
 */
async function withUnanalysedPeople(fn: (client: pg.Client, temp: Awaited<ReturnType<typeof createTempStore>>) => Promise<void>): Promise<void> {
  const temp = await createTempStore('postgres');
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const s = `"${temp.location}"`;
    await client.query(
      `INSERT INTO ${s}.records (entity, id, township, version, fields, field_versions, field_stamps, server_seq, created_at, updated_at, id_hmac) ` +
        `SELECT 'household', 'h' || g, 't', 1, jsonb_build_object('pad', repeat(md5(g::text), 40)), '{}', '{}', g, now(), now(), md5('p' || g) || md5('q' || g) FROM generate_series(1, 3000) g`,
    );
    await client.query(`INSERT INTO ${s}.person_keys (entity, record_id, id_hmac) SELECT 'household', 'h' || (g / 3 + 1), md5('m' || g) || md5('n' || g) FROM generate_series(1, 9000) g`);
    await fn(client, temp);
  } finally {
    await client.end();
    await temp.cleanup();
  }
}

describe('PostgreSQL: no JIT compilation on the store\'s connections (issue 14, thirteenth session)', () => {
  it('[I1] the shared-people read of a 500-household push on a table never analysed runs without JIT, which cost it 18-270 ms a push', async () => {
    await withUnanalysedPeople(async (client, temp) => {
      const people = Array.from({ length: 1400 }, (_, i) => (i % 4 === 0 ? hex('p', i) : hex('m', i)));
      const plan = async (run: (text: string, values: unknown[]) => Promise<Record<string, unknown>[]>) =>
        ((await run(`EXPLAIN (ANALYZE, FORMAT JSON) ${sharedPeopleText(temp.location)}`, [people]))[0]!['QUERY PLAN'] as Record<string, unknown>[])[0]!;
      // The store's own connections never compile: JIT's compile time is PostgreSQL CPU for statements that run in milliseconds.
      const store = await plan((text, values) => temp.store.queryCompiled(CompiledQuery.raw(text, values)));
      expect(store.JIT).toBeUndefined();
      // On a server built with JIT (the machine's PostgreSQL 15, and CI's), the estimate without statistics is past
      // jit_above_cost, so a connection with the server's defaults compiles the same read: the check above can fail.
      // A server without it (the embedded PGlite) compiles nothing on any connection, and says so.
      const jit = (await client.query<{ available: boolean }>('SELECT pg_jit_available() AS available')).rows[0]!.available;
      const defaults = await plan(async (text, values) => (await client.query(text, values)).rows);
      expect('JIT' in defaults).toBe(jit);
    });
  });
});

/** The HMAC the test's rows give person `i` of kind `k` ('p' heads, 'm' members), as md5 || md5 in SQL. */
function hex(k: 'p' | 'm', i: number): string {
  return `${md5(`${k}${i + 1}`)}${md5(`${k === 'p' ? 'q' : 'n'}${i + 1}`)}`;
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

defineTwoProcessTests();
