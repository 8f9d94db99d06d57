import { describe, expect, it, vi } from 'vitest';
import { household } from '../../test/helpers/household-fixtures';
import { clientRig } from '../../test/helpers/client-rig';
import { keysOf } from '../../test/helpers/keys-of';
import { countTransactions, recordReads } from '../../test/helpers/db-spies';
import { open } from '../security/seal';
import { saveRecord, type SaveStep } from './save-record';
import { writeRecords } from '../../test/helpers/record-writes';

async function worker() {
  const rig = await clientRig();
  await rig.server.addUser({ username: 'li', password: 'pw-li' });
  const s = await rig.client.loginOnline('li', 'pw-li');
  return { rig, s, keys: await keysOf(s, 'pw-li') };
}

describe('one save, one round trip (SPEC O5)', () => {
  it('[O5] a row written between the read and the write aborts the whole write; the save starts over and writes once', async () => {
    const { s, keys } = await worker();
    const hh = household({ n: 1 });
    const first = await s.households.save(hh);
    const steps: SaveStep[] = [];
    let meddled = false;
    const ctx = {
      db: s.db, keys, now: () => new Date(), newId: () => globalThis.crypto.randomUUID(),
      trace: (step: SaveStep) => {
        steps.push(step);
        // Another writer (an ack, a pull) writes the row after the save read it, before its transaction.
        if (step === 'sealed' && !meddled) {
          meddled = true;
          void writeRecords(s.db, () => s.db.records.update(first.id, (r) => void (r.rev += 1)));
        }
      },
    };
    const put = vi.spyOn(s.db.records, 'put');
    await saveRecord(ctx, 'household', { ...hh, id: first.id, notes: 'second' });
    expect(steps).toEqual(['validated', 'read', 'sealed', 'written', 'read', 'sealed', 'written']);
    // Both attempts issued the write; the first was aborted with its transaction: one change, one row.
    expect(put).toHaveBeenCalledTimes(2);
    const rows = await s.db.outbox.orderBy('seq').toArray();
    expect(rows).toHaveLength(2);
    expect(rows[1]!.changed).toEqual(['notes']);
    const rec = (await s.db.records.get(first.id))!;
    expect(rec.rev).toBe(3);
    expect(rows[1]!.sealedSnapshot).toEqual(rec.sealed);
    expect((await open<{ notes: string }>(keys.dataKey, first.id, rec.sealed)).notes).toBe('second');
  });

  it('[O5] the row is read while the record is validated: a save of a new record reads it once, before validating', async () => {
    const { s, keys } = await worker();
    const order: string[] = [];
    const get = s.db.records.get.bind(s.db.records);
    vi.spyOn(s.db.records, 'get').mockImplementation(((id: string) => {
      order.push('get');
      return get(id);
    }) as typeof s.db.records.get);
    const ctx = { db: s.db, keys, now: () => new Date(), newId: () => globalThis.crypto.randomUUID(), trace: (step: SaveStep) => void order.push(step) };
    await saveRecord(ctx, 'household', household({ n: 2 }));
    // The read outside the transaction; in it, the add is the check (no second read: issue 18).
    expect(order).toEqual(['get', 'validated', 'read', 'sealed', 'written']);
  });
});

