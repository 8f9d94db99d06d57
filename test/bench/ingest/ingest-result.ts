export interface IngestResult {
  store: 'SQLite' | 'PostgreSQL';
  n: number;
  /** N records pushed through POST /api/sync/push, 500 per request, one device, one after another. */
  pushMs: number;
  /** The same rows the pushes wrote, inserted raw in one transaction. */
  rawMs: number;
  /** Rows the raw insert wrote (records, applied_changes, audit_log). */
  rawRows: number;
  serverPeakRss: number;
}

export const pushRate = (r: IngestResult) => (r.n / r.pushMs) * 1000;
export const rawRate = (r: IngestResult) => (r.n / r.rawMs) * 1000;
