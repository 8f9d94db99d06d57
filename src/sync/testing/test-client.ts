import { createTidemarkClient, type TidemarkClientDeps } from '../../db/client';
import type { SyncOptions } from '../sync-engine';
import { FakeSyncServer } from './fake-sync-server';
import { ManualClock, ManualConnectivity, ManualTimers } from './test-env';

let dbCounter = 0;

export interface TestRig {
  server: FakeSyncServer;
  clock: ManualClock;
  timers: ManualTimers;
  connectivity: ManualConnectivity;
  client: ReturnType<typeof createTidemarkClient>;
  /** Another tablet (its own databases) against the same server, clock and network. */
  anotherTablet(overrides?: Partial<TidemarkClientDeps>): ReturnType<typeof createTidemarkClient>;
}

/** A client on a fresh "tablet" (own database prefix) against a fake server, nothing real: no timers, no network. */
export function testRig(opts: { sync?: Partial<SyncOptions>; random?: () => number; server?: FakeSyncServer; clock?: ManualClock; deps?: Partial<TidemarkClientDeps> } = {}): TestRig {
  const clock = opts.clock ?? new ManualClock();
  const server = opts.server ?? new FakeSyncServer(clock.now);
  const timers = new ManualTimers(clock);
  const connectivity = new ManualConnectivity(true);
  const make = (overrides: Partial<TidemarkClientDeps> = {}) =>
    createTidemarkClient({
      fetch: server.fetch,
      now: clock.now,
      timers,
      connectivity,
      random: opts.random ?? (() => 0.5),
      kdfIterations: 1000,
      db: { prefix: `tablet${++dbCounter}-` },
      sync: { autoSync: false, ...opts.sync },
      ...opts.deps,
      ...overrides,
    });
  return { server, clock, timers, connectivity, client: make(), anotherTablet: make };
}

/** The keys of a logged-in session, re-derived from the device database as an attacker with the password would (tests only). */
export async function keysOf(session: { db: { name: string }; user: { id: string } }, password: string) {
  const { DeviceDb } = await import('../../db/device-db');
  const { openWithPassword } = await import('../../security/account-keys');
  const name = session.db.name;
  const device = new DeviceDb({ prefix: name.slice(0, name.indexOf('tidemark-u-')) });
  const account = await device.accounts.get(session.user.id);
  device.close();
  const keys = account && (await openWithPassword(account.keys, account.userId, password));
  if (!keys) throw new Error('no keys');
  return keys;
}
