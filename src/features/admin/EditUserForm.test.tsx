import '../../app/test-env';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderInSession } from '../../app/test-render';
import { createTestClient } from '../../app/test-client';
import { AppError, type UnlockedSession } from '../../db/contracts';
import { AdminPage } from './AdminPage';
import type { AccountEdit, AdminUser } from './admin-api';

/**
 * Issue 10 §7: the administrator edits an account on the page. A stand-in for the routes' shapes
 * (sync-server/src/routes/admin-users.ts), as in AdminPage.test.tsx: the server's rules are tested with
 * app.inject (sync-server/test/account-changes.test.ts); the page against the real server in Chromium
 * (test/e2e/account-changes.test.ts). (jsdom cannot host the server: vite rewrites its
 * `new URL('./migrations/', import.meta.url)` for the browser.)
 */
function standIn() {
  const users: AdminUser[] = [
    { id: 'u-admin', username: 'admin', displayName: '管理员', role: 'admin', township: null, county: null, disabled: false, createdAt: '2024-06-01T00:00:00.000Z' },
    { id: 'u-wang', username: 'wangfang', displayName: '王芳', role: 'worker', township: '清河镇', county: '安平县', disabled: false, createdAt: '2024-06-02T00:00:00.000Z' },
  ];
  const sent: { method: string; path: string; body?: unknown }[] = [];
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    sent.push({ method, path, body });
    if (method === 'GET' && path === '/api/admin/users') return { users: structuredClone(users) } as T;
    if (method === 'GET' && path === '/api/admin/devices') return { devices: [] } as T;
    if (method === 'GET' && path.startsWith('/api/admin/audit')) return { entries: [], nextBefore: null } as T;
    const m = /^\/api\/admin\/users\/([^/]+)(\/password)?$/.exec(path);
    const u = m && users.find((x) => x.id === decodeURIComponent(m[1]!));
    if (!u) throw new AppError('NOT_FOUND');
    if (method === 'POST' && m![2]) return { user: u } as T;
    if (method === 'PATCH') {
      const edit = body as AccountEdit;
      if (u.role === 'admin' && edit.role && edit.role !== 'admin') throw new AppError('LAST_ADMIN', 'last');
      Object.assign(u, edit);
      return { user: u } as T;
    }
    throw new AppError('NOT_FOUND');
  }
  return { users, sent, request };
}

async function renderAdmin() {
  const server = standIn();
  const client = createTestClient();
  const base = await client.loginOnline('wang', 'pass-1234');
  const session: UnlockedSession = { ...base, user: { ...base.user, id: 'u-admin', username: 'admin', role: 'admin' }, online: () => true, request: server.request };
  return { ...(await renderInSession(<AdminPage />, { client, session })), server };
}

const editForm = (username: string) => screen.getByRole('heading', { name: `编辑账户 ${username}` }).closest('section')!;
const changes = (server: ReturnType<typeof standIn>) => server.sent.filter((c) => c.method !== 'GET');

describe('editing an account on the administration page', () => {
  it('moves a worker to another township: told beforehand that the sessions end, only what changed is sent', async () => {
    const { user, server } = await renderAdmin();
    await user.click(await screen.findByRole('button', { name: '编辑账户 wangfang' }));
    const form = editForm('wangfang');
    expect(within(form).getByText(/修改角色、乡镇或县（区）后，该账户在所有平板上的登录立即失效/)).toBeTruthy();
    expect((within(form).getByLabelText('乡镇') as HTMLInputElement).value).toBe('清河镇');

    // A worker needs a township: said on the page, nothing sent.
    await user.clear(within(form).getByLabelText('乡镇'));
    await user.click(within(form).getByRole('button', { name: '保存修改' }));
    expect(await within(form).findByText('乡镇工作人员必须填写乡镇')).toBeTruthy();
    expect(changes(server)).toEqual([]);

    await user.type(within(form).getByLabelText('乡镇'), '柳林乡');
    await user.click(within(form).getByRole('button', { name: '保存修改' }));
    expect(await screen.findByText('已修改账户 wangfang，其所有登录已失效。')).toBeTruthy();
    expect(changes(server)).toEqual([{ method: 'PATCH', path: '/api/admin/users/u-wang', body: { township: '柳林乡' } }]);
    const row = screen.getByRole('rowheader', { name: 'wangfang' }).closest('tr')!;
    await waitFor(() => expect(within(row).getByText('柳林乡')).toBeTruthy());
  });

  it('renames (no sign-out said), refuses an empty edit, and resets a password', async () => {
    const { user, server } = await renderAdmin();
    await user.click(await screen.findByRole('button', { name: '编辑账户 wangfang' }));
    const form = editForm('wangfang');
    await user.click(within(form).getByRole('button', { name: '保存修改' }));
    expect(await within(form).findByText('没有修改任何内容。')).toBeTruthy();
    await user.clear(within(form).getByLabelText('姓名'));
    await user.type(within(form).getByLabelText('姓名'), '王芳芳');
    await user.click(within(form).getByRole('button', { name: '保存修改' }));
    expect(await screen.findByText('已修改账户 wangfang')).toBeTruthy();

    await user.type(within(form).getByLabelText('新密码'), 'new-secret-9');
    await user.click(within(form).getByRole('button', { name: '重设密码' }));
    expect(await screen.findByText('已重设账户 wangfang 的密码，其所有登录已失效。')).toBeTruthy();
    expect(changes(server)).toEqual([
      { method: 'PATCH', path: '/api/admin/users/u-wang', body: { displayName: '王芳芳' } },
      { method: 'POST', path: '/api/admin/users/u-wang/password', body: { password: 'new-secret-9' } },
    ]);
    expect((within(form).getByLabelText('新密码') as HTMLInputElement).value).toBe('');
  });

  it('shows the server’s refusal to demote the last administrator', async () => {
    const { user } = await renderAdmin();
    await user.click(await screen.findByRole('button', { name: '编辑账户 admin' }));
    const form = editForm('admin');
    await user.selectOptions(within(form).getByLabelText('角色'), '县级审核人员');
    await user.type(within(form).getByLabelText('县（区）'), '安平县');
    await user.click(within(form).getByRole('button', { name: '保存修改' }));
    expect((await within(form).findByRole('alert')).textContent).toContain('至少要保留一个启用的管理员账户');
  });
});
