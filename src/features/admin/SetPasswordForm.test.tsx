import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderInSession, screenRig } from '../../../test/helpers/screen-rig';
import { verifyPassword } from '../../../sync-server/src/auth/password';
import { adminApi, type AdminUser } from './admin-api';
import { SetPasswordForm } from './SetPasswordForm';

// The administrator resets a worker's password on the real server in process: the page checks the
// password policy first (issue 11 §4), as the create form does, and says why instead of sending.
describe('SetPasswordForm', () => {
  it('refuses a common password on the page with the reason, sends nothing; a good one is set on the server', async () => {
    const rig = await screenRig({ user: { username: 'root', password: 'root-password-1', role: 'admin', township: null, county: null } });
    const target = await rig.server.addUser({ username: 'zhao', password: 'zhao-password-1' });
    const session = await rig.client.loginOnline('root', 'root-password-1');
    const done: AdminUser[] = [];
    const account = { id: target.id, username: 'zhao', displayName: 'zhao', role: 'worker', township: null, county: null, disabled: false, createdAt: '' } as unknown as AdminUser;
    const { user } = await renderInSession(<SetPasswordForm api={adminApi(session.request)} user={account} onDone={(u) => done.push(u)} />, { rig, session });
    const sent = () => rig.net.log.filter((r) => r.path === `/api/admin/users/${target.id}/password`);

    await user.type(screen.getByLabelText('新密码'), '1234567890');
    await user.click(screen.getByRole('button', { name: '重设密码' }));
    expect((await screen.findByRole('alert')).textContent).toBe('新密码：这是常见密码或与常见密码相近，请换一个');
    expect(sent()).toEqual([]);

    await user.clear(screen.getByLabelText('新密码'));
    await user.type(screen.getByLabelText('新密码'), 'liulin-hills-2026');
    await user.click(screen.getByRole('button', { name: '重设密码' }));
    // The button reads 重设密码 again once the request is done (the form's title reads the same: ask for the button).
    await screen.findByRole('button', { name: '重设密码' });
    await expect.poll(() => done.length).toBe(1);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(sent().map((r) => r.status)).toEqual([200]);
    const stored = await rig.server.store.getUserByUsername('zhao');
    expect(await verifyPassword('liulin-hills-2026', stored!.passwordHash)).toBe(true);
  });
});
