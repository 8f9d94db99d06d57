import type { LockTiming } from './store';

/** One transaction asked for with `{ group: true }`: its work, its lock timing and its caller's promise. */
export interface GroupMember<Tx> {
  fn: (tx: Tx) => Promise<unknown>;
  lock: LockTiming;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** What a store does for one group (SPEC I4): one transaction, one savepoint per member, one commit. */
export interface GroupTx<Tx> {
  /** Opens the member's savepoint and gives its view of the transaction (its lock taken first if 'first'). */
  enter(lock: LockTiming): Promise<Tx>;
  /** Releases the member's savepoint (ok), or rolls back to it: nothing the member did stays, in the database or in the store's memory. */
  leave(ok: boolean): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/**
 * Runs the members one after another in one transaction, each inside its own savepoint (SPEC I4):
 * a member that fails is rolled back alone and hears its own error at once; the others hear their
 * results only after the one commit, so no answer claims what is not durable. When the transaction
 * itself fails (a savepoint or the commit), nothing of it is kept and every member not yet answered
 * hears that failure: each caller's replay then applies as if for the first time (P2).
 */
export async function runGroup<Tx>(members: readonly GroupMember<Tx>[], open: () => Promise<GroupTx<Tx>>): Promise<void> {
  let group: GroupTx<Tx>;
  try {
    group = await open();
  } catch (err) {
    for (const m of members) m.reject(err);
    return;
  }
  const done: { m: GroupMember<Tx>; value: unknown }[] = [];
  let next = 0;
  try {
    for (; next < members.length; next++) {
      const m = members[next]!;
      const tx = await group.enter(m.lock);
      let value: unknown;
      try {
        value = await m.fn(tx);
      } catch (err) {
        await group.leave(false);
        m.reject(err);
        continue;
      }
      await group.leave(true);
      done.push({ m, value });
    }
    await group.commit();
  } catch (err) {
    await group.rollback().catch(() => undefined);
    for (const d of done) d.m.reject(err);
    for (const m of members.slice(next)) m.reject(err);
    return;
  }
  for (const d of done) d.m.resolve(d.value);
}

/**
 * How long a group that could start waits at most for pushes on their way (SPEC I4), like PostgreSQL's
 * commit_delay: counted from the moment it could start, and only the time the event loop had nothing
 * else to do (see GroupCommitter). MAX_GATHER_MS bounds the wait in all, busy or not.
 */
export const GATHER_MS = 8;
export const MAX_GATHER_MS = 100;
/** A look that comes later than this after the one before found the event loop busy: only this much of the gap counts as waiting. */
const LOOK_MS = 2;

/**
 * Collects the grouped transactions asked for while the store is busy (SPEC I4) and hands them to
 * `run` together, at most `maxMembers` at a time and `maxGroups` groups at once. A group starts one
 * turn of the event loop (setImmediate) after it could start (a member waiting and fewer than
 * `maxGroups` running), so pushes whose bodies arrived in the same turn share its commit; when the
 * callers say more are on their way (`expected`: pushes holding a slot, E2, of which those waiting and
 * those in a running group are not on their way), it waits for them: one commit for all of them costs
 * less than one each (on SQLite the fsync blocks the event loop, ~44 ms a commit in the storm profile).
 * How long: GATHER_MS of idle event loop, MAX_GATHER_MS in all, from the moment the group could start.
 * - Not from its first member's arrival: that member usually came while the previous group ran, and in
 *   a storm the pushes admitted to the slots that group gave back are still being parsed when it ends;
 *   counted from the arrival the window had always passed, and the group left with the 2–3 waiting.
 * - Idle time, not wall time: what the group waits for is mostly the event loop parsing and validating
 *   those pushes (~10 ms each for 50 records), one after another; counted in wall time the window was
 *   used up by that very work (8 ms from the moment it could start still gave groups of 2–3). A look
 *   that comes late (the loop was busy) counts LOOK_MS. When nothing runs (a push holding a slot while
 *   its body arrives slowly), a group waits GATHER_MS as before, no longer.
 */
export class GroupCommitter<Tx> {
  private readonly pending: GroupMember<Tx>[] = [];
  private running = 0;
  private scheduled = false;
  /** When the group now being gathered could start: its window is counted from here. */
  private readyAt = 0;
  /** The last look at the group being gathered, and the idle time counted since readyAt. */
  private lookedAt = 0;
  private idle = 0;
  private expected: () => number = () => 0;

  constructor(
    private readonly run: (members: GroupMember<Tx>[]) => Promise<void>,
    private readonly limits: { maxGroups: number; maxMembers: number },
  ) {}

  submit<T>(fn: (tx: Tx) => Promise<T>, lock: LockTiming, expected?: () => number): Promise<T> {
    if (expected) this.expected = expected;
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, lock, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.limits.maxGroups || this.pending.length === 0) return;
    this.scheduled = true;
    this.readyAt = this.lookedAt = performance.now();
    this.idle = 0;
    setImmediate(() => this.check());
  }

  private check(): void {
    const waiting = this.pending.length;
    const more = waiting < this.limits.maxMembers && waiting < this.expected() - this.inGroups;
    const now = performance.now();
    this.idle += Math.min(now - this.lookedAt, LOOK_MS);
    this.lookedAt = now;
    if (more && this.idle < GATHER_MS && now - this.readyAt < MAX_GATHER_MS) {
      setTimeout(() => this.check(), 1);
      return;
    }
    this.scheduled = false;
    this.start();
  }

  /** Members of the groups running now: they hold slots too, but will not join the next group. */
  private inGroups = 0;

  private start(): void {
    while (this.running < this.limits.maxGroups && this.pending.length > 0) {
      const members = this.pending.splice(0, this.limits.maxMembers);
      this.running++;
      this.inGroups += members.length;
      this.run(members)
        .catch((err: unknown) => {
          for (const m of members) m.reject(err); // settling twice is a no-op: only those not yet answered hear it
        })
        .finally(() => {
          this.running--;
          this.inGroups -= members.length;
          this.schedule();
        });
    }
  }
}
