export interface IngestResult {
  store: 'SQLite' | 'PostgreSQL';
  n: number;
  /** N records pushed through POST /api/sync/push, 500 per request, one device, one after another. */
  pushMs: number;
  /** The same rows the pushes wrote, inserted raw in one transaction. */
  rawMs: number;
  /** Rows the raw insert wrote (records, applied_changes, audit_log; person keys with the hand-out workload). */
  rawRows: number;
  serverPeakRss: number;
  /** Push requests made: one transaction each is what the server must at least commit (issue 14). */
  commits?: number;
  /** The same rows inserted raw in `commits` transactions (each push's share in its own): the fair baseline. */
  rawCommitsMs?: number;
  /** Which workload: households and surveys, or with relief hand-outs (the flag path). */
  workload?: 'households + surveys' | 'households, surveys, hand-outs';
  /** Flag records the server wrote (the hand-out workload repeats some hand-outs). */
  flags?: number;
}

export const pushRate = (r: IngestResult) => (r.n / r.pushMs) * 1000;
export const rawRate = (r: IngestResult) => (r.n / r.rawMs) * 1000;
export const rawCommitsRate = (r: IngestResult) => (r.rawCommitsMs ? (r.n / r.rawCommitsMs) * 1000 : Number.NaN);

type Row = Record<string, unknown>;
export interface TableRows {
  table: string;
  rows: Row[];
}

/**
 * The rows split into `commits` parts, part k holding the k-th share of every table: what one push
 * transaction writes, so the raw baseline commits as often as the server must.
 */
export function splitForCommits(tables: TableRows[], commits: number): TableRows[][] {
  const parts: TableRows[][] = [];
  for (let k = 0; k < commits; k++) {
    parts.push(
      tables.map((t) => {
        const from = Math.floor((t.rows.length * k) / commits);
        const to = Math.floor((t.rows.length * (k + 1)) / commits);
        return { table: t.table, rows: t.rows.slice(from, to) };
      }),
    );
  }
  return parts;
}
