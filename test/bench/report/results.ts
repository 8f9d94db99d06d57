import type { AbuseResult } from '../abuse/abuse';
import type { IngestResult } from '../ingest/ingest-result';
import type { MachineInfo } from '../lib/machine';
import type { SizeResult } from '../size/size';
import type { StormResult } from '../storm/storm';
import type { SyncResult } from '../sync/sync-result';
import type { TabletResult } from '../tablet/tablet-bench';
import type { WorkloadSize } from '../workload/measure';

/** A benchmark either ran, failed (its error is shown in the table), or was skipped (with why). */
export type Outcome<T> = { status: 'ok'; value: T } | { status: 'failed'; error: string } | { status: 'skipped'; reason: string };

export interface BenchResults {
  startedAt: string;
  machine: MachineInfo & { chromium: string | null; postgres: string | null };
  n: number;
  tabletN: number;
  workload: WorkloadSize;
  /** Where Tidemark's client ran in the sync benchmark. */
  tidemarkClient: 'chromium' | 'node';
  /**
   * `peer` is PouchDB on its memory adapter in Node; `peerChromium` (issue 18) PouchDB on IndexedDB in
   * the same Chromium as Tidemark's client, replicating to express-pouchdb on LevelDB.
   */
  sync: Outcome<{ tidemark: SyncResult; peer: SyncResult; peerChromium?: Outcome<SyncResult> }>;
  ingestSqlite: Outcome<IngestResult>;
  ingestPostgres: Outcome<IngestResult>;
  /** The same with relief hand-outs in the workload (issue 14: the flag path measured). */
  ingestSqliteRelief?: Outcome<IngestResult>;
  ingestPostgresRelief?: Outcome<IngestResult>;
  storm: Outcome<StormResult>;
  /** The same storm on PostgreSQL (issue 14), when DATABASE_URL is set. */
  stormPostgres?: Outcome<StormResult>;
  /** The storm again while 20 clients misbehave (issue 11). */
  abuse: Outcome<AbuseResult>;
  tablet: Outcome<TabletResult>;
  size: Outcome<SizeResult>;
}

export async function attempt<T>(run: () => Promise<T>, log: (line: string) => void, name: string): Promise<Outcome<T>> {
  try {
    return { status: 'ok', value: await run() };
  } catch (e) {
    const error = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    log(`${name} FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return { status: 'failed', error };
  }
}
