import Database from 'better-sqlite3';

/**
 * Ingest is timed until the server has also counted what the pushes wrote (SPEC D9): the dashboard's
 * counting runs after each commit, off the tablets' path, but it is the server's work for the same
 * records, and the raw baseline inserts the counted rows too. Without this wait the push would be
 * credited with work it merely postponed.
 */
export async function untilCounted(marksLeft: () => Promise<number> | number, pollMs = 10): Promise<void> {
  for (;;) {
    if ((await marksLeft()) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** untilCounted on a server's SQLite file, read beside the server on a connection of its own (the ingest tools). */
export async function untilCountedInSqlite(file: string): Promise<void> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const due = db.prepare('SELECT COUNT(*) AS n FROM counting_due');
    await untilCounted(() => (due.get() as { n: number }).n);
  } finally {
    db.close();
  }
}

/**
 * Issue 18: the server's count watched while the caller goes on (the tablet bench's first sync beside it):
 * `counted` gives the ms from this call until no mark is left. `stop` ends the watch and closes its connection,
 * whether or not the count is done: a watch left polling would keep the bench's process from exiting after a
 * failed phase.
 */
export function watchCounting(file: string, pollMs: number): { counted: Promise<number>; stop(): void } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const due = db.prepare('SELECT COUNT(*) AS n FROM counting_due');
  const started = performance.now();
  let stopped = false;
  const counted = untilCounted(() => (stopped ? 0 : (due.get() as { n: number }).n), pollMs).then(() => performance.now() - started);
  return {
    counted,
    stop() {
      if (stopped) return;
      stopped = true;
      db.close();
    },
  };
}
