/**
 * Issue 14, fourteenth session: the counter's transaction (SPEC D9) on PostgreSQL in a handful of
 * statements whatever the number of records it counts. Before, each count transaction sent ~34 statements
 * for 500 households (lists in chunks of 400, keys in chunks of 200, spans in chunks of 100, one look-up
 * per event and chunk of people), each a round trip waiting for a busy event loop under the records lock
 * (the ingest bench's PostgreSQL push: a third of its wall). And the counted rows stay what they were:
 * what a count from scratch (backfill.ts) gives for the same stored records, on both stores.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reliefDistributionSchema } from '../../src/shared/schema/relief';
import { RELIEF_CORRECTION_ENTITY, reliefCorrectionSchema } from '../../src/shared/schema/relief-correction';
import { recountAll, recountAllRelief } from '../../sync-server/src/dashboard/backfill';
import { countWritten } from '../../sync-server/src/dashboard/count-written';
import { countedFiguresAt } from '../../sync-server/src/dashboard/counted-figures';
import { countedDb } from '../../sync-server/src/dashboard/counted-queries';
import { counterOf, drainCounting } from '../../sync-server/src/dashboard/counter';
import type { Store, StoreTx, StoredRecord } from '../../sync-server/src/store/store';
import { makeIdHmac } from '../../sync-server/src/sync/id-hmac';
import { EVENT_ID, householdFields, SITE_ID, validIdNumber } from '../../sync-server/test/fixtures';
import { ANPING_LIULIN, ANPING_QINGHE, DONGFENG_QINGHE } from '../fixtures/areas';
import { createTempStore, testClock, type StoreKind, type TempStore } from '../helpers/server-harness';
import { rng as random } from '../simulation/rng';

const TOWNSHIPS = [ANPING_QINGHE, ANPING_LIULIN, DONGFENG_QINGHE];
const OTHER_EVENT = 'event-0701-storm';

/** The county's stored records as the test writes them, and the batches of writes it makes. */
class World {
  readonly households = new Map<string, { fields: Record<string, unknown>; township: string; version: number; deleted: boolean }>();
  readonly handouts: string[] = [];
  private n = 0;
  constructor(readonly rnd: () => number, private readonly people: number) {}

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)]!;
  }
  /** A person of a shared pool: a small pool makes heads and members shared between households. */
  person(): string {
    return validIdNumber(1 + Math.floor(this.rnd() * this.people));
  }
  time(day: number, hour: number): string {
    return `2026-06-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;
  }
  newHousehold(): { id: string; fields: Record<string, unknown>; township: string } {
    const id = `hh-${String(++this.n).padStart(5, '0')}`;
    return { id, fields: this.householdFields(id), township: this.pick(TOWNSHIPS) };
  }
  householdFields(id: string): Record<string, unknown> {
    const r = this.rnd;
    const members = Array.from({ length: Math.floor(r() * 3) }, (_, i) => ({ id: `${id}-m${i}`, name: '李秀英', idNumber: this.person(), sex: 'female', ageBand: '18-59' }));
    const relocated = r() < 0.8;
    const day = 20 + Math.floor(r() * 4);
    return householdFields(id, {
      eventId: r() < 0.9 ? EVENT_ID : OTHER_EVENT,
      head: { name: '王芳', idNumber: this.person(), phone: '13800000000' },
      members,
      membersCount: 1 + Math.floor(r() * 5),
      evacuationKind: relocated ? 'relocation' : 'evacuation',
      placement: relocated && r() < 0.5 ? 'dispersed' : 'centralised',
      shelterSiteId: SITE_ID,
      checkInAt: this.time(day, 8 + Math.floor(r() * 10)),
      needsEmergencySupport: r() < 0.5,
      needsTransitionalSupport: r() < 0.3,
      ...(r() < 0.2 ? { checkOut: { at: this.time(day + 2, 9), destination: 'home' } } : {}),
    });
  }
  handout(householdId: string): Record<string, unknown> {
    const id = `relief-${String(++this.n).padStart(5, '0')}`;
    this.handouts.push(id);
    return reliefDistributionSchema.parse({
      id, eventId: EVENT_ID, householdId, at: this.time(21 + Math.floor(this.rnd() * 4), 10), round: 1 + Math.floor(this.rnd() * 2),
      item: { category: 'cash', kind: 'emergency' }, quantity: 500, unit: '元', cashValue: 500, payment: 'card', issuingOfficer: '王干事', deviceId: 'dev-tablet-01',
      recipient: { confirmation: 'signature', attachmentSha256: 'a'.repeat(64) },
    }) as unknown as Record<string, unknown>;
  }
  correction(originalId: string): Record<string, unknown> {
    const id = `rc-${String(++this.n).padStart(5, '0')}`;
    const corrected = this.rnd() < 0.5;
    return reliefCorrectionSchema.parse({
      id, originalId, action: corrected ? 'correct' : 'void', reason: '金额录错', at: '2026-06-27T10:00:00+08:00', by: '王干事',
      ...(corrected ? { corrected: { item: { category: 'cash', kind: 'emergency' }, quantity: 300, unit: '元', cashValue: 300, payment: 'card' } } : {}),
    }) as unknown as Record<string, unknown>;
  }
}

/** Every counted row, in one order: the counting tables as they stand. */
async function countedRows(store: Store): Promise<{ keys: string[]; spans: string[]; relief: string[]; unreadable: string[] }> {
  const db = countedDb(store);
  const rows = async (table: string) =>
    (await store.queryCompiled(db.selectFrom(table as 'counted_keys').selectAll().compile())).map((r) => JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k] === null ? null : String(r[k])]))).sort();
  return {
    keys: await rows('counted_keys'), spans: await rows('counted_spans'), relief: await rows('counted_relief'), unreadable: await rows('counted_unreadable'),
  };
}

describe.each<StoreKind>(['sqlite', 'postgres'])('the counter’s transaction (%s, issue 14, SPEC D9)', (kind) => {
  let temp: TempStore;
  const clock = testClock();

  beforeEach(async () => {
    temp = await createTempStore(kind, clock.now);
    // The test drains when it chooses (as a reader would), so each batch is one count it can watch.
    counterOf(temp.store).holdAfterCommit = true;
  });
  afterEach(() => temp.cleanup());

  /** Writes records as a push would (its commit marks them, count-written.ts). */
  async function write(records: { entity: string; id: string; township: string; fields: Record<string, unknown>; deleted?: boolean }[]): Promise<void> {
    await temp.store.transaction(async (tx) => {
      const written: StoredRecord[] = [];
      for (const r of records) {
        const before = await tx.getRecord(r.entity, r.id);
        const at = clock.now().toISOString();
        written.push(
          await tx.putRecord({
            entity: r.entity, id: r.id, township: r.township, version: (before?.version ?? 0) + 1, fields: r.fields, fieldVersions: {}, fieldStamps: {},
            createdBy: null, updatedBy: null, originClient: 'dev-1', updatedAt: at, deleted: r.deleted ?? false, idHmac: null,
          }),
        );
      }
      await countWritten(tx, written, temp.store);
    });
    clock.advance(1_000);
  }

  /** Drains the counter; the statements each count transaction sent (runCompiled and getRecords calls, each one or more). */
  async function drainWatched(): Promise<number[]> {
    const perTransaction: number[] = [];
    const store = temp.store;
    const inner = store.transaction.bind(store);
    store.transaction = ((fn: (tx: StoreTx) => Promise<unknown>, options?: unknown) => {
      const i = perTransaction.push(0) - 1;
      return inner(
        (tx: StoreTx) =>
          fn(
            new Proxy(tx, {
              get(target, name, receiver) {
                const value = Reflect.get(target, name, receiver) as unknown;
                if (typeof value !== 'function') return value;
                return (...args: unknown[]) => {
                  perTransaction[i]! += 1;
                  return (value as (...a: unknown[]) => unknown).apply(target, args);
                };
              },
            }),
          ),
        options as never,
      );
    }) as typeof store.transaction;
    try {
      await drainCounting(store);
    } finally {
      store.transaction = inner as typeof store.transaction;
    }
    return perTransaction.filter((n) => n > 0);
  }

  /** Three batches of `n` households (new; then edited, moved, deleted, with hand-outs; then corrections), each counted in one transaction. */
  async function countBatches(n: number, seed: number): Promise<number[]> {
    const w = new World(random(seed), Math.max(8, Math.floor(n * 1.5)));
    const statements: number[] = [];
    const first = Array.from({ length: n }, () => w.newHousehold());
    // One household that does not parse (counted as unreadable).
    first.push({ id: 'hh-unreadable', township: ANPING_QINGHE, fields: { id: 'hh-unreadable', eventId: EVENT_ID } });
    await write(first.map((h) => ({ entity: 'household', ...h })));
    for (const h of first) w.households.set(h.id, { fields: h.fields, township: h.township, version: 1, deleted: false });
    statements.push(...(await drainWatched()));

    const ids = [...w.households.keys()].filter((id) => id !== 'hh-unreadable');
    const second: { entity: string; id: string; township: string; fields: Record<string, unknown>; deleted?: boolean }[] = [];
    for (const id of ids.slice(0, Math.floor(n / 2))) {
      const h = w.households.get(id)!;
      const r = w.rnd();
      if (r < 0.1) second.push({ entity: 'household', id, township: h.township, fields: h.fields, deleted: true });
      else if (r < 0.4) second.push({ entity: 'household', id, township: w.pick(TOWNSHIPS.filter((t) => t !== h.township)), fields: h.fields }); // moved between areas
      else second.push({ entity: 'household', id, township: h.township, fields: w.householdFields(id) }); // edited: other people, times, event
    }
    second.push(...Array.from({ length: Math.floor(n / 4) }, () => ({ entity: 'household', ...w.newHousehold() })));
    for (const id of ids.slice(0, Math.floor(n / 2))) second.push({ entity: 'relief', id: '', township: w.households.get(id)!.township, fields: w.handout(id) });
    for (const r of second) if (r.entity === 'relief') r.id = String(r.fields.id);
    // A hand-out that does not parse (unreadable).
    second.push({ entity: 'relief', id: 'relief-unreadable', township: ANPING_QINGHE, fields: { id: 'relief-unreadable' } });
    await write(second);
    statements.push(...(await drainWatched()));

    // Corrections of half the hand-outs (one arriving before its hand-out), and a household edited again.
    const third: { entity: string; id: string; township: string; fields: Record<string, unknown> }[] = w.handouts
      .filter(() => w.rnd() < 0.5)
      .map((id) => {
        const c = w.correction(id);
        return { entity: RELIEF_CORRECTION_ENTITY, id: String(c.id), township: ANPING_QINGHE, fields: c };
      });
    const early = w.correction('relief-later');
    third.push({ entity: RELIEF_CORRECTION_ENTITY, id: String(early.id), township: ANPING_QINGHE, fields: early });
    third.push({ entity: 'household', id: ids[ids.length - 1]!, township: ANPING_LIULIN, fields: w.householdFields(ids[ids.length - 1]!) });
    // The same people with head and a member swapped (the same counted keys, is_head changed), and the unreadable
    // household moved (its mark kept, another township).
    const swapped = ids.find((id) => id !== ids[ids.length - 1] && ((w.households.get(id)!.fields.members as { idNumber?: string }[] | undefined) ?? []).length > 0)!;
    const sw = w.households.get(swapped)!.fields as { head: { name: string; idNumber: string; phone: string }; members: { idNumber: string }[] };
    third.push({
      entity: 'household', id: swapped, township: w.households.get(swapped)!.township,
      fields: { ...sw, head: { ...sw.head, idNumber: sw.members[0]!.idNumber }, members: [{ ...sw.members[0]!, idNumber: sw.head.idNumber }, ...sw.members.slice(1)] },
    });
    third.push({ entity: 'household', id: 'hh-unreadable', township: DONGFENG_QINGHE, fields: { id: 'hh-unreadable', eventId: EVENT_ID } });
    await write(third);
    statements.push(...(await drainWatched()));
    await write([{ entity: 'relief', id: 'relief-later', township: ANPING_QINGHE, fields: { ...w.handout(ids[0]!), id: 'relief-later' } }]);
    statements.push(...(await drainWatched()));

    // Every household edited (other people) and a hand-out each, in one write: at 300, more marks than one count
    // transaction takes (500), so the first count reads linked households whose counted rows the second replaces.
    const last = ids.flatMap((id) => [
      { entity: 'household', id, township: w.households.get(id)!.township, fields: w.householdFields(id) },
      { entity: 'relief', id: '', township: w.households.get(id)!.township, fields: w.handout(id) },
    ]);
    for (const r of last) if (r.entity === 'relief') r.id = String(r.fields.id);
    await write(last);
    statements.push(...(await drainWatched()));
    return statements;
  }

  /** The counted rows after the batches, and what a count from scratch of the same stored records writes. */
  async function expectSameAsFromScratch(): Promise<void> {
    const incremental = await countedRows(temp.store);
    const db = countedDb(temp.store);
    const figuresBefore = await Promise.all(['2026-06-21T12:00:00Z', '2026-06-23T12:00:00Z', '2026-06-30T00:00:00Z'].map((at) => countedFiguresAt(temp.store, EVENT_ID, at, null)));
    await temp.store.transaction(async (tx) => {
      for (const t of ['counted_keys', 'counted_spans'] as const) await tx.runCompiled(db.deleteFrom(t).compile());
    });
    const hmac = makeIdHmac(await temp.store.getServerSecret('id_hmac'));
    await recountAll(temp.store, hmac);
    await recountAllRelief(temp.store);
    const fromScratch = await countedRows(temp.store);
    expect(incremental.keys).toEqual(fromScratch.keys);
    expect(incremental.relief).toEqual(fromScratch.relief);
    expect(incremental.unreadable).toEqual(fromScratch.unreadable);
    expect(incremental.spans).toEqual(fromScratch.spans);
    const figuresAfter = await Promise.all(['2026-06-21T12:00:00Z', '2026-06-23T12:00:00Z', '2026-06-30T00:00:00Z'].map((at) => countedFiguresAt(temp.store, EVENT_ID, at, null)));
    expect(figuresAfter).toEqual(figuresBefore);
    expect(incremental.spans.length).toBeGreaterThan(0);
    expect(incremental.relief.length).toBeGreaterThan(0);
  }

  it('[D9][D1][D7] a count of 30 households (new, edited, moved, deleted, sharing people, with hand-outs and corrections) writes what a count from scratch writes', async () => {
    const statements = await countBatches(30, 14);
    expect(statements).toHaveLength(5);
    await expectSameAsFromScratch();
  });

  it('[D9][D1][D7] a count of 300 households (then 600 marks: two counts) writes what a count from scratch writes; on PostgreSQL in as many statements as a count of 30', async () => {
    const small = await countBatches(30, 1414);
    await temp.cleanup();
    temp = await createTempStore(kind, clock.now);
    counterOf(temp.store).holdAfterCommit = true;
    const large = await countBatches(300, 1414);
    // Every batch is one count transaction (at most 500 marks each), the last two.
    expect(large).toHaveLength(6);
    await expectSameAsFromScratch();
    if (kind === 'postgres') {
      // A handful of statements a count transaction, not one per chunk of the lists: the same bound at 30 and 300.
      if (process.env.COUNT_STATEMENTS_LOG) console.log(JSON.stringify({ small, large }));
      expect(Math.max(...small, ...large), `statements a count transaction: ${JSON.stringify({ small, large })}`).toBeLessThanOrEqual(8);
    }
    expect(small).toHaveLength(5);
  });
});

