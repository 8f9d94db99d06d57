/**
 * Issue 14 on the real PostgreSQL: a push batch reads and merges before it takes the serialising lock.
 * When another server process commits a write to a record the batch read in between, the batch must
 * see it (StaleBatchRead, then again under the lock) — never write a merge of what it read before
 * (a lost update). The other process's push is made to land exactly in that window.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../sync-server/src/auth/create-user';
import { DEFAULT_CONFIG } from '../../sync-server/src/config';
import { createContext, type AppContext } from '../../sync-server/src/context';
import { openPostgresStore } from '../../sync-server/src/store/postgres-store';
import type { Store, StoreTx, UserRow } from '../../sync-server/src/store/store';
import { applyPush } from '../../sync-server/src/sync/apply-push';
import { change, createHousehold, newId } from '../../sync-server/test/fixtures';
import { ANPING, ANPING_QINGHE, seedTestRegistry } from '../fixtures/areas';
import { databaseUrl, dropSchema, freshSchemaName, testClock } from '../helpers/server-harness';
import { EMBEDDED_NOTE, EMBEDDED_POSTGRES } from './two-processes';

describe(`a batch merged before the lock sees a commit made in between (PostgreSQL${EMBEDDED_POSTGRES ? `; ${EMBEDDED_NOTE}` : ', real server'})`, () => {
  let schema: string;
  let stores: Store[];
  let ctxs: AppContext[];
  let worker: UserRow;

  beforeEach(async () => {
    schema = freshSchemaName();
    const clock = testClock();
    stores = [];
    for (let i = 0; i < 2; i++) stores.push(await openPostgresStore({ connectionString: databaseUrl(), schema, poolMax: 3 }));
    await seedTestRegistry(stores[0]!);
    ctxs = stores.map((store) => createContext({ store, clock: clock.now, config: { ...DEFAULT_CONFIG, scryptCost: 1024 } }));
    worker = await createUser(ctxs[0]!, { username: 'wang', password: 'password-1', role: 'worker', township: ANPING_QINGHE, county: ANPING });
  });
  afterEach(async () => {
    for (const s of stores) await s.close();
    await dropSchema(schema);
  });

  it('[L5][L2][C3] the other process’s edit is merged, not lost', async () => {
    const id = newId();
    await applyPush(ctxs[0]!, worker, { protocol: 2, deviceId: 'dev-a0000001', changes: [createHousehold(1, id, { notes: 'first' })] });
    // Process 0's next batch: when it is about to take the lock, process 1 commits an edit of the same
    // record (another field, from the same base).
    const store = stores[0]!;
    const real = store.transaction.bind(store);
    let window = 0;
    store.transaction = ((fn: (tx: StoreTx) => Promise<unknown>, options?: { lock?: 'first' | 'beforeWrite' }) =>
      real(async (tx) => fn({
        ...tx,
        lockForWrite: async () => {
          if (window++ === 0) {
            await applyPush(ctxs[1]!, worker, { protocol: 2, deviceId: 'dev-b0000002', changes: [change(1, id, { membersCount: 5 }, { baseVersion: 1, changedAt: '2026-06-20T11:00:00.000Z' })] });
          }
          return tx.lockForWrite();
        },
      }), options)) as Store['transaction'];
    const res = await applyPush(ctxs[0]!, worker, { protocol: 2, deviceId: 'dev-a0000001', changes: [change(2, id, { notes: 'second' }, { baseVersion: 1, changedAt: '2026-06-20T12:00:00.000Z' })] });
    store.transaction = real;

    expect(window).toBeGreaterThanOrEqual(2); // the batch ran again, under the lock
    // What one-by-one gives: process 1's edit first (version 2), then this one merged onto it (C3).
    expect(res.results).toEqual([{ seq: 2, id, status: 'merged', version: 3 }]);
    const r = await stores[1]!.getRecord('household', id);
    expect(r).toMatchObject({ version: 3, fields: { notes: 'second', membersCount: 5 } });
    expect(await stores[1]!.countAppliedChanges()).toBe(3);
  });
});
