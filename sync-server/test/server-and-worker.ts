import { afterEach, beforeEach } from 'vitest';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';

export interface ServerAndWorker {
  server: TestServer;
  /** A township worker's session on its own device (server.session()'s default). */
  wang: TestSession;
}

/**
 * The start of a push test: before each test a fresh test server on `kind`'s store and a worker signed
 * in, closed after it. `use` hands them to the file's own variables (as seededEventServer does).
 */
export function serverAndWorker(kind: StoreKind, use: (started: ServerAndWorker) => void): void {
  let server: TestServer | undefined;
  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    use({ server, wang: await server.session() });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
}
