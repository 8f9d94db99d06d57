import { describe, expect, it } from 'vitest';
import { mergeChange, stampWins, type FieldConflict, type FieldStamp, type IncomingChange, type MergeableRecord } from './merge';

/** A small deterministic PRNG (mulberry32) so every failing seed can be pinned as a named test. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function applyAll(start: MergeableRecord | null, changes: IncomingChange[]) {
  let record = start;
  const lost: unknown[] = [];
  for (const c of changes) {
    const r = mergeChange(record, c);
    record = r.record;
    for (const x of r.conflicts) lost.push(x.other.value);
  }
  return { record: record!, lost };
}

function applyAllWithConflicts(start: MergeableRecord, changes: IncomingChange[]) {
  let record = start;
  const conflicts: FieldConflict[] = [];
  for (const c of changes) {
    const r = mergeChange(record, c);
    record = r.record;
    conflicts.push(...r.conflicts);
  }
  return { record, conflicts };
}

/** A random order (Fisher–Yates with the seeded generator). */
function shuffle<T>(xs: T[], rand: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const deepEqualValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A random order made to keep each account's own changes in the order they were made (P1). */
function inOwnOrder(order: IncomingChange[], made: IncomingChange[]): IncomingChange[] {
  const out = [...order];
  const accounts = new Set(made.map((c) => c.account));
  for (const a of accounts) {
    const slots = out.flatMap((c, i) => (c.account === a ? [i] : []));
    const own = made.filter((c) => c.account === a);
    slots.forEach((slot, k) => (out[slot] = own[k]!));
  }
  return out;
}

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

const base = (): MergeableRecord => {
  const r = mergeChange(null, { baseVersion: 0, fields: { a: 1, b: 'x', c: { n: 1 } }, changedAt: '2026-06-20T00:00:00Z', deviceId: 'd0' });
  return r.record;
};

describe('per-field merge (SPEC C1–C7)', () => {
  it('[C1] a create applies every field at version 1', () => {
    expect(base()).toMatchObject({ version: 1, fields: { a: 1, b: 'x', c: { n: 1 } }, fieldVersions: { a: 1, b: 1, c: 1 } });
  });

  it('[C2] a change based on the current version fast-forwards', () => {
    const r = mergeChange(base(), { baseVersion: 1, fields: { a: 2 }, changedAt: '2026-06-20T01:00:00Z', deviceId: 'd1' });
    expect(r.status).toBe('applied');
    expect(r.record).toMatchObject({ version: 2, fields: { a: 2, b: 'x' }, fieldVersions: { a: 2, b: 1 } });
  });

  it('[C3] edits of different fields from two tablets merge, in both orders to the same record', () => {
    const one: IncomingChange = { baseVersion: 1, fields: { a: 5 }, changedAt: '2026-06-20T01:00:00Z', deviceId: 'd1' };
    const two: IncomingChange = { baseVersion: 1, fields: { b: 'y' }, changedAt: '2026-06-20T00:30:00Z', deviceId: 'd2' };
    const ab = applyAll(base(), [one, two]);
    const ba = applyAll(base(), [two, one]);
    expect(ab.record.fields).toEqual({ a: 5, b: 'y', c: { n: 1 } });
    expect(ba.record.fields).toEqual(ab.record.fields);
    expect(ab.lost).toEqual([]);
    expect(mergeChange(applyAll(base(), [one]).record, two).status).toBe('merged');
  });

  it('[C4] edits of the same field keep both values, and both orders hold the same provisional value', () => {
    const one: IncomingChange = { baseVersion: 1, fields: { a: 5 }, changedAt: '2026-06-20T01:00:00Z', deviceId: 'd1' };
    const two: IncomingChange = { baseVersion: 1, fields: { a: 7 }, changedAt: '2026-06-20T02:00:00Z', deviceId: 'd2' };
    const ab = applyAll(base(), [one, two]);
    const ba = applyAll(base(), [two, one]);
    expect(ab.record.fields.a).toBe(7);
    expect(ba.record.fields.a).toBe(7);
    expect(ab.lost).toEqual([5]);
    expect(ba.lost).toEqual([5]);
    expect(mergeChange(applyAll(base(), [one]).record, two).status).toBe('conflict');
  });

  it('[C4] equal change times are settled by the device id', () => {
    const one: IncomingChange = { baseVersion: 1, fields: { a: 5 }, changedAt: '2026-06-20T01:00:00Z', deviceId: 'd1' };
    const two: IncomingChange = { baseVersion: 1, fields: { a: 7 }, changedAt: '2026-06-20T01:00:00Z', deviceId: 'd2' };
    expect(applyAll(base(), [one, two]).record.fields.a).toBe(7);
    expect(applyAll(base(), [two, one]).record.fields.a).toBe(7);
  });

  it('[C5] writing the value a field already has is no change', () => {
    const r = mergeChange(base(), { baseVersion: 1, fields: { a: 1, c: { n: 1 } }, changedAt: '2026-06-20T00:00:00Z', deviceId: 'd0' });
    expect(r.changed).toBe(false);
    expect(r.record.version).toBe(1);
  });

  it('[C5] seed 7 regression: two equal writes and a third in between converge in every order', () => {
    // Found by the seeded test below before C5 took the later stamp of equal writes.
    const a: IncomingChange = { baseVersion: 1, fields: { a: 9 }, changedAt: '2026-06-20T01:00:00Z', deviceId: 'd1' };
    const b: IncomingChange = { baseVersion: 1, fields: { a: 9 }, changedAt: '2026-06-20T03:00:00Z', deviceId: 'd2' };
    const c: IncomingChange = { baseVersion: 1, fields: { a: 4 }, changedAt: '2026-06-20T02:00:00Z', deviceId: 'd3' };
    const results = permutations([a, b, c]).map((order) => applyAll(base(), order).record.fields.a);
    expect(new Set(results)).toEqual(new Set([9]));
  });

  it('[C8] a device\'s own later write of a field supersedes its own earlier one (a lost reply, then a folded change on the old base): no conflict with itself', () => {
    // T's first change was applied but its reply was lost; T's next push folds both saves into one change
    // still based on version 1 (cumulative since the base, SPEC P1).
    const first: IncomingChange = { baseVersion: 1, fields: { a: 4 }, changedAt: '2026-06-20T01:00:00Z', deviceId: 'dT' };
    const folded: IncomingChange = { baseVersion: 1, fields: { a: 5, b: 'y' }, changedAt: '2026-06-20T01:01:00Z', deviceId: 'dT' };
    const r = mergeChange(applyAll(base(), [first]).record, folded);
    expect(r.conflicts).toEqual([]);
    expect(r.status).toBe('merged');
    expect(r.record.fields).toMatchObject({ a: 5, b: 'y' });
    expect(r.record.fieldStamps.a).toEqual({ at: '2026-06-20T01:01:00Z', device: 'dT' });
    expect(r.record.version).toBe(3);
    // A later write of another device on an old base still conflicts with the device's latest value (C4).
    const other = mergeChange(r.record, { baseVersion: 1, fields: { a: 7 }, changedAt: '2026-06-20T00:30:00Z', deviceId: 'dU' });
    expect(other.conflicts.map((c) => [c.kept.value, c.other.value])).toEqual([[5, 7]]);
  });

  it('[C8][C4] the same client id with an OLDER stamp than the stored field is not a fast-forward: both values are kept, as before', () => {
    const later: IncomingChange = { baseVersion: 1, fields: { a: 5 }, changedAt: '2026-06-20T02:00:00Z', deviceId: 'dT' };
    const older: IncomingChange = { baseVersion: 1, fields: { a: 4 }, changedAt: '2026-06-20T01:00:00Z', deviceId: 'dT' };
    const r = mergeChange(applyAll(base(), [later]).record, older);
    expect(r.status).toBe('conflict');
    expect(r.record.fields.a).toBe(5);
    expect(r.conflicts.map((c) => [c.kept.value, c.other.value])).toEqual([[5, 4]]);
  });

  it('[C9][P9] a fresh client id of the same account supersedes the account\'s earlier write under the old id; another account still conflicts', () => {
    // Applied under dT (reply lost); then CLIENT_ID_REUSED moved the outbox to dT2, and the folded change comes again.
    const first: IncomingChange = { baseVersion: 1, fields: { a: 4 }, changedAt: '2026-06-20T01:00:00Z', deviceId: 'dT', account: 'u1' };
    const moved: IncomingChange = { baseVersion: 1, fields: { a: 5 }, changedAt: '2026-06-20T01:01:00Z', deviceId: 'dT2', account: 'u1' };
    const r = mergeChange(applyAll(base(), [first]).record, moved);
    expect(r.conflicts).toEqual([]);
    expect(r.record.fields.a).toBe(5);
    expect(r.superseded).toEqual(['a']);
    const other = mergeChange(applyAll(base(), [first]).record, { ...moved, account: 'u2' });
    expect(other.conflicts.map((c) => [c.kept.value, c.other.value])).toEqual([[5, 4]]);
    // A stamp stored before accounts were stamped matches by client id only.
    const old = applyAll(base(), [{ ...first, account: undefined }]).record;
    expect(mergeChange(old, moved).status).toBe('conflict');
  });

  it('[C8][C4] a different device is never fast-forwarded over, whatever its stamp', () => {
    const one: IncomingChange = { baseVersion: 1, fields: { a: 4 }, changedAt: '2026-06-20T01:00:00Z', deviceId: 'dT' };
    const two: IncomingChange = { baseVersion: 1, fields: { a: 5 }, changedAt: '2026-06-20T03:00:00Z', deviceId: 'dU' };
    expect(mergeChange(applyAll(base(), [one]).record, two).status).toBe('conflict');
  });

  // Seeded histories where some devices push twice (a first change applied with its reply lost, then a
  // folded, cumulative change on the same base with a later stamp), in every arrival order that keeps each
  // device's own order (P1). Per field: the record holds the latest-stamped surviving write; every value of
  // another device is kept in the record or a conflict of that field; no conflict holds values of one device only.
  it('[C8][C9] seeded histories with folded own changes (some under a fresh client id of the account) converge in every arrival order (all of up to 6 changes, 200 seeded ones beyond) and never conflict a writer with itself', () => {
    const FIELDS = ['a', 'b', 'c', 'd'];
    const BASE: Record<string, unknown> = base().fields;
    const failures: string[] = [];
    let checkedOrders = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const rand = rng(seed);
      const devices = 2 + Math.floor(rand() * 3); // 2–4
      const changes: IncomingChange[] = [];
      /** The changes each device's folded change supersedes (its own earlier change). */
      const superseded = new Set<IncomingChange>();
      for (let d = 0; d < devices; d++) {
        const pick = () => {
          const fields: Record<string, unknown> = {};
          for (const f of FIELDS) {
            const v = Math.floor(rand() * 4);
            if (rand() < 0.5 && !deepEqualValue(v, BASE[f])) fields[f] = v;
          }
          if (Object.keys(fields).length === 0) fields[FIELDS[d % FIELDS.length]!] = 10 + d;
          return fields;
        };
        const minute = Math.floor(rand() * 4);
        const first: IncomingChange = { baseVersion: 1, fields: pick(), changedAt: `2026-06-20T01:0${minute}:00Z`, deviceId: `dev-${d}` };
        changes.push(first);
        // Each device is one account; some resend their folded change under a fresh client id (P9).
        first.account = `acct-${d}`;
        if (rand() < 0.6) {
          // Cumulative since the base: the first change's fields, some edited again.
          const again = pick();
          const fresh = rand() < 0.4;
          const folded: IncomingChange = { baseVersion: 1, fields: { ...first.fields, ...again }, changedAt: `2026-06-20T01:0${minute + 1 + Math.floor(rand() * 3)}:30Z`, deviceId: fresh ? `dev-${d}-fresh` : `dev-${d}`, account: `acct-${d}` };
          changes.push(folded);
          superseded.add(first);
        }
      }
      const ownOrder = (order: IncomingChange[]) => order.every((c, i) => !superseded.has(c) || !order.slice(0, i).some((x) => x.account === c.account));
      // Every such order when there are few; else a seeded sample of them (not the first ones, which all
      // start with the same change).
      const orders = changes.length <= 6 ? permutations(changes).filter(ownOrder) : Array.from({ length: 200 }, () => inOwnOrder(shuffle(changes, rand), changes));
      for (const [i, order] of orders.entries()) {
        checkedOrders++;
        const where = `seed ${seed}, order ${i} (${order.map((c) => `${c.deviceId}@${c.changedAt.slice(14, 19)}`).join(' ')})`;
        const { record, conflicts } = applyAllWithConflicts(base(), order);
        for (const f of FIELDS) {
          const writes = changes.filter((c) => f in c.fields && !superseded.has(c));
          const winner = writes.reduce<IncomingChange | null>((w, c) => (!w || stampWins({ at: c.changedAt, device: c.deviceId }, { at: w.changedAt, device: w.deviceId }) ? c : w), null);
          const expected = winner ? winner.fields[f] : BASE[f];
          // A device whose folded change dropped nothing but kept a field of its first one: that field's winner
          // may be the first change when the folded one is absent for it; the folded change always carries it.
          if (!deepEqualValue(record.fields[f], expected)) failures.push(`${where}: ${f} is ${JSON.stringify(record.fields[f])}, expected ${JSON.stringify(expected)}`);
          const keptHere = [record.fields[f], ...conflicts.filter((x) => x.field === f).flatMap((x) => [x.kept.value, x.other.value])];
          for (const c of writes) if (!keptHere.some((v) => deepEqualValue(v, c.fields[f]))) failures.push(`${where}: ${f}=${JSON.stringify(c.fields[f])} from ${c.deviceId} lost`);
          for (const x of conflicts.filter((y) => y.field === f)) {
            // A shared stamp (C8) stands for a value another device wrote or competed with too.
            const writer = (st: FieldStamp) => st.account ?? st.device;
            if (writer(x.kept.stamp) === writer(x.other.stamp) && !x.other.stamp.shared && !x.kept.stamp.shared) failures.push(`${where}: ${f} in conflict of ${writer(x.kept.stamp)} with itself`);
          }
        }
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(checkedOrders).toBeGreaterThan(1000);
  });

  // Every arrival order (all permutations) of small histories, random orders of larger ones. For each field
  // the outcome is checked on its own: the record holds the write with the latest stamp (C4), and every
  // value any tablet wrote to that field is either in the record or in a conflict of that same field.
  it('[C4] seeded random histories: many tablets editing offline from one base converge in every arrival order (all for 2–5 tablets, 40 seeded ones for 6–8), and no value of any field is silently lost', () => {
    const FIELDS = ['a', 'b', 'c', 'd', 'e'];
    const BASE: Record<string, unknown> = base().fields;
    let checkedOrders = 0;
    const failures: string[] = [];
    for (let seed = 1; seed <= 300; seed++) {
      const rand = rng(seed);
      const large = seed % 3 === 0;
      const devices = large ? 6 + Math.floor(rand() * 3) : 2 + Math.floor(rand() * 4); // 6–8, or 2–5
      const changes: IncomingChange[] = [];
      for (let d = 0; d < devices; d++) {
        const fields: Record<string, unknown> = {};
        // A change holds only the fields the tablet changed from the base (SPEC P1), so never the base's own value.
        for (const f of FIELDS) {
          const v = Math.floor(rand() * 4);
          if (rand() < 0.5 && !deepEqualValue(v, BASE[f])) fields[f] = v;
        }
        if (Object.keys(fields).length === 0) fields[FIELDS[d % FIELDS.length]!] = 10 + d;
        const minute = Math.floor(rand() * 4); // few distinct times: ties happen, broken by device id
        changes.push({ baseVersion: 1, fields, changedAt: `2026-06-20T01:0${minute}:00Z`, deviceId: `dev-${d}` });
      }
      const orders = large ? Array.from({ length: 40 }, () => shuffle(changes, rand)) : permutations(changes);
      for (const [i, order] of orders.entries()) {
        checkedOrders++;
        const where = `seed ${seed}, order ${i} (${order.map((c) => c.deviceId).join(' ')})`;
        const { record, conflicts } = applyAllWithConflicts(base(), order);
        for (const f of FIELDS) {
          const writes = changes.filter((c) => f in c.fields);
          // The record: the write with the latest stamp (ties: the greater device id), else the base value.
          const winner = writes.reduce<IncomingChange | null>((w, c) => (!w || stampWins({ at: c.changedAt, device: c.deviceId }, { at: w.changedAt, device: w.deviceId }) ? c : w), null);
          const expected = winner ? winner.fields[f] : BASE[f];
          if (!deepEqualValue(record.fields[f], expected)) failures.push(`${where}: ${f} is ${JSON.stringify(record.fields[f])}, expected ${JSON.stringify(expected)}`);
          // Every competing value of this field is kept: in the record or in a conflict of this field.
          const keptHere = [record.fields[f], ...conflicts.filter((x) => x.field === f).flatMap((x) => [x.kept.value, x.other.value])];
          for (const c of writes) if (!keptHere.some((v) => deepEqualValue(v, c.fields[f]))) failures.push(`${where}: ${f}=${JSON.stringify(c.fields[f])} from ${c.deviceId} lost`);
          // Two different values for one field never pass without a conflict of that field.
          const distinct = new Set(writes.map((c) => JSON.stringify(c.fields[f])));
          if (distinct.size > 1 && !conflicts.some((x) => x.field === f)) failures.push(`${where}: ${f} has ${distinct.size} values and no conflict`);
        }
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(checkedOrders).toBeGreaterThan(5000);
  });
});
