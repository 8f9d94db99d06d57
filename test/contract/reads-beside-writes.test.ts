import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../sync-server/src/store/store';
import { createTempStore, type StoreKind, type TempStore } from '../helpers/server-harness';
import { EMBEDDED_NOTE, EMBEDDED_POSTGRES } from './two-processes';

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

/**
 * The embedded PGlite (DATABASE_URL unset) is one session serving every connection in turn: a read on
 * another connection waits for the open transaction by construction (PLATFORM-NOTES), so "does not
 * queue" cannot hold there. On it the case checks what one session can show — the reads settle once the
 * transaction commits, then seeing what it wrote — and its name says so; CI runs the real server.
 */
const oneSession = (kind: StoreKind): boolean => kind === 'postgres' && EMBEDDED_POSTGRES;

describe.each(['sqlite', 'postgres'] as StoreKind[])('reads beside an open write transaction (%s)', (kind) => {
  let temp: TempStore | undefined;
  afterEach(async () => {
    await temp?.cleanup();
    temp = undefined;
  });

  it(`a session look-up, the account, its client id, tablet health and a record read settle while a push holds the write transaction, seeing only what is committed${oneSession(kind) ? ` (${EMBEDDED_NOTE}: checked only that they settle once it commits and then see it)` : ''}`, async () => {
    temp = await createTempStore(kind);
    const store = temp.store;
    await seed(store);

    let reads: Promise<unknown[]> | undefined;
    const seen = await store.transaction(async (tx) => {
      // A write in progress: not committed until this function returns.
      await tx.putRecord({
        entity: 'household', id: 'hh-open', township: '110101001000', version: 1, fields: { name: '未提交' }, fieldVersions: { name: 1 },
        fieldStamps: {}, createdBy: 'u1', updatedBy: 'u1', originClient: 'c1', updatedAt: AT, deleted: false, idHmac: null,
      });
      reads = Promise.all([
        store.getSession('h1'), store.getUserById('u1'), store.getDevice('c1'), store.listTabletHealth({ userIds: ['u1'] }), store.getRecord('household', 'hh-open'),
      ]);
      // One session: the reads cannot settle before the commit; don't wait 5 s for what is known.
      if (oneSession(kind)) return 'queued' as const;
      const queued = new Promise<'queued'>((resolve) => setTimeout(() => resolve('queued'), 5_000));
      return Promise.race([reads, queued]);
    });

    if (!oneSession(kind)) expect(seen).not.toBe('queued');
    const settled = seen === 'queued' && oneSession(kind) ? await reads! : seen;
    expect(settled).not.toBe('queued');
    const [session, user, device, health, uncommitted] = settled as Exclude<typeof seen, 'queued'>;
    expect(session).toMatchObject({ tokenHash: 'h1', userId: 'u1', deviceId: 'c1' });
    expect(user).toMatchObject({ id: 'u1', username: 'reader1' });
    expect(device).toMatchObject({ id: 'c1', userId: 'u1' });
    expect(health).toHaveLength(1);
    // What the open transaction wrote was not visible to the reads; it is once committed.
    // One session runs the queued reads after the commit: they see the record, as committed.
    if (oneSession(kind)) expect(uncommitted).toMatchObject({ fields: { name: '未提交' } });
    else expect(uncommitted).toBeNull();
    expect(await store.getRecord('household', 'hh-open')).toMatchObject({ fields: { name: '未提交' } });
  });
});
