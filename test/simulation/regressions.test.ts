/**
 * Seeds of the simulation that once failed, kept as named tests (STYLE habit 8), and the smallest story
 * each one reduces to.
 */
import { describe, expect, it } from 'vitest';
import { clientRig } from '../helpers/client-rig';
import { household } from '../helpers/household-fixtures';
import { runSimulation } from './simulation';

describe('pinned simulation seeds', () => {
  // Found by seeds 1 and 6 on SQLite: the tablet edits a household, the push's reply is lost (the server
  // applied it), the worker edits the same field again before the next sync, and push folds both saves
  // into one change still based on the old version. The server then sees the field "changed by someone
  // else since the base" and opens a conflict between the tablet and itself: the worker is asked to
  // choose between their own old and new value. Fixed by SPEC C8 in the shared merge rule: a field last
  // written by the same client id, not later than the change, is superseded by it (src/shared/rules/merge.ts).
  it('[P2][C8] a lost reply, then another edit of the same field: no conflict of the tablet with itself (reduced story)', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    const hh = household({ membersCount: 3 });
    await s.households.save(hh);
    await s.sync.syncNow();
    await s.households.save({ ...hh, membersCount: 4 });
    rig.net.once('POST /api/sync/push', { kind: 'lose-reply' });
    await s.sync.syncNow(); // the server applied membersCount 4; the tablet did not hear it
    rig.clock.advance(60_000);
    await s.households.save({ ...(await s.households.get(hh.id))!, membersCount: 5 });
    await s.sync.syncNow();
    await s.sync.syncNow();
    expect(await rig.server.records('conflict')).toEqual([]);
    expect((await rig.server.store.getRecord('household', hh.id))?.fields.membersCount).toBe(5);
  });

  // Seeds 23 and 25 on SQLite (before the per-tablet random streams, so these numbers now replay other
  // runs): a tablet edited a field away from its base and back (3 → 2 → 3) while another tablet changed
  // it from that same base to 4. The checks called the 3 lost. It is not: the undo puts back the value
  // the other tablet had in front of it (C5), so its 4 stands with no conflict when the undo arrives
  // first, and with one (both values kept) when it arrives second. A simulation check bug, fixed in
  // checks.ts (an undo to the base is no competing value); the server was right. The story, both orders:
  for (const undoFirst of [true, false]) {
    it(`[C5][C4] an undo to the base is no competing value (${undoFirst ? 'undo arrives first: no conflict' : 'undo arrives second: both kept'}); the record holds 4 either way`, async () => {
      const rig = await clientRig();
      await rig.server.addUser({ username: 'a', password: 'pw-a' });
      await rig.server.addUser({ username: 'b', password: 'pw-b' });
      const a = await rig.client.loginOnline('a', 'pw-a');
      const b = await rig.anotherTablet().loginOnline('b', 'pw-b');
      const hh = household({ membersCount: 3 });
      await a.households.save(hh);
      await a.sync.syncNow();
      await b.sync.syncNow();
      rig.clock.advance(60_000);
      await a.households.save({ ...(await a.households.get(hh.id))!, membersCount: 2, notes: '已回访' });
      rig.clock.advance(60_000);
      await a.households.save({ ...(await a.households.get(hh.id))!, membersCount: 3 }); // the undo
      rig.clock.advance(60_000);
      await b.households.save({ ...(await b.households.get(hh.id))!, membersCount: 4 });
      for (const s of undoFirst ? [a, b] : [b, a]) await s.sync.syncNow();
      expect((await rig.server.store.getRecord('household', hh.id))?.fields).toMatchObject({ membersCount: 4, notes: '已回访' });
      const conflicts = (await rig.server.records('conflict')).map((c) => (c.fields as { values: { value: unknown }[] }).values.map((v) => v.value));
      expect(conflicts).toEqual(undoFirst ? [] : [[4, 3]]);
    });
  }

  // Seeds 21, 24 and 30 on SQLite: tablets ended with changes in their outbox, records never pulled.
  // Not the client: a fault the simulation armed for one sync (a lost reply, a cut upload) stayed armed
  // when that sync made no such request (the tablet offline, nothing to push) and fired in the final quiet
  // rounds, of which there were only three. Either of the fixes alone made all three pass on the old
  // streams: a step's unused faults are disarmed after it, and the quiet rounds go on until every outbox
  // is empty (then one more, for the pulls). These seeds and 23, 25 stay pinned as runs of today's streams.
  for (const seed of [21, 23, 24, 25, 30]) {
    it(`seed ${seed} on SQLite (npm run simulate -- --seed ${seed} --store sqlite)`, async () => {
      const r = await runSimulation({ seed, store: 'sqlite' });
      expect(r.failures).toEqual([]);
    });
  }

  for (const seed of [1, 6]) {
    it(`[P2][C8] seed ${seed} on SQLite: no tablet in conflict with itself after a lost reply (npm run simulate -- --seed ${seed} --store sqlite)`, async () => {
      const r = await runSimulation({ seed, store: 'sqlite' });
      expect(r.failures).toEqual([]);
    });
  }
});
