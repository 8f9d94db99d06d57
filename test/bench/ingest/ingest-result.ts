import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  /** Commits the server made (its store's count, SPEC I4), or the push requests where it could not be read. */
  commits?: number;
  /** Push requests made. */
  pushes?: number;
  /** The same rows inserted raw in `commits` transactions (an equal share in each): the fair baseline. */
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

export interface CommitCounts {
  commits: number;
  transactions: number;
  /** Wall time spent in COMMIT so far (the storm's floor reports it: the event loop blocked on the disk). */
  commitMs?: number;
}

/**
 * The server's commit counts (its store's, SPEC I4) through TIDEMARK_COMMIT_STATS_FILE and SIGUSR2
 * (store/open-store.ts): `env` for the server, `read(pid)` asks and waits for the answer (null: none).
 */
export function commitCounter(): { env: Record<string, string>; read(pid: number): Promise<CommitCounts | null>; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-commits-'));
  const file = join(dir, 'commits.json');
  return {
    env: { TIDEMARK_COMMIT_STATS_FILE: file },
    async read(pid) {
      rmSync(file, { force: true });
      process.kill(pid, 'SIGUSR2');
      for (let i = 0; i < 100; i++) {
        if (existsSync(file)) {
          try {
            return JSON.parse(readFileSync(file, 'utf8')) as CommitCounts;
          } catch {
            // written as we read: once more
          }
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      return null;
    },
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}
