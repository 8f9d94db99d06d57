import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
}

/** The numbered SQL migrations of one dialect (`migrations/<dialect>/NNN-name.sql`), in order. */
export function migrationFiles(dialect: 'sqlite' | 'postgres'): MigrationFile[] {
  const dir = fileURLToPath(new URL(`./migrations/${dialect}/`, import.meta.url));
  return readdirSync(dir)
    .filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(dir + f, 'utf8') }));
}
