import { afterEach, beforeEach } from 'vitest';
import { startTestServer, type StoreKind, type TestServer } from '../../test/helpers/server-harness';
import { createContext } from '../src/context';
import { seedRelocationEvent, type SeededEvent } from './relocation-seed';

export interface SeededEventServer {
  server: TestServer;
  seed: SeededEvent;
  /** The server's ID-number HMAC, for computing the county report's rule over the stored records. */
  hmac: (id: string) => string;
}

/**
 * The start of the dashboard's server tests: before each test a fresh test server on `kind`'s store with
 * the fixture event pushed by its four tablets (seedRelocationEvent), closed after it. `use` hands them
 * to the file's own variables (as the e2e files' sceneInBrowser does); a file's own beforeEach
 * registered after this call runs after the seeding.
 */
export function seededEventServer(kind: StoreKind, use: (started: SeededEventServer) => void): void {
  let server: TestServer | undefined;
  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    const seed = await seedRelocationEvent(server);
    const hmac = await createContext({ store: server.store, clock: server.clock.now, config: server.config }).idHmac();
    use({ server, seed, hmac });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
}
