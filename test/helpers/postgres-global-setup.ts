import type { TestProject } from 'vitest/node';

/**
 * vitest globalSetup (projects server and e2e): makes a PostgreSQL available to the tests.
 * With DATABASE_URL set (CI: the machine's real PostgreSQL) it is used as is; otherwise an embedded
 * PGlite (real PostgreSQL compiled to WebAssembly) is served on a free local port for the run.
 * The URL reaches tests two ways: process.env.DATABASE_URL (inherited by the test workers and by any
 * server child process) and `inject('databaseUrl')`. Tests isolate themselves with a fresh schema.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.DATABASE_URL;
  if (given) {
    project.provide('databaseUrl', given);
    return async () => undefined;
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create();
  // Several connections: the contract suite runs two "server processes" (two pools) at once.
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 24 });
  serialiseExtendedQueries(server);
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  process.env.DATABASE_URL = url;
  // Tests whose failures need concurrent sessions say so when they ran here (PLATFORM-NOTES).
  process.env.TIDEMARK_PG_EMBEDDED = '1';
  project.provide('databaseUrl', url);
  return async () => {
    await server.stop();
    await db.close();
    if (process.env.DATABASE_URL === url) delete process.env.DATABASE_URL;
    delete process.env.TIDEMARK_PG_EMBEDDED;
  };
}

/** Frontend message types of the extended query protocol that must not be split from their Sync. */
const EXTENDED_QUERY_MESSAGES = new Set([0x50 /* Parse */, 0x42 /* Bind */, 0x44 /* Describe */, 0x45 /* Execute */, 0x48 /* Flush */, 0x43 /* Close */]);

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData(data: Uint8Array): void;
  resolve(bytes: number): void;
  reject(err: unknown): void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: { isInTransaction(): boolean; runExclusive<T>(fn: () => Promise<T>): Promise<T>; execProtocolRawStream(m: Uint8Array, o: { onRawData(d: Uint8Array): void }): Promise<unknown> };
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/**
 * PGlite is one PostgreSQL session shared by every socket. pglite-socket 0.2.17 keeps a connection's
 * messages together only inside a transaction, so two connections running parameterised queries
 * (Parse, Bind, Execute, Sync sent as separate messages) interleave, and one gets "unnamed prepared
 * statement does not exist". Its queue also stops for good after a thrown error. This keeps each
 * connection's extended-query messages together up to their Sync, as a real server's separate sessions
 * would, for the tests only; the production code talks to a real PostgreSQL.
 */
function serialiseExtendedQueries(server: unknown): void {
  const q = (server as { queryQueue?: QueryQueue }).queryQueue;
  if (!q || typeof q.processQueue !== 'function' || !Array.isArray(q.queue)) {
    throw new Error('pglite-socket internals changed: update serialiseExtendedQueries in test/helpers/postgres-global-setup.ts');
  }
  let midQuery = false;
  q.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const pinned = (midQuery || this.db.isInTransaction()) && this.lastHandlerId !== null ? this.lastHandlerId : null;
        const index = pinned === null ? 0 : this.queue.findIndex((m) => m.handlerId === pinned);
        if (index === -1) break; // wait for the pinned connection's next message
        const item = this.queue.splice(index, 1)[0]!;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (err) {
          this.lastHandlerId = item.handlerId;
          midQuery = false;
          item.reject(err);
          continue;
        }
        this.lastHandlerId = item.handlerId;
        midQuery = EXTENDED_QUERY_MESSAGES.has(item.message[0]!);
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (handlerId: number) => {
    // A connection that went away in the middle of a query must not keep the others waiting.
    if (q.lastHandlerId === handlerId) midQuery = false;
    clear(handlerId);
    void q.processQueue();
  };
}
