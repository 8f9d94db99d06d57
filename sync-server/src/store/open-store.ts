import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerConfig } from '../config';
import { openPostgresStore } from './postgres-store';
import { openSqliteStore } from './sqlite-store';
import type { Store } from './store';

export const SQLITE_FILE_NAME = 'tidemark.sqlite';

/** The store the configuration asks for: PostgreSQL when DATABASE_URL is set, else DATA_DIR/tidemark.sqlite. */
export async function openStore(config: Pick<ServerConfig, 'databaseUrl' | 'databaseSchema' | 'pgPoolMax' | 'dataDir'>): Promise<Store> {
  if (config.databaseUrl) {
    return openPostgresStore({ connectionString: config.databaseUrl, schema: config.databaseSchema, poolMax: config.pgPoolMax });
  }
  mkdirSync(config.dataDir, { recursive: true });
  return openSqliteStore({ file: join(config.dataDir, SQLITE_FILE_NAME) });
}
