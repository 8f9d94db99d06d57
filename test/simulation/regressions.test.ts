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

  for (const seed of [1, 6]) {
    it(`[P2][C8] seed ${seed} on SQLite: no tablet in conflict with itself after a lost reply (npm run simulate -- --seed ${seed} --store sqlite)`, async () => {
      const r = await runSimulation({ seed, store: 'sqlite' });
      expect(r.failures).toEqual([]);
    });
  }
});
