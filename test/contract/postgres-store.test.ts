import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { openPostgresStore } from '../../sync-server/src/store/postgres-store';
import { createTempStore, databaseUrl } from '../helpers/server-harness';
import { defineStoreContract } from './store-contract';
import { defineTwoProcessTests } from './two-processes';

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

defineTwoProcessTests();
