/**
 * Issue 14 on the real PostgreSQL: a push batch reads and merges before it takes the serialising lock.
 * When another server process commits a write to a record the batch read in between, the batch must
 * see it (StaleBatchRead, then again under the lock) — never write a merge of what it read before
 * (a lost update). The other process's push is made to land exactly in that window.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change, PushResponse } from '../../src/shared/protocol/messages';
import { createUser } from '../../sync-server/src/auth/create-user';
import { DEFAULT_CONFIG } from '../../sync-server/src/config';
import { createContext, type AppContext } from '../../sync-server/src/context';
import { openPostgresStore } from '../../sync-server/src/store/postgres-store';
import type { LockTiming, Store, StoreTx, UserRow } from '../../sync-server/src/store/store';
import { applyPush } from '../../sync-server/src/sync/apply-push';
import { change, createHousehold, newId } from '../../sync-server/test/fixtures';
import type { ParsedPush } from '../../sync-server/src/sync/parse-push';
import { caseFlagId } from '../../sync-server/src/sync/case-stale-flag';
import { createCase, pushStep, stepFields } from '../../sync-server/test/case-fixtures';
import type { TestSession } from '../helpers/server-harness';
import { ANPING, ANPING_QINGHE, seedTestRegistry } from '../fixtures/areas';
import { databaseUrl, dropSchema, freshSchemaName, testClock } from '../helpers/server-harness';
import { EMBEDDED_NOTE, EMBEDDED_POSTGRES } from './two-processes';

/**
 * Runs `between` once, when the store's next record-writing transaction is about to take the lock (after
 * its merge, before its writes): the window L5 guards. `restore()` puts the store back and says how
 * often a transaction reached that point (2 or more: the batch ran again, under the lock).
 */
function inLockWindow(store: Store, between: () => Promise<void>): { restore(): number } {
  const real = store.transaction.bind(store);
  let window = 0;
  store.transaction = ((fn: (tx: StoreTx) => Promise<unknown>, options?: Parameters<Store['transaction']>[1]) =>
    real(async (tx) => fn({
      ...tx,
      lockForWrite: async () => {
        if (window++ === 0) await between();
        return tx.lockForWrite();
      },
    }), options)) as Store['transaction'];
  return {
    restore() {
      store.transaction = real;
      return window;
    },
  };
}

/** Another connection holds the store's serialising lock (the records lock, L2), so a group wanting it waits. */
const holdRecordsLock = (holder: pg.Client, schema: string) => holder.query('SELECT pg_advisory_lock(hashtext($1))', [`tidemark-records:${schema}`]);
const releaseRecordsLock = (holder: pg.Client, schema: string) => holder.query('SELECT pg_advisory_unlock(hashtext($1))', [`tidemark-records:${schema}`]);

/** Whether a backend waits for an advisory lock `holder` holds: the group has begun writing. */
const lockAwaited = async (holder: pg.Client): Promise<boolean> => (await holder.query(
  `SELECT count(*)::int AS n FROM pg_locks w JOIN pg_locks h USING (locktype, database, classid, objid, objsubid)
   WHERE w.locktype = 'advisory' AND h.pid = pg_backend_pid() AND h.granted AND NOT w.granted`,
)).rows[0].n > 0;

/**
 * Every case here opens a transaction on one server process and, inside it, commits on the other. The
 * embedded PGlite (DATABASE_URL unset) serves every connection from one session and holds the other
 * connection's statements until the open transaction ends, so each case waits for itself (it hung the
 * suite, 2 minutes a case): on it the cases are reported skipped, with this reason in the output. They
 * run wherever a real PostgreSQL is given (CI's .ci/run sets DATABASE_URL), which is the only place the
 * race they guard can happen or be shown (PLATFORM-NOTES).
 */
if (EMBEDDED_POSTGRES) console.warn(`late-lock: NOT RUN: ${EMBEDDED_NOTE}`);

