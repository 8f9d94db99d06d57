/**
 * Issue 14, SPEC I4: pushes waiting for the store at the same time share one transaction and one
 * commit, each in its own savepoint, and each keeps its own answer and exact-once semantics.
 */
import { CompiledQuery } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PushResponse } from '../../src/shared/protocol/messages';
import { createTempStore, startTestServer, type StoreKind, type TempStore, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { GATHER_MS, GroupCommitter, MAX_GATHER_MS } from '../src/store/group-commit';
import type { RecordWrite, Store, StoreTx } from '../src/store/store';
import { createHousehold, newId } from './fixtures';

const AT = '2026-06-20T08:00:00.000Z';

function rec(id: string): RecordWrite {
  return {
    entity: 'household', id, township: '清河镇', version: 1, fields: { id }, fieldVersions: { id: 1 }, fieldStamps: { id: { at: AT, device: 'dev-1' } },
    createdBy: 'user-1', updatedBy: 'user-1', originClient: 'dev-1', updatedAt: AT, deleted: false, idHmac: null,
  };
}

/** What the database does when it loses a transaction (an I/O error, a killed connection): everything since BEGIN is gone. */
const loseTransaction = (tx: StoreTx) => tx.runCompiled(CompiledQuery.raw('ROLLBACK'));

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const settle = <T>(p: Promise<T>) => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

describe.each<StoreKind>(['sqlite', 'postgres'])('[I4] group commit in the store (%s)', (kind) => {
  let temp: TempStore;
  let store: Store;
  afterEach(async () => {
    await temp.cleanup();
  });
  const open = async () => {
    temp = await createTempStore(kind);
    store = temp.store;
  };

  it('[I4] grouped transactions asked for together share one commit; each hears its own result', async () => {
    await open();
    const before = store.commitStats();
    const ids = Array.from({ length: 6 }, () => newId());
    const written = await Promise.all(ids.map((id) => store.transaction((tx) => tx.putRecord(rec(id)), { group: true })));
    expect(written.map((r) => r.id)).toEqual(ids);
    const after = store.commitStats();
    // Without group commit: six commits for six transactions.
    expect({ commits: after.commits - before.commits, transactions: after.transactions - before.transactions }).toEqual({ commits: 1, transactions: 6 });
    // In the order asked for, each with its own serverSeq (L2).
    const seqs = await Promise.all(ids.map(async (id) => (await store.getRecord('household', id))!.serverSeq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(6);
  });

  it('[I4] pushes admitted while the groups run, arriving after one ends: the next group waits for them from its end, one commit', async () => {
    await open();
    // Every group the store runs at once is busy (SQLite one, PostgreSQL two: its stores' GroupCommitter
    // limits): each runs long, its member waiting on `release`. Meanwhile another push waits and two more
    // hold slots, still on their way; they ask for their transactions in later turns, after a group ended.
    const busy = kind === 'postgres' ? 2 : 1;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let slots = 0;
    const expected = () => slots;
    const put = (id: string, wait?: Promise<void>) =>
      store.transaction(async (tx) => {
        await wait;
        return tx.putRecord(rec(id));
      }, { group: { expected }, lock: 'beforeWrite' });
    const before = store.commitStats();
    const ids = Array.from({ length: busy + 3 }, () => newId());
    const running: Promise<unknown>[] = [];
    for (let i = 0; i < busy; i++) {
      slots++; // alone on its way: its group starts at once
      running.push(put(ids[i]!, held));
      await turn();
    }
    slots = busy + 3; // three more pushes hold slots; a push answered gives its slot to the next in the queue
    const second = put(ids[busy]!);
    await sleep(3 * GATHER_MS); // the second has waited longer than the window when a group ends
    release();
    await running[0];
    await turn();
    await turn(); // the next group could start in the turn before this one: it has looked once and found the second alone
    const third = put(ids[busy + 1]!);
    await turn();
    const fourth = put(ids[busy + 2]!);
    await Promise.all([...running, second, third, fourth]);
    const after = store.commitStats();
    // With the window counted from the second's arrival: the second left alone, one commit more.
    expect({ commits: after.commits - before.commits, transactions: after.transactions - before.transactions }).toEqual({ commits: busy + 1, transactions: busy + 3 });
    for (const id of ids) expect(await store.getRecord('household', id)).toMatchObject({ version: 1 });
  });

  it('[I4][P4] a member that fails rolls back alone, what it wrote included; the others commit', async () => {
    await open();
    const [a, b, c] = [newId(), newId(), newId()];
    const boom = new Error('this push fails after writing');
    const outcomes = await Promise.all([
      settle(store.transaction((tx) => tx.putRecord(rec(a)), { group: true })),
      settle(store.transaction(async (tx) => {
        await tx.putRecord(rec(b));
        await tx.appendAudit({ at: AT, userId: null, deviceId: null, township: null, action: 'sync.rejected', detail: { from: 'b' } });
        throw boom;
      }, { group: true })),
      settle(store.transaction((tx) => tx.putRecord(rec(c)), { group: true })),
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(outcomes[1]).toEqual({ ok: false, error: boom });
    expect(await store.getRecord('household', b)).toBeNull();
    expect((await store.listAudit({ action: 'sync.rejected', limit: 10 })).filter((e) => (e.detail as { from?: string })?.from === 'b')).toEqual([]);
    const [ra, rc] = [await store.getRecord('household', a), await store.getRecord('household', c)];
    expect(ra).toMatchObject({ id: a, version: 1 });
    expect(rc).toMatchObject({ id: c, version: 1 });
    expect(rc!.serverSeq).toBeGreaterThan(ra!.serverSeq);
    // A write after the group continues the sequence.
    const d = await store.transaction((tx) => tx.putRecord(rec(newId())));
    expect(d.serverSeq).toBeGreaterThan(rc!.serverSeq);
  });

  it('[I4][P2] a lost group answers no member as committed and keeps nothing; each one alone again commits', async () => {
    await open();
    const [a, b, c] = [newId(), newId(), newId()];
    const before = store.commitStats();
    const outcomes = await Promise.all([
      settle(store.transaction((tx) => tx.putRecord(rec(a)), { group: true })),
      settle(store.transaction(async (tx) => {
        await tx.putRecord(rec(b));
        await loseTransaction(tx);
      }, { group: true })),
      settle(store.transaction((tx) => tx.putRecord(rec(c)), { group: true })),
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([false, false, false]);
    for (const id of [a, b, c]) expect(await store.getRecord('household', id)).toBeNull();
    expect(store.commitStats().commits).toBe(before.commits);
    // The store goes on: the same work, asked for again, commits.
    await Promise.all([a, c].map((id) => store.transaction((tx) => tx.putRecord(rec(id)), { group: true })));
    for (const id of [a, c]) expect(await store.getRecord('household', id)).toMatchObject({ version: 1 });
  });
});

describe('[I4][L2][L5] group commit on PostgreSQL: the lock follows the savepoints', () => {
  let temp: TempStore;
  afterEach(async () => {
    await temp.cleanup();
  });

  it('[I4][L5] a lock taken in a savepoint that rolls back is taken again before the next member writes', async () => {
    temp = await createTempStore('postgres');
    const store = temp.store;
    const held = async (tx: StoreTx) =>
      Number((await tx.runCompiled(CompiledQuery.raw("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()")))[0]!.n);
    let retaken: boolean | null = null;
    let heldAfter = -1;
    const outcomes = await Promise.all([
      settle(store.transaction(async (tx) => {
        await tx.putRecord(rec(newId())); // takes the lock, in this member's savepoint
        throw new Error('rolled back');
      }, { group: true, lock: 'beforeWrite' })),
      settle(store.transaction(async (tx) => {
        // PostgreSQL released the lock with the savepoint: the store must know it and take it again,
        // or this member's serverSeqs would be given without it (a pull could skip them, L2).
        retaken = await tx.lockForWrite();
        heldAfter = await held(tx);
        return tx.putRecord(rec(newId()));
      }, { group: true, lock: 'beforeWrite' })),
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([false, true]);
    expect(retaken).toBe(true);
    expect(heldAfter).toBe(1);
  });
});

describe.each<StoreKind>(['sqlite', 'postgres'])('[I4] pushes of many tablets at once (%s)', (kind) => {
  let server: TestServer;
  afterEach(() => server.close());

  /** Holds grouped transactions until `n` have been asked for, then lets them go in one turn: the moment of a reconnect storm. */
  function gatherPushes(n: number, around?: (fn: (tx: StoreTx) => Promise<unknown>, i: number) => (tx: StoreTx) => Promise<unknown>): void {
    const inner = server.store.transaction.bind(server.store);
    const waiting: (() => void)[] = [];
    server.store.transaction = ((fn: (tx: StoreTx) => Promise<unknown>, options?: Parameters<Store['transaction']>[1]) => {
      if (!options?.group || waiting.length >= n) return inner(fn, options);
      const i = waiting.length;
      return new Promise<unknown>((resolve, reject) => {
        waiting.push(() => void inner(around ? around(fn, i) : fn, options).then(resolve, reject));
        if (waiting.length === n) for (const go of waiting) go();
      });
    }) as Store['transaction'];
  }

  const results = (res: { json(): unknown }) => (res.json() as PushResponse).results;

  it('[I4][P2] six tablets pushing at once: fewer commits than pushes, each answered as if alone', async () => {
    server = await startTestServer({ store: kind });
    const tablets: TestSession[] = [];
    for (let i = 0; i < 6; i++) tablets.push(await server.session());
    const ids = tablets.map(() => newId());
    const sent = ids.map((id) => createHousehold(1, id));
    gatherPushes(6);
    const before = server.store.commitStats();
    const answers = await Promise.all(tablets.map((t, i) => server.push(t, [sent[i]!])));
    const after = server.store.commitStats();
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    answers.forEach((a, i) => expect(results(a)).toEqual([{ seq: 1, id: ids[i], status: 'applied', version: 1 }]));
    expect(after.transactions - before.transactions).toBe(6);
    expect(after.commits - before.commits).toBe(1); // one at a time: 6
    // A replay of each gives the stored answer (P2) and writes nothing.
    for (const [i, t] of tablets.entries()) expect(results(await server.push(t, [sent[i]!]))).toEqual(results(answers[i]!));
    expect(await server.store.countAppliedChanges()).toBe(6);
  });

  it('[I4][P8] one push refused in a group (a reused client id) is refused alone; the others apply', async () => {
    server = await startTestServer({ store: kind });
    const tablets: TestSession[] = [];
    for (let i = 0; i < 4; i++) tablets.push(await server.session());
    const first = newId();
    expect(results(await server.push(tablets[2]!, [createHousehold(1, first)]))[0]).toMatchObject({ status: 'applied' });
    const ids = tablets.map(() => newId());
    // PostgreSQL: the refused push finds its reused id in its merge, before it asks for a transaction
    // (SPEC L5, I4: a push merges before it joins its group), so three ask.
    gatherPushes(kind === 'postgres' ? 3 : 4);
    // Tablet 2 sends other content under its applied seq 1: another writer used its client id (P8).
    const answers = await Promise.all(tablets.map((t, i) => server.push(t, [createHousehold(1, ids[i])])));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 409, 200]);
    expect((answers[2]!.json() as { error: { code: string } }).error.code).toBe('CLIENT_ID_REUSED');
    for (const i of [0, 1, 3]) expect(results(answers[i]!)).toEqual([{ seq: 1, id: ids[i], status: 'applied', version: 1 }]);
    expect(await server.store.getRecord('household', ids[2]!)).toBeNull();
    expect(await server.store.getRecord('household', first)).toMatchObject({ version: 1 });
    expect(await server.store.countAppliedChanges()).toBe(4);
  });

  it('[I4][P2] a group lost before its commit: every push hears an error, and each replay gives the answer it would have had', async () => {
    server = await startTestServer({ store: kind });
    const tablets: TestSession[] = [];
    for (let i = 0; i < 4; i++) tablets.push(await server.session());
    const ids = tablets.map(() => newId());
    const sent = ids.map((id) => createHousehold(1, id));
    gatherPushes(4, (fn, i) => async (tx) => {
      const out = await fn(tx);
      if (i === 3) await loseTransaction(tx); // the last one: the three before it have finished their work
      return out;
    });
    const lost = await Promise.all(tablets.map((t, i) => server.push(t, [sent[i]!])));
    expect(lost.map((a) => a.statusCode)).toEqual([500, 500, 500, 500]);
    expect(await server.store.countAppliedChanges()).toBe(0);
    for (const id of ids) expect(await server.store.getRecord('household', id)).toBeNull();
    // The tablets send the same pushes again (the gate has let its four go): each applies, once.
    const again = await Promise.all(tablets.map((t, i) => server.push(t, [sent[i]!])));
    again.forEach((a, i) => expect(results(a)).toEqual([{ seq: 1, id: ids[i], status: 'applied', version: 1 }]));
    expect(await server.store.countAppliedChanges()).toBe(4);
  });
});

describe('[I4] the committer waits briefly for pushes on their way', () => {
  const committer = (groups: number[][]) =>
    new GroupCommitter<number>(async (members) => {
      groups.push(members.map((_, i) => i));
      for (const m of members) m.resolve(members.length);
    }, { maxGroups: 1, maxMembers: 64 });

  it('[I4] three pushes holding slots, arriving in later turns of the event loop: one group', async () => {
    const groups: number[][] = [];
    const c = committer(groups);
    const slots = () => 3;
    const first = c.submit(async () => 0, 'beforeWrite', slots);
    await new Promise((r) => setImmediate(r));
    const second = c.submit(async () => 0, 'beforeWrite', slots);
    await new Promise((r) => setImmediate(r));
    const third = c.submit(async () => 0, 'beforeWrite', slots);
    expect(await Promise.all([first, second, third])).toEqual([3, 3, 3]);
    expect(groups).toHaveLength(1);
  });

  it('[I4] a group that ends while pushes are admitted to its slots: the next group takes them all, the window counted from its end', async () => {
    const sizes: number[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const c = new GroupCommitter<number>(async (members) => {
      sizes.push(members.length);
      if (sizes.length === 1) await held;
      for (const m of members) m.resolve(members.length);
    }, { maxGroups: 1, maxMembers: 64 });
    let slots = 1;
    const expected = () => slots;
    const first = c.submit(async () => 0, 'beforeWrite', expected);
    await turn();
    slots = 4; // three more pushes hold slots: one asks now, two are still being parsed
    const second = c.submit(async () => 0, 'beforeWrite', expected);
    await sleep(3 * GATHER_MS);
    release();
    await first;
    slots = 3; // the first answered
    await turn();
    await turn(); // the next group could start in the turn before this one: it has looked once and found the second alone
    const third = c.submit(async () => 0, 'beforeWrite', expected);
    await turn();
    const fourth = c.submit(async () => 0, 'beforeWrite', expected);
    expect(await Promise.all([second, third, fourth])).toEqual([3, 3, 3]);
    expect(sizes).toEqual([1, 3]); // counted from the second's arrival: [1, 1, 2]
  });

  it(`[I4] the parsing of the pushes a group waits for does not use up its window: ${GATHER_MS} ms of idle event loop, not of wall time`, async () => {
    const sizes: number[] = [];
    const c = new GroupCommitter<number>(async (members) => {
      sizes.push(members.length);
      for (const m of members) m.resolve(members.length);
    }, { maxGroups: 1, maxMembers: 64 });
    const expected = () => 3;
    /** The event loop busy with a push on its way (its body parsed and validated, ~10 ms for 50 records). */
    const parse = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    const first = c.submit(async () => 0, 'beforeWrite', expected);
    await turn(); // the group could start and has looked once
    parse(GATHER_MS + 4);
    const second = c.submit(async () => 0, 'beforeWrite', expected);
    await turn();
    parse(GATHER_MS + 4);
    const third = c.submit(async () => 0, 'beforeWrite', expected);
    // Counted in wall time the window had passed at the second: [2, 1].
    expect(await Promise.all([first, second, third])).toEqual([3, 3, 3]);
    expect(sizes).toEqual([3]);
  });

  it(`[I4] a group waits ${MAX_GATHER_MS} ms at most in all, however busy the event loop`, async () => {
    const c = new GroupCommitter<number>(async (members) => {
      for (const m of members) m.resolve(0);
    }, { maxGroups: 1, maxMembers: 64 });
    let started = false;
    const t0 = performance.now();
    const alone = c.submit(async () => 0, 'beforeWrite', () => 2).then(() => (started = true)); // the other never comes
    while (!started && performance.now() - t0 < 5 * MAX_GATHER_MS) {
      const until = performance.now() + 5;
      while (performance.now() < until); // busy: each look comes late
      await turn();
    }
    await alone;
    expect(performance.now() - t0).toBeLessThan(2 * MAX_GATHER_MS);
  });

  it('[I4] a push alone is not held back: nobody else holds a slot, its group starts at once', async () => {
    const sizes: number[] = [];
    const c = new GroupCommitter<number>(async (members) => {
      sizes.push(members.length);
      for (const m of members) m.resolve(0);
    }, { maxGroups: 1, maxMembers: 64 });
    const timers = vi.spyOn(globalThis, 'setTimeout'); // calls through: only counts
    let gathered: number;
    try {
      await c.submit(async () => 0, 'beforeWrite', () => 1);
    } finally {
      gathered = timers.mock.calls.length;
      timers.mockRestore();
    }
    expect(gathered).toBe(0); // no gathering timer: started on the next turn
    expect(sizes).toEqual([1]);
  });

  it(`[I4] one on its way is waited for, ${GATHER_MS} ms at most`, async () => {
    const groups: number[][] = [];
    const c = committer(groups);
    await c.submit(async () => 0, 'beforeWrite', () => 1);
    const t1 = performance.now();
    await c.submit(async () => 0, 'beforeWrite', () => 2); // the other never comes
    expect(performance.now() - t1).toBeGreaterThanOrEqual(GATHER_MS - 1);
    expect(groups).toEqual([[0], [0]]);
  });
});
