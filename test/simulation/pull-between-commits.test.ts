/**
 * SPEC L2 on PostgreSQL with two server processes, made deterministic: a push on process 1 has taken its
 * serverSeq and waits before COMMIT; a push on process 2 comes next; a tablet pulls from process 2 in
 * between; then process 1 commits. Without the records advisory lock (postgres-store.ts) the second push
 * commits the greater serverSeq first, the pull moves its cursor past the first push's row, and that row
 * is never pulled. With it, the second push waits for the first to commit. No sleeps: the test waits
 * until the second push is either done or waiting for the lock (pg_locks).
 *
 * On the embedded PGlite (no DATABASE_URL) one session serves every connection, so a held transaction
 * would hold every other query too: there the pushes run one after the other and the test says plainly
 * that it proved nothing.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTidemarkClient } from '../../src/app/compose-client';
import { openPostgresStore } from '../../sync-server/src/store/postgres-store';
import { tabletDbEnv } from '../helpers/client-rig';
import { household } from '../helpers/household-fixtures';
import { startInProcessServer, type InProcessServer } from '../helpers/in-process-server';
import { ManualClock, ManualConnectivity, ManualTimers } from '../helpers/manual-env';
import { TEST_EVENT } from '../helpers/reference-fixtures';
import { createTempStore, databaseUrl } from '../helpers/server-harness';
import { holdableStore } from './held-commit';

const EMBEDDED = process.env.TIDEMARK_PG_EMBEDDED === '1';
const NOTE = EMBEDDED
  ? ' (RAN ON THE EMBEDDED PGlite: one session serves every connection, so this cannot fail here; set DATABASE_URL to a real PostgreSQL)'
  : ' (real PostgreSQL server)';
if (EMBEDDED) console.warn(`[L2] pull between commits${NOTE}`);

function tablet(server: InProcessServer, clock: ManualClock, name: string) {
  return createTidemarkClient({
    baseUrl: server.baseUrl,
    fetch: server.fetch,
    now: clock.now,
    timers: new ManualTimers(clock),
    connectivity: new ManualConnectivity(true),
    random: () => 0.5,
    kdfIterations: 1000,
    db: tabletDbEnv(name),
    sync: { autoSync: false },
    deviceName: name,
  });
}

describe(`two server processes on one PostgreSQL${NOTE}`, () => {
  it('[L2] a pull between two overlapping pushes never skips the row committed last with the smaller serverSeq', async () => {
    const clock = new ManualClock(Date.parse('2026-07-01T00:00:00.000Z'));
    const temp = await createTempStore('postgres', clock.now);
    const held = holdableStore(temp.store);
    const other = await openPostgresStore({ connectionString: databaseUrl(), schema: temp.location, poolMax: 4, now: clock.now });
    const one = await startInProcessServer({ store: held.store, clock });
    const two = await startInProcessServer({ store: other, clock });
    const clients = [tablet(one, clock, 'slow'), tablet(two, clock, 'fast'), tablet(two, clock, 'reader')];
    const probe = new pg.Client({ connectionString: databaseUrl() });
    try {
      await one.putReference('event', { ...TEST_EVENT });
      for (const u of ['slow', 'fast', 'reader']) await one.addUser({ username: u, password: `pw-${u}` });
      const [a, b, c] = await Promise.all(clients.map((cl, i) => cl.loginOnline(['slow', 'fast', 'reader'][i]!, `pw-${['slow', 'fast', 'reader'][i]!}`)));
      await c!.sync.syncNow();
      const first = household({ n: 9001 });
      const second = household({ n: 9002 });
      await a!.households.save(first);
      await b!.households.save(second);

      if (EMBEDDED) {
        await a!.sync.syncNow();
        await b!.sync.syncNow();
        await c!.sync.syncNow();
      } else {
        await probe.connect();
        const hold = held.holdNext();
        const slow = a!.sync.syncNow();
        await hold.reached; // process 1 holds the first push's serverSeq, uncommitted
        let fastDone = false;
        const fast = b!.sync.syncNow().then(() => void (fastDone = true));
        // Until the second push has committed, or waits for the records lock: both are the state we want.
        for (;;) {
          if (fastDone) break;
          const { rows } = await probe.query<{ n: string }>("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
          if (Number(rows[0]!.n) > 0) break;
          await new Promise((r) => setImmediate(r));
        }
        await c!.sync.syncNow(); // the pull in between
        hold.release();
        await slow;
        await fast;
        await c!.sync.syncNow();
      }
      const onReader = (await c!.households.list()).map((h) => h.id).sort();
      expect(onReader, 'the reader pulled every committed household').toEqual([first.id, second.id].sort());
    } finally {
      for (const cl of clients) {
        cl.lock();
        await cl.settled().catch(() => undefined);
      }
      await probe.end().catch(() => undefined);
      await one.close();
      await two.close();
      await other.close();
      await temp.cleanup();
    }
  });
});
