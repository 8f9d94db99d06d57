/**
 * Issue 14: a push batch applied at once (BatchTx: one read per kind, multi-row writes, one commit)
 * gives exactly what applying its changes one by one gives — the same results, records, conflicts,
 * audit entries and flags — on seeded random batches holding the hard cases: the same record twice,
 * a hand-out after its household in the same batch, bad changes among good ones (P5), a replayed seq,
 * conflicting edits (C4) and resolutions (C6), double hand-outs and people registered twice.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Change, ChangeResult } from '../../src/shared/protocol/messages';
import { createUser } from '../../sync-server/src/auth/create-user';
import { DEFAULT_CONFIG } from '../../sync-server/src/config';
import { createContext, type AppContext } from '../../sync-server/src/context';
import type { Store, StoredRecord, UserRow } from '../../sync-server/src/store/store';
import { applyPush } from '../../sync-server/src/sync/apply-push';
import { change, householdFields, validIdNumber } from '../../sync-server/test/fixtures';
import { createRng, type Rng } from '../bench/workload/prng';
import { generateHandout } from '../bench/workload/relief';
import { generateSurvey } from '../bench/workload/surveys';
import { ANPING, ANPING_QINGHE, seedTestRegistry } from '../fixtures/areas';
import { createTempStore, type StoreKind, type TempStore } from '../helpers/server-harness';

const DEVICE = 'dev-batch0001';
const AT = new Date('2026-06-21T09:00:00.000Z');
const EVENT = 'event-0620-flood';

interface Side {
  temp: TempStore;
  ctx: AppContext;
  user: UserRow;
}

async function side(kind: StoreKind): Promise<Side> {
  const temp = await createTempStore(kind, () => AT);
  await seedTestRegistry(temp.store);
  const ctx = createContext({ store: temp.store, clock: () => AT, config: { ...DEFAULT_CONFIG, scryptCost: 1024 } });
  const user = await createUser(ctx, { username: 'wang', password: 'password-1', role: 'worker', township: ANPING_QINGHE, county: ANPING });
  return { temp, ctx, user };
}

const push = (s: Side, changes: Change[]) => applyPush(s.ctx, s.user, { protocol: 2, deviceId: DEVICE, changes });

/** A household with a head from a small pool of people, so some are registered twice (flags). */
function household(rng: Rng, id: string): Record<string, unknown> {
  return householdFields(id, { eventId: EVENT, head: { name: '王芳', idNumber: validIdNumber(rng.int(1, 6)), phone: '13800000000' }, notes: `n${rng.int(0, 9)}` });
}

/**
 * A batch of `n` changes after `existing` households were stored, seqs from `firstSeq`. Each change is
 * drawn from the cases above; a replayed seq repeats an earlier change of the batch exactly.
 */
function randomBatch(rng: Rng, existing: string[], firstSeq: number, n: number): Change[] {
  const out: Change[] = [];
  const known = [...existing];
  const stamp = () => `2026-06-20T1${rng.int(0, 9)}:00:00.000Z`;
  let seq = firstSeq;
  for (let i = 0; i < n; i++) {
    const roll = rng.next();
    if (roll < 0.2) {
      const id = `hh-new-${seq}`;
      known.push(id);
      out.push(change(seq++, id, household(rng, id), { changedAt: stamp() }));
    } else if (roll < 0.5 && known.length) {
      // An edit from an old base (conflicts when another edit got there first) or the current one.
      const id = rng.pick(known);
      out.push(change(seq++, id, rng.chance(0.5) ? { notes: `edit ${seq}` } : { membersCount: rng.int(1, 5), notes: `e${rng.int(0, 3)}` }, { baseVersion: rng.pick([0, 1, 1, 2, 1000, 1000]), changedAt: stamp() }));
    } else if (roll < 0.65 && known.length) {
      const fields = generateHandout(rng, EVENT, rng.pick(known), 1, rng.chance(0.5) ? { category: 'goods', kind: 'tent' } : undefined) as unknown as Record<string, unknown>;
      out.push(change(seq++, String(fields.id), fields, { entity: 'relief', changedAt: stamp() }));
    } else if (roll < 0.72) {
      const fields = generateSurvey(rng, seq) as unknown as Record<string, unknown>;
      out.push(change(seq++, String(fields.id), fields, { entity: 'survey', formVersion: 2, changedAt: stamp() }));
    } else if (roll < 0.78 && known.length) {
      out.push(change(seq++, rng.pick(known), { membersCount: -3 }, { baseVersion: 1000 })); // CHANGE_INVALID
    } else if (roll < 0.82 && known.length) {
      out.push(change(seq++, rng.pick(known), { notes: 'x', nickname: 'y' }, { baseVersion: 1000 })); // CHANGE_UNKNOWN_FIELD
    } else if (roll < 0.85) {
      out.push(change(seq++, `hh-bad-${seq}`, household(rng, `hh-bad-${seq}`), { formVersion: 99 })); // CHANGE_FORM_VERSION
    } else if (roll < 0.9 && out.length) {
      out.push(structuredClone(rng.pick(out))); // the same change again: its stored result (P2)
    } else if (known.length) {
      // A household created earlier in this batch edited again, from its first version or (resolving
      // a conflict on the field, C6) from the current one.
      const id = known[known.length - 1]!;
      out.push(change(seq++, id, { notes: `again ${seq}` }, { baseVersion: rng.pick([1, 1000]), changedAt: stamp() }));
    }
  }
  return out;
}

