import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerConfig } from '../config';
import { openPostgresStore } from './postgres-store';
import { openSqliteStore } from './sqlite-store';
import type { Store } from './store';

export const SQLITE_FILE_NAME = 'tidemark.sqlite';

/** The store the configuration asks for: PostgreSQL when DATABASE_URL is set, else DATA_DIR/tidemark.sqlite. */
export async function openStore(config: Pick<ServerConfig, 'databaseUrl' | 'databaseSchema' | 'pgPoolMax' | 'dataDir'>): Promise<Store> {
  if (config.databaseUrl) {
    return commitStatsOnSignal(await openPostgresStore({ connectionString: config.databaseUrl, schema: config.databaseSchema, poolMax: config.pgPoolMax }));
  }
  mkdirSync(config.dataDir, { recursive: true });
  return commitStatsOnSignal(openSqliteStore({ file: join(config.dataDir, SQLITE_FILE_NAME) }));
}

/**
 * The bench (test/bench/ingest, storm) compares the server with a raw insert making as many commits
 * as the server made (issue 14; with group commit, SPEC I4, fewer than the pushes): with
 * TIDEMARK_COMMIT_STATS_FILE set, the store's commit counts are written there on SIGUSR2.
 */
function commitStatsOnSignal(store: Store): Store {
  const file = process.env.TIDEMARK_COMMIT_STATS_FILE;
  if (file) process.on('SIGUSR2', () => writeFileSync(file, JSON.stringify(store.commitStats())));
  return store;
}
