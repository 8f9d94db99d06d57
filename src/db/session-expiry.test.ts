import { describe, expect, it } from 'vitest';
import { household } from '../../test/helpers/household-fixtures';
import { clientRig } from '../../test/helpers/client-rig';

/**
 * Issue 6 §6: sessions expire. The tablet keeps its outbox, tells the worker 登录已过期 (SESSION_EXPIRED)
 * rather than a bare "log in" — whether its own clock or the server noticed — and after an online login
 * uploads each change exactly once.
 */
describe('an expired session', () => {
  it('noticed on the tablet: no request is sent, the state says SESSION_EXPIRED, the queue stays; after a login it uploads once', async () => {
    const rig = await clientRig({ config: { sessionHours: 1 } });
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    rig.connectivity.set(false);
    await s.households.save(household());
    rig.clock.advance(3_600_000);
    rig.connectivity.set(true);
    const before = rig.net.log.length;
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'error', error: { code: 'SESSION_EXPIRED' }, pending: 1 });
    expect(rig.net.log.length).toBe(before);

    const again = await rig.client.loginOnline('li', 'pw-li');
    await again.sync.syncNow();
    await again.sync.syncNow();
    expect(again.sync.state()).toMatchObject({ phase: 'synced', pending: 0, error: null });
    expect((await rig.server.records())).toHaveLength(1);
    expect(rig.net.log.filter((r) => r.path === '/api/sync/push')).toHaveLength(1);
  });

  it('noticed by the server (401 SESSION_EXPIRED): later attempts keep saying so until the worker logs in', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    await s.households.save(household());
    // The session runs out just before the push arrives: the real server answers 401 SESSION_EXPIRED.
    rig.net.once('POST /api/sync/push', { kind: 'before', before: rig.expireSessions });
    await s.sync.syncNow();
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'error', error: { code: 'SESSION_EXPIRED' }, pending: 1 });
    // Logging out keeps the queue and forgets the session: an offline unlock then just asks for a login.
    await rig.client.logout();
    const unlocked = await rig.client.unlockOffline('li', 'pw-li');
    await unlocked.sync.syncNow();
    expect(unlocked.sync.state()).toMatchObject({ phase: 'error', error: { code: 'UNAUTHENTICATED' }, pending: 1 });
  });

  it('an offline unlock whose stored session has run out says SESSION_EXPIRED', async () => {
    const rig = await clientRig({ config: { sessionHours: 1 } });
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    await rig.client.loginOnline('li', 'pw-li');
    rig.client.lock();
    rig.clock.advance(2 * 3_600_000);
    const s = await rig.client.unlockOffline('li', 'pw-li');
    expect(s.online()).toBe(false);
    await s.sync.syncNow();
    expect(s.sync.state().error?.code).toBe('SESSION_EXPIRED');
  });
});
