import { describe, expect, it } from 'vitest';
import { household } from '../../test/helpers/household-fixtures';
import { clientRig } from '../../test/helpers/client-rig';
import { keysOf } from '../../test/helpers/keys-of';
import { open, seal } from '../security/seal';
import { changeOf, outboxChangeFields } from './outbox-change';
import { changedFields, type Fields } from './record-fields';
import { namesChanged } from './save-record';

async function worker() {
  const rig = await clientRig();
  await rig.server.addUser({ username: 'li', password: 'pw-li' });
  const s = await rig.client.loginOnline('li', 'pw-li');
  return { rig, s, keys: await keysOf(s, 'pw-li') };
}

/** A small deterministic generator (mulberry32): the same cases on every run. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomFields(r: () => number): Fields {
  const out: Fields = {};
  for (const k of ['a', 'b', 'c', 'd', 'e']) {
    const x = r();
    if (x < 0.25) continue; // absent
    out[k] = x < 0.5 ? 1 : x < 0.7 ? 2 : x < 0.85 ? { n: Math.floor(r() * 2) } : [Math.floor(r() * 2)];
  }
  return out;
}

describe('outbox rows without a sealed diff (SPEC O1, O2)', () => {
  it('[O1] a save seals once: the row shares the record ciphertext and names the fields it changed', async () => {
    const { s } = await worker();
    const hh = household();
    await s.households.save(hh);
    let [row] = await s.db.outbox.toArray();
    let rec = (await s.db.records.get(hh.id))!;
    expect(row!.sealed).toBeUndefined();
    expect(row!.sealedSnapshot.ct).toEqual(rec.sealed.ct);
    expect(row!.sealedBase).toBeNull();
    expect(row!.changed).toEqual(expect.arrayContaining(['id', 'head', 'membersCount', 'origin']));

    await s.sync.syncNow();
    rec = (await s.db.records.get(hh.id))!;
    expect(rec.syncState).toBe('synced');
    await s.households.save({ ...hh, notes: '二次核实' });
    [row] = await s.db.outbox.toArray();
    // The base is the server copy as it was at the save: the same ciphertext, not sealed again.
    expect(row!.sealedBase!.ct).toEqual(rec.sealedServer!.ct);
    expect(row!.changed).toEqual(['notes']);
  });

  it('[O2] the change derived at push equals the cumulative change sealed before O1 (changedFields), affirmed fields included', () => {
    const r = rng(18);
    for (let i = 0; i < 2000; i++) {
      const base = randomFields(r);
      const previous = randomFields(r);
      const next = randomFields(r);
      const affirm = r() < 0.2 ? ['c'] : [];
      const expected = changedFields(base, previous, next);
      for (const k of affirm) expected[k] = next[k] === undefined ? null : next[k];
      expect(changeOf(base, next, namesChanged(previous, next, affirm))).toEqual(expected);
    }
  });

  it('[O2] after sync, an edit sends the changed and removed fields; a field reverted to the server value while queued is still sent', async () => {
    const { s, keys } = await worker();
    const hh = household({ notes: '初次' });
    await s.households.save(hh);
    await s.sync.syncNow();
    const { notes: _n, ...withoutNotes } = hh;
    await s.households.save({ ...withoutNotes, membersCount: 4 });
    await s.households.save({ ...withoutNotes, membersCount: 4, notes: '初次' });
    const rows = await s.db.outbox.toArray();
    const [first, second] = await outboxChangeFields(keys.dataKey, rows);
    expect(Object.keys(first!).sort()).toEqual(['membersCount', 'notes']);
    expect(first!.notes).toBeNull();
    // Cumulative since the base (membersCount) and the undo of this save (notes, back to the server's value).
    expect(Object.keys(second!).sort()).toEqual(['membersCount', 'notes']);
    expect(second!.notes).toBe('初次');
  });

  it('[O2] a row written before O1 (its own sealed diff) is sent as it was sealed', async () => {
    const { s, keys } = await worker();
    const hh = household();
    await s.households.save(hh);
    const rec = (await s.db.records.get(hh.id))!;
    const legacy = { entity: 'household' as const, id: hh.id, baseVersion: 0, sealed: await seal(keys.dataKey, hh.id, { notes: '旧版本' }), sealedSnapshot: rec.sealed, formVersion: 1, changedAt: rec.updatedAt, state: 'queued' as const, bytes: 10 };
    expect(await outboxChangeFields(keys.dataKey, [legacy])).toEqual([{ notes: '旧版本' }]);
  });
});

describe('the server copy and the outbox after a save (SPEC O3, O4)', () => {
  it('[O3] after applied, the server copy is the snapshot as sent (its very ciphertext), never a later save', async () => {
    const { s, keys } = await worker();
    const hh = household({ notes: '初次' });
    await s.households.save(hh);
    const [sent] = await s.db.outbox.toArray();
    await s.sync.syncNow();
    const rec = (await s.db.records.get(hh.id))!;
    expect(rec.sealedServer!.ct).toEqual(sent!.sealedSnapshot.ct);
    // A later save changes the record, not the server copy, until its own change is applied.
    await s.households.save({ ...hh, notes: '二次' });
    const later = (await s.db.records.get(hh.id))!;
    expect(later.sealedServer!.ct).toEqual(sent!.sealedSnapshot.ct);
    expect((await open<Fields>(keys.dataKey, hh.id, later.sealedServer!)).notes).toBe('初次');
    await s.sync.syncNow();
    expect((await open<Fields>(keys.dataKey, hh.id, (await s.db.records.get(hh.id))!.sealedServer!)).notes).toBe('二次');
  });

  it('[O4] a save of a record new to the tablet deletes no outbox row; a save of a record with a rejected change supersedes it', async () => {
    const { s } = await worker();
    let deleted = 0;
    s.db.outbox.hook('deleting', () => {
      deleted += 1;
    });
    const a = household();
    await s.households.save(a);
    await s.households.save(household());
    expect(deleted).toBe(0);
    expect(await s.db.outbox.count()).toBe(2);
    // A rejected change (P5) of `a` is superseded by its next save, as before O1.
    const [first] = await s.db.outbox.where('id').equals(a.id).toArray();
    await s.db.outbox.update(first!.seq!, { state: 'rejected' });
    await s.households.save({ ...a, notes: '更正' });
    expect(deleted).toBe(1);
    expect((await s.db.outbox.where('id').equals(a.id).toArray()).map((r) => r.state)).toEqual(['queued']);
  });
});
