import type { CompiledQuery } from 'kysely';

/**
 * A statement whose text was built once (compiled-once.ts, batch-queries.ts, the counter's
 * count-statements-pg.ts) in the shape the stores run: they read only `sql` and `parameters`, never Kysely's
 * operation tree, which a text kept by itself no longer has.
 */
export function compiledText(sql: string, parameters: readonly unknown[]): CompiledQuery {
  return { sql, parameters, query: undefined as never, queryId: undefined as never };
}
