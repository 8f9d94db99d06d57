/**
 * Issue 14: the flags one detection found are written in one read and multi-row writes (PostgreSQL: three
 * round trips a flag under the lock before, 1,079 statements in the ingest bench's hand-out workload), with
 * the answers writing them one by one gives: versions, serverSeq order, reopening, resolutions kept,
 * unchanged flags not written again (SPEC I1), a flag found twice in one detection written twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../sync-server/src/config';
import { createContext, type AppContext } from '../../sync-server/src/context';
import type { StoreTx } from '../../sync-server/src/store/store';
import { FLAG_ENTITY, PendingFlags, putFlag, type FlagCandidate } from '../../sync-server/src/sync/after-push-flag-write';
import type { FlagFields } from '../../src/shared/rules/relocation/flag-fields';
import { ANPING_QINGHE } from '../fixtures/areas';
import { createTempStore, testClock, type StoreKind, type TempStore } from '../helpers/server-harness';

const candidate = (records: string[], round = 'r1'): FlagCandidate => ({
  kind: 'double-handout', eventId: 'ev-1', entity: 'relief', recordIds: records, householdIds: ['hh-1'], itemKind: 'emergency', round,
  key: '户主 王芳', townships: [ANPING_QINGHE], township: ANPING_QINGHE,
});
const by = { userId: null, deviceId: 'dev-1' };

describe.each<StoreKind>(['sqlite', 'postgres'])('the flags of one detection, written together (%s)', (kind) => {
  let temp: TempStore;
  let ctx: AppContext;
  const clock = testClock();

  beforeEach(async () => {
    temp = await createTempStore(kind, clock.now);
    ctx = createContext({ store: temp.store, clock: clock.now, config: DEFAULT_CONFIG });
  });
  afterEach(() => temp.cleanup());

  /** What the store's transaction was asked, by operation. */
  function countCalls(): Map<string, number> {
    const calls = new Map<string, number>();
    const inner = temp.store.transaction.bind(temp.store);
    temp.store.transaction = ((fn: (tx: StoreTx) => Promise<unknown>, options?: unknown) =>
      inner(
        (tx: StoreTx) =>
          fn(
            new Proxy(tx, {
              get(target, name, receiver) {
                const value = Reflect.get(target, name, receiver) as unknown;
                if (typeof value !== 'function') return value;
                return (...args: unknown[]) => {
                  calls.set(String(name), (calls.get(String(name)) ?? 0) + 1);
                  return (value as (...a: unknown[]) => unknown).apply(target, args);
                };
              },
            }),
          ),
        options as never,
      )) as typeof temp.store.transaction;
    return calls;
  }

  it('[I1][I4] opens, grows, reopens and leaves unchanged as one by one would, in one read and one write per kind', async () => {
    const first = new PendingFlags();
    first.add('fl-a', candidate(['rl-1', 'rl-2']));
    first.add('fl-b', candidate(['rl-3', 'rl-4'], 'r2'));
    expect(await first.write(ctx, by)).toBe(2);
    // The county resolved fl-a meanwhile.
    const a = (await temp.store.getRecord(FLAG_ENTITY, 'fl-a'))!;
    const resolution = { action: 'keep-both' as const, reason: '两次发放均属实', by: 'supervisor', at: '2026-06-20T09:00:00.000Z' };
    await temp.store.transaction((tx) => putFlag(tx, 'fl-a', a, a.township, { ...(a.fields as unknown as FlagFields), status: 'resolved', resolution }, '2026-06-20T09:00:00.000Z', 'supervisor'));
    const seqBefore = (await temp.store.getRecord(FLAG_ENTITY, 'fl-b'))!.serverSeq;

    clock.advance(60_000);
    const calls = countCalls();
    const second = new PendingFlags();
    second.add('fl-a', candidate(['rl-1', 'rl-2', 'rl-9'])); // grows: opens again, its resolution kept
    second.add('fl-b', candidate(['rl-3', 'rl-4'], 'r2')); // the same: not written (no serverSeq, no audit)
    second.add('fl-c', candidate(['rl-5', 'rl-6'], 'r3')); // new
    second.add('fl-c', candidate(['rl-5', 'rl-7'], 'r3')); // found again in the same detection: grows on the first
    second.add('fl-d', candidate(['rl-8', 'rl-10'], 'r4')); // new
    expect(await second.write(ctx, by)).toBe(4);

    const get = async (id: string) => (await temp.store.getRecord(FLAG_ENTITY, id))!;
    const [fa, fb, fc, fd] = [await get('fl-a'), await get('fl-b'), await get('fl-c'), await get('fl-d')];
    const at = clock.now().toISOString();
    expect(fa).toMatchObject({ version: 3, fields: { status: 'open', recordIds: ['rl-1', 'rl-2', 'rl-9'], resolution, openedAt: '2026-06-20T08:00:00.000Z' } });
    expect(fb).toMatchObject({ version: 1, serverSeq: seqBefore });
    expect(fc).toMatchObject({ version: 2, fields: { status: 'open', recordIds: ['rl-5', 'rl-6', 'rl-7'], openedAt: at } });
    expect(fd).toMatchObject({ version: 1, fields: { status: 'open', recordIds: ['rl-10', 'rl-8'], openedAt: at }, township: ANPING_QINGHE });
    // serverSeq in the order found, as one by one: fl-a, fl-c (twice), fl-d.
    expect(fa.serverSeq).toBeLessThan(fc.serverSeq);
    expect(fc.serverSeq).toBeLessThan(fd.serverSeq);
    expect(fc.serverSeq - fa.serverSeq).toBe(2);
    const audit = (await temp.store.listAudit({ entity: FLAG_ENTITY, since: at, limit: 50 })).reverse();
    expect(audit.map((e) => [e.action, e.recordId, (e.detail as { records: number }).records])).toEqual([
      ['flag.update', 'fl-a', 3], ['flag.open', 'fl-c', 2], ['flag.update', 'fl-c', 3], ['flag.open', 'fl-d', 2],
    ]);
    // One read of every flag found, none one at a time; records and audit rows in multi-row writes
    // (fl-c twice: its second version in a second write, as one statement cannot write a row twice).
    expect(calls.get('getRecords')).toBe(1);
    expect(calls.get('getRecord') ?? 0).toBe(0);
    expect(calls.get('putRecord') ?? 0).toBe(0);
    expect(calls.get('appendAudit') ?? 0).toBe(0);
    expect(calls.get('putRecords')).toBe(2);
    expect(calls.get('appendAudits')).toBe(1);
  });

  it('[I1] a detection that finds only what is written already writes nothing', async () => {
    const first = new PendingFlags();
    first.add('fl-a', candidate(['rl-1', 'rl-2']));
    await first.write(ctx, by);
    const calls = countCalls();
    const again = new PendingFlags();
    again.add('fl-a', candidate(['rl-2', 'rl-1']));
    expect(await again.write(ctx, by)).toBe(0);
    expect(calls.get('putRecords') ?? 0).toBe(0);
    expect(calls.get('appendAudits') ?? 0).toBe(0);
    expect((await temp.store.getRecord(FLAG_ENTITY, 'fl-a'))!.version).toBe(1);
  });
});
