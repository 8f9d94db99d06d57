/**
 * SPEC P9 with C8 and C9: after CLIENT_ID_REUSED the tablet moves its unacknowledged changes to a fresh client id
 * of the same account and sends them again. A change of it that the server had already applied under the
 * old id (its reply lost), folded with a later save of the same field, must supersede the tablet's own
 * earlier write as it would have under the old id — not open a conflict of the worker with themselves.
 * The real client on fake-indexeddb against the real server in process (client-rig.ts).
 */
import { describe, expect, it } from 'vitest';
import type { PushResponse } from '../shared/protocol/messages';
import { clientRig } from '../../test/helpers/client-rig';
import { household } from '../../test/helpers/household-fixtures';

for (const store of ['sqlite', 'postgres'] as const) describe(`on ${store}`, () => {
  it('[P9][C9] changes moved to a fresh client id after CLIENT_ID_REUSED supersede the account\'s own earlier write: no false conflict', async () => {
    const rig = await clientRig({ store });
    await rig.server.addUser({ username: 'zhao', password: 'pw-zhao' });
    const s = await rig.client.loginOnline('zhao', 'pw-zhao');
    const oldId = s.clientId;
    const hh = household({ membersCount: 3 });
    await s.households.save(hh); // seq 1
    await s.sync.syncNow();

    // seq 2: membersCount 4, applied under the old id, but the reply is lost.
    rig.clock.advance(60_000);
    await s.households.save({ ...(await s.households.get(hh.id))!, membersCount: 4 });
    rig.net.once('POST /api/sync/push', { kind: 'lose-reply' });
    await s.sync.syncNow();
    expect((await rig.server.store.getRecord('household', hh.id))?.fields.membersCount).toBe(4);

    // seq 3: membersCount 5, folded with seq 2 on the old base (P1).
    rig.clock.advance(60_000);
    await s.households.save({ ...(await s.households.get(hh.id))!, membersCount: 5 });

    // Meanwhile a copy of this profile (same account, same client id) pushed its own seq 3 first.
    const copy = await rig.server.login('zhao', 'pw-zhao', oldId);
    const theirs = household({ n: 77 });
    const res = await rig.server.push(copy, [
      { seq: 3, entity: 'household', id: theirs.id, baseVersion: 0, fields: JSON.parse(JSON.stringify(theirs)), formVersion: 1, changedAt: rig.clock.now().toISOString() },
    ]);
    expect((res.json() as PushResponse).results.map((r) => r.status)).toEqual(['applied']);

    // The tablet's push of seq 3 is refused (P8), moved to a fresh id and sent again (P9).
    rig.clock.advance(60_000);
    await s.sync.syncNow();
    await s.sync.syncNow();
    expect(s.clientId).not.toBe(oldId);
    expect(s.sync.state()).toMatchObject({ pending: 0, rejected: 0, error: null });
    const stored = await rig.server.store.getRecord('household', hh.id);
    expect(stored?.fields.membersCount).toBe(5);
    expect(await rig.server.records('conflict')).toEqual([]);
    expect((await s.households.get(hh.id))?.membersCount).toBe(5);
  });
});
