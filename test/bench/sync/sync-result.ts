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
