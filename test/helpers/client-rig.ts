/**
 * A tablet (the real client: src/db + src/sync on fake-indexeddb) against the real server in process,
 * through a network the test controls (fault-fetch.ts). Time, timers and connectivity are manual, and the
 * server shares the tablet's clock. Replaces the in-memory fake server the client tests used to run on.
 */
import { onTestFinished } from 'vitest';
import { createTidemarkClient, type TidemarkClientDeps, type TidemarkClientWithSession } from '../../src/app/compose-client';
import type { SyncOptions } from '../../src/sync/sync-engine';
import type { ServerConfig } from '../../sync-server/src/config';
import type { StoreKind } from './server-harness';
import { faultyNetwork, type FaultyNetwork } from './fault-fetch';
import { startInProcessServer, type InProcessServer } from './in-process-server';
import { ManualClock, ManualConnectivity, ManualTimers } from './manual-env';

let tabletCounter = 0;

export interface ClientRig {
  server: InProcessServer;
  /** The network of the first tablet (and of anotherTablet() unless given its own). */
  net: FaultyNetwork;
  clock: ManualClock;
  timers: ManualTimers;
  connectivity: ManualConnectivity;
  client: TidemarkClientWithSession;
  /** Another tablet (its own IndexedDB) against the same server, clock and (by default) network. */
  anotherTablet(overrides?: Partial<TidemarkClientDeps> & { net?: FaultyNetwork }): TidemarkClientWithSession;
  /** Moves the shared clock past every session's expiry (SESSION_EXPIRED from the real server). */
  expireSessions(): void;
  close(): Promise<void>;
}

export interface ClientRigOptions {
  sync?: Partial<SyncOptions>;
  random?: () => number;
  clock?: ManualClock;
  deps?: Partial<TidemarkClientDeps>;
  /** Server configuration (e.g. offlineDays, sessionHours); test defaults otherwise. */
  config?: Partial<ServerConfig>;
  store?: StoreKind;
  /** Reuse a server (e.g. one per file); it is then not closed with the rig. */
  server?: InProcessServer;
}

/** Each tablet gets its own database names in the process's IndexedDB (fake-indexeddb from the setup file). */
export function tabletDbEnv(label = 'tablet') {
  return { prefix: `${label}${++tabletCounter}-` };
}

export async function clientRig(opts: ClientRigOptions = {}): Promise<ClientRig> {
  const clock = opts.clock ?? new ManualClock();
  const server = opts.server ?? (await startInProcessServer({ store: opts.store, clock, config: opts.config }));
  const net = faultyNetwork(server.fetch);
  const timers = new ManualTimers(clock);
  const connectivity = new ManualConnectivity(true);
  const clients: TidemarkClientWithSession[] = [];
  const make = (overrides: Partial<TidemarkClientDeps> & { net?: FaultyNetwork } = {}) => {
    const { net: ownNet, ...rest } = overrides;
    const c = createTidemarkClient({
      baseUrl: server.baseUrl,
      fetch: (ownNet ?? net).fetch,
      now: clock.now,
      timers,
      connectivity,
      random: opts.random ?? (() => 0.5),
      kdfIterations: 1000,
      db: tabletDbEnv(),
      sync: { autoSync: false, ...opts.sync },
      ...opts.deps,
      ...rest,
    });
    clients.push(c);
    return c;
  };
  const rig: ClientRig = {
    server, net, clock, timers, connectivity,
    client: make(),
    anotherTablet: make,
    expireSessions: () => clock.advance(server.config.sessionHours * 3_600_000 + 1000),
    async close() {
      for (const c of clients) {
        c.lock();
        await c.settled();
      }
      if (!opts.server) await server.close();
    },
  };
  try {
    onTestFinished(() => rig.close());
  } catch {
    // Made outside a test (beforeAll): the caller closes it.
  }
  return rig;
}

/**
 * A tablet on an older form that does not know the server's rule: each pushed change whose `notes`
 * is `marker` is broken on the wire (a negative member count), so the real server rejects it.
 */
export function breakNotes(rig: ClientRig, marker: string) {
  return rig.net.always('POST /api/sync/push', {
    kind: 'rewrite',
    rewrite: (body) => {
      const b = body as { changes: { fields: Record<string, unknown> }[] };
      for (const c of b.changes) if (c.fields.notes === marker) c.fields.membersCount = -1;
      return b;
    },
  });
}