describe.skipIf(EMBEDDED_POSTGRES)(`a batch merged before the lock sees a commit made in between (PostgreSQL${EMBEDDED_POSTGRES ? `; NOT RUN: ${EMBEDDED_NOTE}` : ', real server'})`, () => {
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
    const lockWindow = inLockWindow(stores[0]!, async () => {
      await applyPush(ctxs[1]!, worker, { protocol: 2, deviceId: 'dev-b0000002', changes: [change(1, id, { membersCount: 5 }, { baseVersion: 1, changedAt: '2026-06-20T11:00:00.000Z' })] });
    });
    const res = await applyPush(ctxs[0]!, worker, { protocol: 2, deviceId: 'dev-a0000001', changes: [change(2, id, { notes: 'second' }, { baseVersion: 1, changedAt: '2026-06-20T12:00:00.000Z' })] });
    const window = lockWindow.restore();

    expect(window).toBeGreaterThanOrEqual(2); // the batch ran again, under the lock
    // What one-by-one gives: process 1's edit first (version 2), then this one merged onto it (C3).
    expect(res.results).toEqual([{ seq: 2, id, status: 'merged', version: 3 }]);
    const r = await stores[1]!.getRecord('household', id);
    expect(r).toMatchObject({ version: 3, fields: { notes: 'second', membersCount: 5 } });
    expect(await stores[1]!.countAppliedChanges()).toBe(3);
  });

  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  async function until(cond: () => Promise<boolean> | boolean): Promise<void> {
    while (!(await cond())) await sleep(5);
  }

  /**
   * Holds process 0's grouped transactions until `n` have been asked for, runs `between` (nothing of the
   * group has started: no lock is held by it), then lets them go in one turn, in the order they were
   * asked for: one group. Records the lock timing of every transaction asked for after.
   */
  function gate(n: number, between: () => Promise<void> = async () => undefined): { asked: () => number; locks: LockTiming[] } {
    const store = stores[0]!;
    const inner = store.transaction.bind(store);
    const waiting: (() => void)[] = [];
    const locks: LockTiming[] = [];
    store.transaction = ((fn: (tx: StoreTx) => Promise<unknown>, options?: Parameters<Store['transaction']>[1]) => {
      locks.push(options?.lock ?? 'first');
      if (!options?.group || waiting.length >= n) return inner(fn, options);
      return new Promise<unknown>((resolve, reject) => {
        waiting.push(() => void inner(fn, options).then(resolve, reject));
        if (waiting.length === n) void between().then(() => { for (const go of waiting) go(); }, reject);
      });
    }) as Store['transaction'];
    return { asked: () => waiting.length, locks };
  }

  const push = (p: number, deviceId: string, changes: Change[], user: UserRow = worker): Promise<PushResponse> =>
    applyPush(ctxs[p]!, user, { protocol: 2, deviceId, changes } satisfies ParsedPush);

  it('[L5][I4][L2] the pushes of one group read and merge before the group takes the lock', async () => {
    const store = stores[0]!;
    const ctx = ctxs[0]!;
    // Observable of a push's merge: it hashes its household head's ID number (apply-change.ts, the record's id_hmac).
    const hashed = new Set<string>();
    const idHmac = ctx.idHmac.bind(ctx);
    ctx.idHmac = async () => {
      const h = await idHmac();
      return (n: string) => {
        hashed.add(n);
        return h(n);
      };
    };
    // Another connection holds the serialising lock: the group, once it wants it, waits.
    const holder = new pg.Client({ connectionString: databaseUrl() });
    await holder.connect();
    try {
      await holdRecordsLock(holder, schema);
      const sent = [createHousehold(1), createHousehold(1)];
      const heads = sent.map((c) => (c.fields.head as { idNumber: string }).idNumber);
      gate(2);
      const before = store.commitStats();
      const answers = sent.map((c, i) => push(0, `dev-g000000${i}`, [c]));
      // A backend waits for the lock this connection holds: the group has begun writing.
      await until(() => lockAwaited(holder));
      // Both pushes have merged: the second did not wait for the first one's writes under the lock.
      expect(heads.filter((h) => hashed.has(h))).toEqual(heads);
      await releaseRecordsLock(holder, schema);
      const results = await Promise.all(answers);
      results.forEach((r, i) => expect(r.results).toEqual([{ seq: 1, id: sent[i]!.id, status: 'applied', version: 1 }]));
      const after = store.commitStats();
      expect(after.transactions - before.transactions).toBe(2);
      expect(after.commits - before.commits).toBe(1); // one group
    } finally {
      await holder.end();
    }
  });

  it('[L5][I4] the push that takes its group’s lock has its writes built (the rows’ JSON, the statement) before it asks for the lock', async () => {
    const store = stores[0]!;
    // Observable: the batches a transaction hands to StoreTx.prepareBatch, the step that builds what writeBatch sends (issue 14, eleventh session).
    const built: string[] = [];
    const real = store.transaction.bind(store);
    store.transaction = ((fn: (tx: StoreTx) => Promise<unknown>, options?: Parameters<Store['transaction']>[1]) =>
      real(async (tx) => fn({
        ...tx,
        prepareBatch: (w) => {
          built.push(w.clientId);
          return tx.prepareBatch ? tx.prepareBatch(w) : w;
        },
      }), options)) as Store['transaction'];
    const holder = new pg.Client({ connectionString: databaseUrl() });
    await holder.connect();
    try {
      await holdRecordsLock(holder, schema);
      const sent = [createHousehold(1), createHousehold(1)];
      const g = gate(2);
      const before = store.commitStats();
      // One after the other into the group, so that its first push is dev-p0000000: sent at once, the two
      // reach their transaction in the order their reads before it answer, which load can swap.
      const first = push(0, 'dev-p0000000', [sent[0]!]);
      await until(() => g.asked() === 1);
      const answers = [first, push(0, 'dev-p0000001', [sent[1]!])];
      await until(() => lockAwaited(holder));
      // The group's first push waits for the lock with its writes built; the second builds its own once the group holds it.
      expect(built).toEqual(['dev-p0000000']);
      await releaseRecordsLock(holder, schema);
      const results = await Promise.all(answers);
      results.forEach((r, i) => expect(r.results).toEqual([{ seq: 1, id: sent[i]!.id, status: 'applied', version: 1 }]));
      expect(built).toEqual(['dev-p0000000', 'dev-p0000001']);
      for (const c of sent) expect(await store.getRecord('household', c.id)).toMatchObject({ version: 1, fields: { head: c.fields.head } });
      const after = store.commitStats();
      expect(after.transactions - before.transactions).toBe(2);
      expect(after.commits - before.commits).toBe(1); // one group
    } finally {
      await holder.end();
    }
  });

  it('[L5][I4][L2][C3] a group member whose read another process wrote before the member wrote is applied again under the lock', async () => {
    const id = newId();
    await push(0, 'dev-a0000001', [createHousehold(1, id, { notes: 'first' })]);
    // Both pushes of process 0 have asked for their transaction (merged, on the new code); before their
    // group starts, process 1 commits an edit of the record the second one read.
    const g = gate(2, async () => {
      await push(1, 'dev-c0000003', [change(1, id, { membersCount: 5 }, { baseVersion: 1, changedAt: '2026-06-20T11:00:00.000Z' })]);
    });
    const other = createHousehold(1);
    const first = push(0, 'dev-d0000004', [other]);
    await until(() => g.asked() === 1); // member 1 of the group
    const second = push(0, 'dev-a0000001', [change(2, id, { notes: 'second' }, { baseVersion: 1, changedAt: '2026-06-20T12:00:00.000Z' })]);
    const [r1, r2] = await Promise.all([first, second]);
    expect(g.locks).toContain('first'); // the stale member, again with the lock from the start
    expect(r1.results).toEqual([{ seq: 1, id: other.id, status: 'applied', version: 1 }]);
    // What one by one gives: process 1's edit (version 2), then this one merged onto it (C3).
    expect(r2.results).toEqual([{ seq: 2, id, status: 'merged', version: 3 }]);
    expect(await stores[1]!.getRecord('household', id)).toMatchObject({ version: 3, fields: { notes: 'second', membersCount: 5 } });
    expect(await stores[1]!.getRecord('household', other.id)).toMatchObject({ version: 1 });
    expect(await stores[1]!.countAppliedChanges()).toBe(4);
  });

  it('[L5][I4][C3] a group member whose read an earlier member of the same group wrote is applied again under the lock', async () => {
    const id = newId();
    await push(0, 'dev-a0000001', [createHousehold(1, id, { notes: 'first' })]);
    const g = gate(2);
    // Two tablets edit one household in the same group, from the same base (other fields).
    const first = push(0, 'dev-b0000002', [change(1, id, { membersCount: 5 }, { baseVersion: 1, changedAt: '2026-06-20T11:00:00.000Z' })]);
    await until(() => g.asked() === 1);
    const second = push(0, 'dev-a0000001', [change(2, id, { notes: 'second' }, { baseVersion: 1, changedAt: '2026-06-20T12:00:00.000Z' })]);
    const [r1, r2] = await Promise.all([first, second]);
    expect(g.locks).toContain('first'); // the second member, again with the lock from the start
    expect(r1.results).toEqual([{ seq: 1, id, status: 'applied', version: 2 }]);
    expect(r2.results).toEqual([{ seq: 2, id, status: 'merged', version: 3 }]);
    const r = await stores[1]!.getRecord('household', id);
    expect(r).toMatchObject({ version: 3, fields: { notes: 'second', membersCount: 5 } });
    expect(await stores[1]!.countAppliedChanges()).toBe(3);
    // Each write of the record has its own serverSeq, the later above the earlier (L2).
    const audit = await stores[1]!.listAudit({ recordId: id, limit: 100 });
    expect(audit.filter((e) => e.action.startsWith('record.'))).toHaveLength(3);
  });

  it('[L5][K5] a step another process links to the case in between is folded before this batch’s step', async () => {
    const li = await createUser(ctxs[0]!, { username: 'li', password: 'password-1', role: 'worker', township: ANPING_QINGHE, county: ANPING });
    // stepFields reads only the session's account.
    const by = (user: UserRow) => ({ user }) as unknown as TestSession;
    const caseId = newId('case');
    await push(0, 'dev-a0000001', [createCase(1, caseId)]);
    await push(0, 'dev-a0000001', [pushStep(2, stepFields(by(worker), caseId, 'survey', { surveyId: newId('sv'), visitKind: 'new-application' }))]);
    // Two opinions recorded offline; li's reaches process 1 and commits while process 0 merges wang's:
    // li's arrived first, so wang's cannot follow it (CL2) and the case is flagged, as one by one.
    const a = stepFields(by(worker), caseId, 'township-opinion', { proposal: 'grant', amount: 520 }, { when: '2026-06-10T09:00:00+08:00' });
    const b = stepFields(by(li), caseId, 'township-opinion', { proposal: 'refuse', reason: '家庭收入超过标准' }, { when: '2026-06-10T08:00:00+08:00' });
    const lockWindow = inLockWindow(stores[0]!, async () => {
      expect((await push(1, 'dev-b0000002', [pushStep(1, b)], li)).results).toEqual([{ seq: 1, id: b.id, status: 'applied', version: 1 }]);
    });
    const res = await push(0, 'dev-a0000001', [pushStep(3, a)]);
    lockWindow.restore();
    expect(res.results).toEqual([{ seq: 3, id: a.id, status: 'applied', version: 1 }]);
    // The case's record and policy did not change in between: only its steps did.
    expect(await stores[1]!.getRecord('flag', caseFlagId(caseId))).toMatchObject({ fields: { status: 'open', recordIds: [a.id], reasons: [{ rule: 'CL2' }] } });
  });
});
