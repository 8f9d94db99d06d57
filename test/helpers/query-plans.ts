/** A PostgreSQL plan node of EXPLAIN (FORMAT JSON): 'Node Type', 'Relation Name', 'Index Name', 'Index Cond', 'Filter', 'Plans'… */
export type PlanNode = Record<string, unknown>;

/** Every plan node under `plan`, itself first, depth first. */
export function planNodes(plan: PlanNode): PlanNode[] {
  return [plan, ...((plan.Plans as PlanNode[] | undefined) ?? []).flatMap(planNodes)];
}

/**
 * Every plan node of the rows an `EXPLAIN (FORMAT JSON) …` answered (one row, column 'QUERY PLAN', holding
 * `[{ Plan }]`), whichever client ran it: the plan tests of both stores' readers share this one reading.
 */
export function explainedNodes(rows: readonly Record<string, unknown>[]): PlanNode[] {
  return planNodes((rows[0]!['QUERY PLAN'] as { Plan: PlanNode }[])[0]!.Plan);
}

/** The statement shape Kysely compiles (and a raw one): its text and its parameters. */
interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/** The minimum of a better-sqlite3 Database the plan reading needs. */
interface SqliteReader {
  prepare(sql: string): { all(...params: unknown[]): unknown[] };
}

/** SQLite's EXPLAIN QUERY PLAN of a statement, as its detail lines ('SEARCH records USING INDEX …', 'SCAN …'). */
export function sqlitePlan(db: SqliteReader, c: Statement): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...c.parameters) as { detail: string }[]).map((r) => r.detail);
}
