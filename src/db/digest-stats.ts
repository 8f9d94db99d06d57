/** How the list digest (list-digest.ts) accounts for its work, and the clock and sleep it runs on (tests' are manual). */

export interface DigestStats {
  /** Whether the digest answers searches now (every row on disk compared since the last wide write). */
  complete: boolean;
  households: number;
  rows: number;
  /** Rows read and households decrypted into the digest since unlock. */
  rowsRead: number;
  decrypted: number;
  /** Searches and lists the digest answered. */
  answered: number;
  /** Households those answers checked against their query (N4's check): a page stops after the page and one more. */
  checked: number;
  /** Steps (bulk reads) the warm-up and the catch-up ran, and their total time (ms). */
  steps: number;
  stepMs: number;
  /** Entries restored from the sealed copy at unlock (N11) and the time that took (ms); parts of it written since, and their time (sealing and writing). */
  restored: number;
  restoreMs: number;
  /**
   * The restore's time split (ms, all restores; the bench's figures, tablet-issue18.md): the read of the
   * parts and the log; from its end to the last part opened (decryptions and parsing); of that, decoding
   * and parsing on this thread; the entries put into the map. `rebuildMs`: the snapshot builds (any answer's).
   */
  restoreReadMs: number;
  restoreOpenMs: number;
  restoreParseMs: number;
  /** Inflating the deflated parts (each part's wall time, summed), and the sealed bytes read. */
  restoreInflateMs: number;
  restoreBytes: number;
  restoreLoopMs: number;
  rebuildMs: number;
  /** The passes' reads of every `[id+rev]` key and their comparison with the entries: how many, and their time (ms, all passes). */
  compared: number;
  compareMs: number;
  /** N11: ids the write log (and the parts' omitted lists) named at the restore, read instead of comparing every key. */
  logRead: number;
  partsWritten: number;
  persistMs: number;
  /** Parts whose entries changed since they were last written. */
  partsDirty: number;
}

export interface DigestTiming {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** A sync is running: the warm-up waits (its page writes commit seconds apart, each one a range). */
  syncing?: () => boolean;
}
