import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeResult, PullResponse } from '../../src/shared/protocol/messages';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { ANPING, ANPING_LIULIN, ANPING_QINGHE, DONGFENG_QINGHE } from '../../test/fixtures/areas';
import { createHousehold, newId } from './fixtures';

/**
 * Issue 10 §7: an administrator changes an account's role, area and display name; a role or area change
 * ends its sessions (SPEC A7), and the changes its tablets saved before the move are still accepted under
 * the township they were made in (A8).
 */
describe.each<StoreKind>(['sqlite', 'postgres'])('changing accounts (%s)', (kind) => {
  let server: TestServer;
  let admin: TestSession;
  let wang: TestSession;

  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    admin = await server.session({ username: 'root', role: 'admin' });
    wang = await server.session({ username: 'wang', displayName: '王芳' });
  });
  afterEach(() => server.close());

  const patch = (id: string, body: unknown, session: TestSession = admin) => server.inject('PATCH' as 'POST', `/api/admin/users/${id}`, { session, body });
  const pullCode = async (s: TestSession) => {
    const res = await server.pull(s);
    return res.statusCode === 200 ? 200 : (res.json().error.code as string);
  };

  it('[A7] a display name changes alone and ends nothing; a move ends every session and is audited without names', async () => {
    const renamed = await patch(wang.user.id, { displayName: '王芳芳' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().user).toMatchObject({ username: 'wang', displayName: '王芳芳', township: ANPING_QINGHE, county: ANPING, role: 'worker' });
    expect(await pullCode(wang)).toBe(200);

    server.clock.advance(60_000);
    const moved = await patch(wang.user.id, { township: ANPING_LIULIN });
    expect(moved.json().user).toMatchObject({ displayName: '王芳芳', township: ANPING_LIULIN, county: ANPING });
    expect(await pullCode(wang)).toBe('UNAUTHENTICATED');
    const again = await server.login('wang', wang.password, wang.deviceId);
    expect(again.user.township).toBe(ANPING_LIULIN);

    const audit = await server.store.listAudit({ entity: 'user', recordId: wang.user.id, limit: 10 });
    expect(audit.map((a) => [a.action, a.userId])).toEqual([['user.update', admin.user.id], ['user.update', admin.user.id]]);
    expect(audit[0]!.detail).toEqual({ fields: ['township'], endedSessions: 1, township: { from: ANPING_QINGHE, to: ANPING_LIULIN } });
    expect(audit[1]!.detail).toEqual({ fields: ['displayName'], endedSessions: 0 });
    expect(JSON.stringify(audit)).not.toContain('王芳');
    expect((await server.store.listAccountAreas(wang.user.id)).map((a) => [a.township, a.until !== null])).toEqual([[ANPING_QINGHE, true], [ANPING_LIULIN, false]]);
  });

  it('validates the account that would result: a worker needs a township, a supervisor a county', async () => {
    const noTownship = await patch(wang.user.id, { township: null });
    expect(noTownship.statusCode).toBe(400);
    expect(noTownship.json().error.details.issues).toEqual([{ path: 'township', message: 'required' }]);
    const supNoCounty = await patch(wang.user.id, { role: 'supervisor', county: null });
    expect(supNoCounty.json().error.details.issues).toEqual([{ path: 'county', message: 'required' }]);
    expect((await patch(wang.user.id, {})).statusCode).toBe(400);
    expect((await patch(wang.user.id, { township: '  ' })).statusCode).toBe(400);
    expect((await patch(wang.user.id, { passwordHash: 'x' })).statusCode).toBe(400); // only these fields
    expect((await patch('nobody', { displayName: 'x' })).statusCode).toBe(404);
    const sup = await server.session({ username: 'sup', role: 'supervisor', township: null, county: ANPING });
    expect((await patch(wang.user.id, { displayName: 'x' }, sup)).statusCode).toBe(403);
    // Nothing of the refused edits was written, and the session lives on.
    expect(await server.store.getUserById(wang.user.id)).toMatchObject({ role: 'worker', township: ANPING_QINGHE, displayName: '王芳' });
    expect(await pullCode(wang)).toBe(200);

    // Areas are registered codes (issue 10): a name, an unknown code or a township of another county is refused.
    const byName = await patch(wang.user.id, { township: '柳林乡' });
    expect(byName.statusCode).toBe(400);
    expect(byName.json().error.details.issues).toEqual([{ path: 'township', message: 'area.unknownCode' }]);
    expect((await patch(wang.user.id, { township: DONGFENG_QINGHE, county: ANPING })).json().error.details.issues).toEqual([{ path: 'county', message: 'area.countyMismatch' }]);
    expect((await patch(wang.user.id, { role: 'supervisor', township: null, county: ANPING_QINGHE })).json().error.details.issues).toEqual([{ path: 'county', message: 'area.notAnActiveCounty' }]);
    const created = await server.inject('POST', '/api/admin/users', { session: admin, body: { username: 'zhao', password: 'qinghe-river-2026', role: 'worker', township: '清河镇', county: '安平县' } });
    expect(created.statusCode).toBe(400);
    expect(created.json().error.details.issues).toEqual([{ path: 'township', message: 'area.unknownCode' }]);
    expect(await server.store.getUserByUsername('zhao')).toBeNull();
    const byCode = await server.inject('POST', '/api/admin/users', { session: admin, body: { username: 'zhao', password: 'qinghe-river-2026', role: 'worker', township: DONGFENG_QINGHE } });
    expect(byCode.statusCode).toBe(201);
    expect(byCode.json().user).toMatchObject({ township: DONGFENG_QINGHE, county: DONGFENG_QINGHE.slice(0, 6) + '000000' });
    expect(await server.store.getUserById(wang.user.id)).toMatchObject({ role: 'worker', township: ANPING_QINGHE });

    const promoted = await patch(wang.user.id, { role: 'supervisor', township: null });
    expect(promoted.json().user).toMatchObject({ role: 'supervisor', township: null, county: ANPING });
    expect(await pullCode(wang)).toBe('UNAUTHENTICATED');
  });

  it('an administrator cannot demote or disable the last enabled administrator, their own account included', async () => {
    const selfDemote = await patch(admin.user.id, { role: 'worker', township: ANPING_QINGHE, county: ANPING });
    expect(selfDemote.statusCode).toBe(409);
    expect(selfDemote.json().error.code).toBe('LAST_ADMIN');
    expect((await server.store.getUserById(admin.user.id))?.role).toBe('admin');
    expect(await pullCode(admin)).toBe(200);

    const second = await server.session({ username: 'root2', role: 'admin' });
    expect((await server.inject('POST', `/api/admin/users/${admin.user.id}/disable`, { session: second })).statusCode).toBe(200);
    // root2 is now the only enabled administrator.
    expect((await patch(second.user.id, { role: 'supervisor', county: ANPING }, second)).json().error.code).toBe('LAST_ADMIN');
    await server.inject('POST', `/api/admin/users/${admin.user.id}/enable`, { session: second });
    const stepDown = await patch(second.user.id, { role: 'supervisor', county: ANPING }, second);
    expect(stepDown.json().user.role).toBe('supervisor');
    expect(await pullCode(second)).toBe('UNAUTHENTICATED');
  });

  describe('[A8] changes saved before a move', () => {
    const stamped = (seq: number, township?: string) => ({ ...createHousehold(seq, newId()), ...(township ? { township } : {}) });

    it('are stored under the township they were made in, and the result says so; other stamps are refused', async () => {
      const li = await server.session({ username: 'li' }); // stays in 清河镇 (ANPING_QINGHE)
      await patch(wang.user.id, { township: ANPING_LIULIN });
      const back = await server.login('wang', wang.password, wang.deviceId);
      const before = stamped(1, ANPING_QINGHE);
      const after = stamped(2, ANPING_LIULIN);
      const unstamped = stamped(3);
      const never = stamped(4, '130101099000');
      const res = await server.push(back, [before, after, unstamped, never]);
      expect(res.statusCode).toBe(200);
      const results = res.json().results as ChangeResult[];
      expect(results.map((r) => [r.status, r.acceptedUnder ?? null, r.code ?? null])).toEqual([
        ['applied', ANPING_QINGHE, null],
        ['applied', null, null],
        ['applied', null, null],
        ['rejected', null, 'OUT_OF_AREA'],
      ]);
      expect((await server.store.getRecord('household', before.id))?.township).toBe(ANPING_QINGHE);
      expect((await server.store.getRecord('household', after.id))?.township).toBe(ANPING_LIULIN);
      expect((await server.store.getRecord('household', unstamped.id))?.township).toBe(ANPING_LIULIN);
      expect(await server.store.getRecord('household', never.id)).toBeNull();

      // The former township's worker sees it; the moved worker no longer does (L1).
      const ids = async (s: TestSession) => ((await server.pull(s)).json() as PullResponse).records.map((r) => r.id);
      // (Another tablet of wang's: a device's own writes are not echoed to it, L3.)
      const wangElsewhere = await server.login('wang', wang.password);
      expect(await ids(li)).toContain(before.id);
      expect(await ids(li)).not.toContain(after.id);
      expect(await ids(wangElsewhere)).not.toContain(before.id);
      expect(await ids(wangElsewhere)).toContain(after.id);
      const log = await server.store.listAudit({ action: 'sync.former_township', limit: 10 });
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ township: ANPING_QINGHE, recordId: before.id, detail: { seq: 1, currentTownship: ANPING_LIULIN } });

      // A replay answers the first result (P2), marker included.
      expect(((await server.push(back, [before])).json().results as ChangeResult[])[0]).toEqual(results[0]);
    });

    it('a worker who was never moved cannot write into another township by stamping it', async () => {
      const res = await server.push(wang, [stamped(1, ANPING_LIULIN)]);
      expect((res.json().results as ChangeResult[])[0]).toMatchObject({ status: 'rejected', code: 'OUT_OF_AREA' });
      expect(await server.store.listAudit({ action: 'sync.denied', limit: 10 })).toHaveLength(1);
    });
  });
});