describe('a record the caller says is new (SPEC O5, issue 18)', () => {
  const ctxOf = (s: Awaited<ReturnType<typeof worker>>['s'], keys: Awaited<ReturnType<typeof worker>>['keys'], trace?: (step: SaveStep) => void) => ({
    db: s.db, keys, now: () => new Date(), newId: () => globalThis.crypto.randomUUID(), trace,
  });

  it('[O5] a hinted new record is saved in one IndexedDB transaction (no read before the write); unhinted, two', async () => {
    const { s, keys } = await worker();
    const opened = countTransactions(s.db);
    await saveRecord(ctxOf(s, keys), 'household', household({ n: 3 }));
    expect(opened).toHaveLength(2); // today's path: the read, then the write
    opened.length = 0;
    const hh = household({ n: 4 });
    const saved = await saveRecord(ctxOf(s, keys), 'household', hh, { newRecord: true });
    expect(saved).toEqual({ id: hh.id, changed: true });
    expect(opened).toHaveLength(1);
    expect(opened[0]).toEqual(expect.arrayContaining(['records', 'outbox']));
    // Written exactly as an unhinted save writes a new record: rev 1, one change holding every field.
    const rec = (await s.db.records.get(hh.id))!;
    expect(rec.rev).toBe(1);
    const rows = await s.db.outbox.where('id').equals(hh.id).toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ baseVersion: 0, sealedBase: null, state: 'queued' });
    expect(rows[0]!.sealedSnapshot).toEqual(rec.sealed);
    expect((await open<{ head: { name: string } }>(keys.dataKey, hh.id, rec.sealed)).head.name).toBe(hh.head.name);
  });

  it('[O5][P1] a record not on the tablet is written with `add`, which is the rev check: no read of its row in the write transaction (hinted: none at all)', async () => {
    const { s, keys } = await worker();
    const reads = recordReads(s.db);
    const hinted = household({ n: 10 });
    const plain = household({ n: 11 });
    await saveRecord(ctxOf(s, keys), 'household', hinted, { newRecord: true });
    await saveRecord(ctxOf(s, keys), 'household', plain);
    expect(reads(hinted.id)).toBe(0);
    expect(reads(plain.id)).toBe(1); // the read before the write only
    for (const id of [hinted.id, plain.id]) {
      expect((await s.db.records.get(id))!.rev).toBe(1);
      expect(await s.db.outbox.where('id').equals(id).count()).toBe(1);
    }
    // An edit still reads its row's rev in the write (and before it).
    const before = reads(plain.id);
    await saveRecord(ctxOf(s, keys), 'household', { ...plain, notes: 'edited' });
    expect(reads(plain.id) - before).toBe(2);
  });

  it('[O5] households.save passes the hint through: one transaction on the records for a new household', async () => {
    const { s } = await worker();
    const opened = countTransactions(s.db);
    const hh = household({ n: 5 });
    await s.households.save(hh, { newRecord: true });
    expect(opened.filter((names) => names.includes('records'))).toHaveLength(1);
    expect((await s.db.records.get(hh.id))!.rev).toBe(1);
  });

  it('[O5] a wrong hint (the row exists) gives what the unhinted save gives: the write is aborted and the save starts over as an edit', async () => {
    const { s, keys } = await worker();
    const hh = household({ n: 6 });
    await s.households.save(hh);
    const before = (await s.db.outbox.where('id').equals(hh.id).toArray())[0]!;
    const saved = await saveRecord(ctxOf(s, keys), 'household', { ...hh, notes: 'second' }, { newRecord: true });
    expect(saved).toEqual({ id: hh.id, changed: true });
    const rows = await s.db.outbox.where('id').equals(hh.id).sortBy('seq');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(before);
    expect(rows[1]!.changed).toEqual(['notes']);
    const rec = (await s.db.records.get(hh.id))!;
    expect(rec.rev).toBe(2);
    expect(rows[1]!.sealedSnapshot).toEqual(rec.sealed);
    expect((await open<{ notes: string }>(keys.dataKey, hh.id, rec.sealed)).notes).toBe('second');
  });

  it('[C5] a wrong hint saving what is already there writes nothing (no change), as unhinted', async () => {
    const { s, keys } = await worker();
    const hh = household({ n: 7 });
    await s.households.save(hh);
    const rec = (await s.db.records.get(hh.id))!;
    expect(await saveRecord(ctxOf(s, keys), 'household', hh, { newRecord: true })).toEqual({ id: hh.id, changed: false });
    expect(await s.db.outbox.where('id').equals(hh.id).count()).toBe(1);
    expect(await s.db.records.get(hh.id)).toEqual(rec);
  });

  it('[O5] a wrong hint on an id of another kind of record is refused as unhinted (ALREADY_EXISTS), nothing written', async () => {
    const { s, keys } = await worker();
    const { id } = await s.surveys.saveDraft({});
    const outbox = await s.db.outbox.count();
    await expect(saveRecord(ctxOf(s, keys), 'household', household({ n: 8, id }), { newRecord: true })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(await s.db.outbox.count()).toBe(outbox);
    expect((await s.db.records.get(id))!.entity).toBe('survey');
  });

  it('[O5] a hinted save whose row a pull writes just before its transaction starts over: merged as an edit, nothing lost or doubled', async () => {
    const { s, keys } = await worker();
    const hh = household({ n: 9 });
    await s.households.save(hh);
    // The row as a pull would leave it (no change of this tablet waiting): kept, then removed with its change.
    const pulled = (await s.db.records.get(hh.id))!;
    await writeRecords(s.db, () => s.db.records.delete(hh.id));
    await s.db.outbox.where('id').equals(hh.id).delete();
    const steps: SaveStep[] = [];
    let meddled = false;
    const trace = (step: SaveStep) => {
      steps.push(step);
      if (step === 'sealed' && !meddled) {
        meddled = true;
        void writeRecords(s.db, () => s.db.records.put(pulled));
      }
    };
    await saveRecord(ctxOf(s, keys, trace), 'household', { ...hh, notes: 'typed' }, { newRecord: true });
    expect(steps).toEqual(['validated', 'read', 'sealed', 'written', 'read', 'sealed', 'written']);
    const rec = (await s.db.records.get(hh.id))!;
    expect(rec.rev).toBe(2);
    const rows = await s.db.outbox.where('id').equals(hh.id).toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.changed).toEqual(['notes']);
    expect((await open<{ notes: string; head: { name: string } }>(keys.dataKey, hh.id, rec.sealed))).toMatchObject({ notes: 'typed', head: { name: hh.head.name } });
  });
});
