import { describe, expect, it } from 'vitest';
import { household } from '../../test/helpers/household-fixtures';
import { TEST_COUNTY, TEST_TOWNSHIP } from '../../test/helpers/in-process-server';
import { clientRig } from '../../test/helpers/client-rig';
import { DeviceDb } from './device-db';

/**
 * Issue 10, tablets upgrade too: an account a tablet stored under release 1 (commit 8c85876) holds its
 * township and county as NAMES, because that release's server sent names (SPEC A2 then). The row's shape
 * is the same in both releases (Dexie version 1), so nothing rewrites it until the next online login. A
 * worker who unlocks offline after the update must still have every new record accepted (SPEC A8: a
 * change stamped with a township the account never held is OUT_OF_AREA).
 */
describe('an account stored by release 1 (township names)', () => {
  it('[V6][A8] unlocks after the update; its new records are stamped with no township and are applied under the account’s code', async () => {
    const env = { prefix: `r1-account-${Math.random().toString(36).slice(2, 8)}-` };
    const rig = await clientRig({ deps: { db: env } });
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const first = await rig.client.loginOnline('li', 'pw-li');
    const before = await first.households.save(household({ n: 1 }));
    await first.sync.syncNow();
    rig.client.lock();
    await rig.client.settled();

    // What release 1 wrote into tidemark-device for this worker: names where this release keeps codes.
    const device = new DeviceDb(env);
    const row = (await device.accounts.toArray())[0]!;
    const { townshipName: _t, countyName: _c, ...userR1 } = row.user;
    await device.accounts.put({ ...row, user: { ...userR1, township: '清河镇', county: '安平县' } });
    device.close();

    const s = await rig.client.unlockOffline('li', 'pw-li');
    expect(s.user).toMatchObject({ township: null, townshipName: '清河镇', county: null, countyName: '安平县' });
    const after = await s.households.save(household({ n: 2 }));
    const queued = await s.db.outbox.toArray();
    expect(queued.map((c) => c.township)).toEqual([undefined]); // never the name: the server takes the current township
    await s.sync.syncNow();
    expect(await s.db.outbox.count()).toBe(0);
    const stored = await rig.server.records('household');
    expect(stored.map((r) => [r.id, r.township]).sort()).toEqual([[before.id, TEST_TOWNSHIP], [after.id, TEST_TOWNSHIP]].sort());

    // The next online login brings the codes back.
    rig.client.lock();
    const online = await rig.client.loginOnline('li', 'pw-li');
    expect(online.user).toMatchObject({ township: TEST_TOWNSHIP, county: TEST_COUNTY });
  });
});
