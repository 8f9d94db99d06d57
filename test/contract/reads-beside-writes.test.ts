import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../sync-server/src/store/store';
import { createTempStore, type StoreKind, type TempStore } from '../helpers/server-harness';

/**
 * Issue 14: "SQLite: reads on their own connection (WAL allows it), writes on one". A request's session
 * look-up (and the other reads) must not queue behind a push that holds the write transaction open,
 * and must see only what is committed. The transaction below waits for the reads it started: if they
 * queued behind it they could not settle, and the race says so instead of hanging the test.
 */
const AT = '2026-06-20T08:00:00.000Z';

async function seed(store: Store): Promise<void> {
  await store.createUser({
    id: 'u1', username: 'reader1', displayName: '王五', role: 'worker', township: '110101001000', county: '110101000000',
    passwordHash: 'x', unlockSecret: 'y', disabled: false, createdAt: AT,
  });
  await store.bindClient({ id: 'c1', userId: 'u1', name: null, tabletId: null, lastSeen: AT });
  await store.createSession({ tokenHash: 'h1', userId: 'u1', deviceId: 'c1', expiresAt: '2026-06-21T08:00:00.000Z', createdAt: AT });
  await store.putTabletHealth({
    clientId: 'c1', userId: 'u1', tabletId: null, kind: 'sync', appVersion: '1', receivedAt: AT, lastSyncedAt: null, pendingRecords: 0,
    oldestPendingAt: null, pendingAttachments: 0, rejected: 0, storagePersisted: null, storageUsageBytes: null, storageQuotaBytes: null, lastErrorCode: null,
  });
}

describe.each(['sqlite', 'postgres'] as StoreKind[])('reads beside an open write transaction (%s)', (kind) => {
  let temp: TempStore | undefined;
  afterEach(async () => {
    await temp?.cleanup();
    temp = undefined;
  });

  it('a session look-up, the account, its client id, tablet health and a record read settle while a push holds the write transaction, seeing only what is committed', async () => {
    temp = await createTempStore(kind);
    const store = temp.store;
    await seed(store);

    const seen = await store.transaction(async (tx) => {
      // A write in progress: not committed until this function returns.
      await tx.putRecord({
        entity: 'household', id: 'hh-open', township: '110101001000', version: 1, fields: { name: '未提交' }, fieldVersions: { name: 1 },
        fieldStamps: {}, createdBy: 'u1', updatedBy: 'u1', originClient: 'c1', updatedAt: AT, deleted: false, idHmac: null,
      });
      const reads = Promise.all([
        store.getSession('h1'), store.getUserById('u1'), store.getDevice('c1'), store.listTabletHealth({ userIds: ['u1'] }), store.getRecord('household', 'hh-open'),
      ]);
      const queued = new Promise<'queued'>((resolve) => setTimeout(() => resolve('queued'), 5_000));
      return Promise.race([reads, queued]);
    });

    expect(seen).not.toBe('queued');
    const [session, user, device, health, uncommitted] = seen as Exclude<typeof seen, 'queued'>;
    expect(session).toMatchObject({ tokenHash: 'h1', userId: 'u1', deviceId: 'c1' });
    expect(user).toMatchObject({ id: 'u1', username: 'reader1' });
    expect(device).toMatchObject({ id: 'c1', userId: 'u1' });
    expect(health).toHaveLength(1);
    // What the open transaction wrote was not visible to the reads; it is once committed.
    expect(uncommitted).toBeNull();
    expect(await store.getRecord('household', 'hh-open')).toMatchObject({ fields: { name: '未提交' } });
  });
});
