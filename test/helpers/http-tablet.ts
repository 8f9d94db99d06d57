/**
 * A tablet (the real client, src/db + src/sync, on a fake-indexeddb of its own) against a test server
 * listening on 127.0.0.1, over real HTTP: the integration tests' rig. It shares the server's clock, its
 * timers fire only when the test says (sync runs on syncNow), and `connectivity` takes it offline:
 * an offline tablet's requests fail as fetch does.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createTidemarkClient } from '../../src/app/compose-client';
import { ManualClock, ManualConnectivity, ManualTimers } from './manual-env';
import type { TestServer } from './server-harness';

export interface HttpTabletOptions {
  /** Prefix of its database names, unique per tablet. */
  prefix: string;
  deviceName?: string;
  /** The network behind the offline switch (a logging or reply-losing wrapper); the global fetch by default. */
  fetch?: typeof fetch;
  gzipPush?: boolean;
}

export function httpTablet(server: TestServer, opts: HttpTabletOptions) {
  const connectivity = new ManualConnectivity(true);
  const network = opts.fetch ?? ((input, init) => fetch(input, init));
  const fetchVia: typeof fetch = async (input, init) => {
    if (!connectivity.isOnline()) throw new TypeError('fetch failed (offline)');
    return network(input, init);
  };
  const env = { indexedDB: new IDBFactory(), IDBKeyRange, prefix: opts.prefix };
  const client = createTidemarkClient({
    baseUrl: server.url!,
    fetch: fetchVia,
    now: server.clock.now,
    timers: new ManualTimers(new ManualClock()), // nothing fires by itself: the test calls syncNow
    connectivity,
    random: () => 0.5,
    kdfIterations: 1000,
    db: env,
    sync: { autoSync: false },
    gzipPush: opts.gzipPush,
    deviceName: opts.deviceName,
  });
  return { client, connectivity, env };
}
