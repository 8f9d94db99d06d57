import { describe, expect, it } from 'vitest';
import { breakNotes, clientRig } from '../../test/helpers/client-rig';
import { household } from '../../test/helpers/household-fixtures';

describe('the pending count counts records waiting, not saves (issue 13 item 13)', () => {
  it('one household saved five times offline (autosaves) is 1 waiting; a second household makes 2; a push empties it', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    rig.connectivity.set(false);
    const first = household();
    for (let i = 0; i < 5; i++) await s.households.save({ ...first, notes: `第 ${i + 1} 次保存` });
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'offline', pending: 1 });
    await s.households.save(household());
    await s.sync.syncNow();
    expect(s.sync.state().pending).toBe(2);
    rig.connectivity.set(true);
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ pending: 0 });
  });

  it('a record whose change was rejected is not waiting; once corrected offline it is, once', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    const bad = household({ notes: 'server-says-no' });
    // The real server rejects a change that breaks the shared schema (the fake server took a made-up rule).
    breakNotes(rig, 'server-says-no');
    await s.households.save(bad);
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ pending: 0, rejected: 1 });
    rig.connectivity.set(false);
    await s.households.save(household());
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'offline', pending: 1, rejected: 1 });
    await s.households.save({ ...bad, notes: '已更正' });
    await s.households.save({ ...bad, notes: '已更正，再改' });
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'offline', pending: 2 });
  });
});
