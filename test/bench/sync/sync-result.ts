import type { LocalSaveFloor } from '../tablet/page-api';

/** What one side of the sync benchmark reports (Tidemark or the peer), same shape for both. */
export interface SyncPhase {
  ms: number;
  /**
   * Of `ms`, the time with at least one request in flight (awaiting the server); `ms` minus this is
   * the client's own work that nothing overlapped (issue 18). Absent where not measured.
   */
  awaitingMs?: number;
  /** HTTP requests the client made in this phase. */
  requests: number;
  /** Bytes client → server at the socket (headers and bodies). */
  up: number;
  /** Bytes server → client at the socket. */
  down: number;
}

export interface SyncResult {
  system: string;
  n: number;
  /** Writing the N records locally before the push (not part of the sync figures). */
  localSaveMs: number;
  /**
   * Issue 18, Tidemark in Chromium: the floors measured beside the local save, in the same page and
   * chunk by chunk with it (tablet/page-api.ts saveWorkload): (a) bare puts, (b) the stored rows and
   * outbox changes into tables with the app's indexes; one strict transaction per record in both.
   */
  localSaveFloor?: LocalSaveFloor;
  /**
   * Issue 18, PouchDB in Chromium: the same N documents saved one `put` at a time (each its own
   * IndexedDB transaction, made strict like the app's), into a database of their own.
   */
  localSaveEachMs?: number;
  push: SyncPhase;
  pull: SyncPhase;
  serverPeakRss: number;
  /** The fresh client holds exactly the N records afterwards. */
  verified: boolean;
  notes: string[];
}

export function phaseBytes(p: SyncPhase): number {
  return p.up + p.down;
}