/** What both sides must agree on; account ids and the server secret's HMACs differ by construction. */
async function snapshot(s: Side) {
  // The account's id wherever it appears (createdBy, a conflict's resolvedBy, ...) reads as 'worker'.
  const records = (await s.temp.store.listRecords({ townships: null, limit: 100_000 })).map(
    (r: StoredRecord) => JSON.parse(JSON.stringify({ ...r, idHmac: r.idHmac !== null }).replaceAll(s.user.id, 'worker')) as Omit<StoredRecord, 'idHmac'> & { idHmac: boolean },
  );
  const flags = records.filter((r) => r.entity === 'flag').map((r) => ({ kind: r.fields.kind, recordIds: r.fields.recordIds, status: r.fields.status, township: r.township })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const others = records.filter((r) => r.entity !== 'flag');
  const audit = (await s.temp.store.listAudit({ limit: 100_000 }))
    .filter((e) => !e.action.startsWith('flag.') && e.action !== 'user.create')
    .map(({ id: _id, userId, ...e }) => ({ ...e, userId: userId === s.user.id ? 'worker' : userId }));
  return {
    // serverSeq values differ (the batch writes each record once), their order does not.
    order: [...others].sort((a, b) => a.serverSeq - b.serverSeq).map((r) => `${r.entity}/${r.id}`),
    records: others.map(({ serverSeq: _s, ...r }) => r).sort((a, b) => `${a.entity}/${a.id}`.localeCompare(`${b.entity}/${b.id}`)),
    flags,
    audit,
    applied: await s.temp.store.countAppliedChanges(DEVICE),
  };
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`batch apply gives what one-by-one gives (${kind}, issue 14)`, () => {
    const open: Side[] = [];
    /** Over the seeds, the batches must have met the hard cases, or the comparison proves little. */
    const met = { conflicts: 0, resolved: 0, flags: 0, replays: 0, rejected: 0 };
    afterEach(async () => {
      for (const s of open.splice(0)) await s.temp.cleanup();
    });
    afterAll(() => {
      for (const [k, v] of Object.entries(met)) expect(v, k).toBeGreaterThan(0);
    });

    for (const seed of [1, 2, 3, 4]) {
      it(`[P13][P1][P2][P5][C4][C6] seeded random batch ${seed}`, async () => {
        const rng = createRng(seed * 7919);
        const [batch, oneByOne] = [await side(kind), await side(kind)];
        open.push(batch, oneByOne);
        // The same households stored on both first (so edits meet existing records), one by one.
        const existing = Array.from({ length: 5 }, (_, i) => `hh-old-${i}`);
        const first = existing.map((id, i) => change(i + 1, id, household(rng, id)));
        for (const s of [batch, oneByOne]) for (const c of first) await push(s, [c]);

        const changes = randomBatch(rng, existing, 100, 40);
        const together = (await push(batch, changes)).results;
        const single: ChangeResult[] = [];
        for (const c of changes) single.push(...(await push(oneByOne, [c])).results);

        expect(together).toEqual(single);
        // The batch held every kind of answer it was drawn to hold.
        expect(new Set(together.map((r) => r.status === 'rejected' ? r.code : r.status)).size).toBeGreaterThan(2);
        const [a, b] = [await snapshot(batch), await snapshot(oneByOne)];
        expect(a.records).toEqual(b.records);
        expect(a.order).toEqual(b.order);
        expect(a.audit).toEqual(b.audit);
        expect(a.flags).toEqual(b.flags);
        expect(a.applied).toBe(b.applied);
        met.conflicts += a.records.filter((r) => r.entity === 'conflict').length;
        met.resolved += a.records.filter((r) => r.entity === 'conflict' && r.fields.status === 'resolved').length;
        met.flags += a.flags.length;
        met.replays += changes.length - new Set(changes.map((c) => c.seq)).size;
        met.rejected += together.filter((r) => r.status === 'rejected').length;
        // A replay of the whole batch changes nothing and answers the same (P2).
        expect((await push(batch, changes)).results).toEqual(together);
        expect((await snapshot(batch)).records).toEqual(a.records);
      });
    }
  });
}
