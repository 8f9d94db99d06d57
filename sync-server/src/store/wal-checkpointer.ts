import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the WAL back into the database file (a checkpoint), on a worker thread with its own
 * connection, so that no COMMIT of the writer does it on the event loop (issue 14, tenth session).
 *
 * SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL past 1000 pages. In a
 * reconnect storm every group commit writes more than that (a push's random keys dirty a page in each
 * index they go into), so every COMMIT also wrote its pages a second time, into the database file, and
 * fsynced that file too, while every tablet waited: measured 40,000 WAL frames for 10,000 records, and
 * COMMIT's wall time about halved with the checkpoint taken out of it. A commit is durable once its WAL
 * frames are fsynced (synchronous=FULL); when the checkpoint runs changes nothing a client is told.
 *
 * The worker runs a PASSIVE checkpoint (it never waits for the writer or a reader) after commits,
 * one at a time: commits that arrive while it runs are covered by the next one. The writer still
 * checkpoints past a large WAL (sqlite-store.ts, WRITER_CHECKPOINT_PAGES), which bounds the WAL file.
 */
export interface Checkpointer {
  /** A transaction committed: checkpoint when the worker is free. */
  committed(): void;
  /** Resolves once no checkpoint is running or asked for. */
  idle(): Promise<void>;
  /** Stops the worker after the checkpoint it is running; its connection is closed. */
  close(): Promise<void>;
}

/** The worker's code, plain JavaScript evaluated by the Worker (no file to bundle beside the server's). */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
  // The checkpoint fsyncs the database file before the WAL may be reused: FULL, as every connection here.
  db.pragma('synchronous = FULL');
} catch (err) {
  // Sent as text: an error class of the driver does not cross threads with its message.
  parentPort.postMessage({ fatal: String(err && err.message || err) });
  process.exit(1);
}
let asked = false;
let scheduled = false;
let received = 0;
const run = () => {
  scheduled = false;
  if (!db.open) return;
  while (asked) {
    asked = false;
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (err) {
      parentPort.postMessage({ error: String(err && err.message || err) });
    }
  }
  parentPort.postMessage({ idle: received });
};
parentPort.on('message', (m) => {
  if (m === 'close') {
    asked = false;
    db.close();
    parentPort.close();
    return;
  }
  received++;
  asked = true;
  // The commits queued while a checkpoint ran arrive together: one more checkpoint covers them all.
  if (!scheduled) {
    scheduled = true;
    setImmediate(run);
  }
});
`;

/**
 * `onFailed`: the worker stopped (it could not open the database, or it crashed). The caller checkpoints
 * some other way from then on (the SQLite store: on its writer again, as SQLite does by default). A
 * checkpoint that fails without stopping the worker is only reported (`onError`); the next one retries.
 */
export function workerCheckpointer(
  file: string,
  busyTimeoutMs: number,
  on: { onError?: (message: string) => void; onFailed?: (message: string) => void } = {},
): Checkpointer {
  let worker: Worker | null = null;
  let stopped = false;
  // Commits told to the worker, and how many of them it has checkpointed after.
  let sent = 0;
  let done = 0;
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (done < sent) return;
    for (const f of waiters.splice(0)) f();
  };
  const fail = (message: string) => {
    if (stopped) return;
    stopped = true;
    on.onFailed?.(message);
  };
  const start = () => {
    const w = new Worker(WORKER, { eval: true, workerData: { file, busyTimeoutMs, driver: createRequire(import.meta.url).resolve('better-sqlite3') } });
    // The server may exit with checkpoints still to do: the WAL holds them, and the next start (or the
    // last connection's close) copies them back.
    w.unref();
    w.on('message', (m: { idle?: number; error?: string; fatal?: string }) => {
      if (m.fatal !== undefined) fail(m.fatal);
      if (m.error) on.onError?.(m.error);
      if (m.idle !== undefined) {
        done = m.idle;
        settle();
      }
    });
    // An error thrown in the worker arrives cloned, not always as an Error.
    w.on('error', (err: unknown) => fail(String((err as { message?: unknown } | null)?.message ?? err)));
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      if (code !== 0) fail(`exited with code ${code}`);
      stopped = true;
      done = sent;
      settle();
    });
    return w;
  };
  return {
    committed() {
      if (stopped) return;
      worker ??= start();
      sent++;
      worker.postMessage('checkpoint');
    },
    idle: () => (done >= sent ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
    async close() {
      stopped = true;
      const w = worker;
      if (!w) return;
      worker = null;
      const exited = once(w, 'exit');
      w.ref(); // kept alive until it has closed its connection
      w.postMessage('close');
      await exited;
    },
  };
}
