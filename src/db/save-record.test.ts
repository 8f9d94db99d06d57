import { describe, expect, it, vi } from 'vitest';
import { household } from '../../test/helpers/household-fixtures';
import { clientRig } from '../../test/helpers/client-rig';
import { keysOf } from '../../test/helpers/keys-of';
import { open } from '../security/seal';
import { saveRecord, type SaveStep } from './save-record';

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
          void s.db.records.update(first.id, (r) => void (r.rev += 1));
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
    // The read outside the transaction, then the rev check inside it (issued with the writes).
    expect(order).toEqual(['get', 'validated', 'read', 'sealed', 'get', 'written']);
  });
});
