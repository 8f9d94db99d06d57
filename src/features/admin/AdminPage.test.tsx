import '../../app/test-env';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderInSession } from '../../app/test-render';
import { createTestClient } from '../../app/test-client';
import { AppError, type UnlockedSession } from '../../db/contracts';
import type { Role } from '../../shared/protocol/messages';
import { AdminPage } from './AdminPage';
import type { AdminDevice, AdminUser, AuditEntry } from './admin-api';

/**
 * A stand-in for the server's administration API (sync-server/src/routes/admin-*.ts): the page is
 * tested against the routes' shapes; the routes themselves are tested with app.inject, and the page
 * against the real server in Chromium (test/e2e/security-disabled-user.test.ts).
 */
function fakeAdminServer() {
  const users: AdminUser[] = [
    { id: 'u-admin', username: 'admin', displayName: '管理员', role: 'admin', township: null, county: null, disabled: false, createdAt: '2024-06-01T00:00:00.000Z' },
    { id: 'u-wang', username: 'wangfang', displayName: '王芳', role: 'worker', township: '清河镇', county: '安平县', disabled: false, createdAt: '2024-06-02T00:00:00.000Z' },
  ];
  const devices: AdminDevice[] = [
    { id: 'dev-0001-aaaa', userId: 'u-wang', name: '一号平板', revoked: false, lastSeen: '2024-06-21T01:00:00.000Z', username: 'wangfang', township: '清河镇' },
  ];
  const audit: AuditEntry[] = [
    { id: 2, at: '2024-06-21T01:30:00.000Z', userId: 'u-wang', deviceId: 'dev-0001-aaaa', township: '清河镇', action: 'idnumber.reveal', entity: 'household', recordId: 'hh-0001', detail: { reportedAt: '2024-06-21T01:29:00.000Z' } },
    { id: 1, at: '2024-06-20T01:00:00.000Z', userId: 'u-wang', deviceId: 'dev-0001-aaaa', township: '清河镇', action: 'login', entity: null, recordId: null, detail: {} },
  ];
  const calls: string[] = [];
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    calls.push(`${method} ${path}`);
    const url = new URL(path, 'http://x');
    const m = /^\/api\/admin\/(users|devices)\/([^/]+)\/(\w+)$/.exec(url.pathname);
    if (method === 'GET' && url.pathname === '/api/admin/users') return { users: structuredClone(users) } as T;
    if (method === 'GET' && url.pathname === '/api/admin/devices') return { devices: structuredClone(devices) } as T;
    if (method === 'GET' && url.pathname === '/api/admin/audit') {
      const q = url.searchParams;
      const entries = audit.filter((e) => (!q.get('action') || e.action === q.get('action')) && (!q.get('userId') || e.userId === q.get('userId')));
      return { entries, nextBefore: null } as T;
    }
    if (method === 'POST' && url.pathname === '/api/admin/users') {
      const b = body as { username: string; role: Role; township: string | null; county: string | null; displayName?: string };
      if (users.some((u) => u.username === b.username)) throw new AppError('ALREADY_EXISTS');
      const u: AdminUser = { id: `u-${b.username}`, username: b.username, displayName: b.displayName ?? b.username, role: b.role, township: b.township, county: b.county, disabled: false, createdAt: '2024-06-21T02:00:00.000Z' };
      users.push(u);
      return { user: u } as T;
    }
    if (method === 'POST' && m?.[1] === 'users') {
      const u = users.find((x) => x.id === decodeURIComponent(m[2]!))!;
      u.disabled = m[3] === 'disable';
      return { user: u } as T;
    }
    if (method === 'POST' && m?.[1] === 'devices') {
      const d = devices.find((x) => x.id === decodeURIComponent(m[2]!))!;
      d.revoked = m[3] === 'revoke';
      return { device: d } as T;
    }
    throw new AppError('NOT_FOUND');
  }
  return { users, devices, calls, request };
}

async function renderAdmin(opts: { role?: Role; online?: boolean } = {}) {
  const server = fakeAdminServer();
  const client = createTestClient();
  const base = await client.loginOnline('wang', 'pass-1234');
  const session: UnlockedSession = {
    ...base,
    user: { ...base.user, id: 'u-admin', username: 'admin', role: opts.role ?? 'admin' },
    online: () => opts.online ?? true,
    request: server.request,
  };
  const r = await renderInSession(<AdminPage />, { client, session });
  return { ...r, server };
}

const table = (heading: string) => screen.getByRole('heading', { name: heading }).closest('section')!;

describe('the administration page', () => {
  it('lists accounts, and creates a worker with role, township and county', async () => {
    const { user, server } = await renderAdmin();
    const users = table('账户');
    expect(await within(users).findByRole('rowheader', { name: 'wangfang' })).toBeTruthy();
    // The administrator cannot disable their own account: no button on that row.
    expect(within(users).queryByRole('button', { name: '停用账户 admin' })).toBeNull();

    await user.type(within(users).getByLabelText('用户名'), 'lisi');
    await user.type(within(users).getByLabelText('姓名'), '李四');
    await user.type(within(users).getByLabelText('初始密码'), 'qinghe-river-2026');
    await user.click(within(users).getByRole('button', { name: '创建账户' }));
    expect(await within(users).findByText('乡镇工作人员必须填写乡镇')).toBeTruthy();
    expect(server.users).toHaveLength(2);

    await user.type(within(users).getByLabelText('乡镇'), '柳林乡');
    await user.type(within(users).getByLabelText('县（区）'), '安平县');
    await user.click(within(users).getByRole('button', { name: '创建账户' }));
    expect(await screen.findByText('已创建账户 lisi')).toBeTruthy();
    expect(server.users.at(-1)).toMatchObject({ username: 'lisi', displayName: '李四', role: 'worker', township: '柳林乡', county: '安平县' });
    expect(await within(users).findByRole('rowheader', { name: 'lisi' })).toBeTruthy();
  });

  it('refuses a weak password before sending it, and says why (issue 11 §4)', async () => {
    const { user, server } = await renderAdmin();
    const users = table('账户');
    await user.type(within(users).getByLabelText('用户名'), 'lisi');
    await user.type(within(users).getByLabelText('乡镇'), '柳林乡');
    await user.type(within(users).getByLabelText('初始密码'), '1234567890');
    await user.click(within(users).getByRole('button', { name: '创建账户' }));
    expect(await within(users).findByText('初始密码：这是常见密码或与常见密码相近，请换一个')).toBeTruthy();
    await user.clear(within(users).getByLabelText('初始密码'));
    await user.type(within(users).getByLabelText('初始密码'), 'qwertyuiopasdf');
    await user.click(within(users).getByRole('button', { name: '创建账户' }));
    expect(await within(users).findByText(/^初始密码：/)).toBeTruthy();
    expect(server.users).toHaveLength(2);
  });

  it('shows the server’s refusal of a taken user name', async () => {
    const { user } = await renderAdmin();
    const users = table('账户');
    await user.type(within(users).getByLabelText('用户名'), 'wangfang');
    await user.type(within(users).getByLabelText('初始密码'), 'qinghe-river-2026');
    await user.selectOptions(within(users).getByLabelText('角色'), '县级审核人员');
    await user.type(within(users).getByLabelText('县（区）'), '安平县');
    await user.click(within(users).getByRole('button', { name: '创建账户' }));
    expect((await within(users).findByRole('alert')).textContent).toContain('该记录已存在');
  });

  it('disables and enables an account', async () => {
    const { user, server } = await renderAdmin();
    await user.click(await screen.findByRole('button', { name: '停用账户 wangfang' }));
    expect(await screen.findByRole('button', { name: '启用账户 wangfang' })).toBeTruthy();
    expect(server.users[1]!.disabled).toBe(true);
    expect(within(screen.getByRole('rowheader', { name: 'wangfang' }).closest('tr')!).getByText('已停用')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '启用账户 wangfang' }));
    await waitFor(() => expect(server.users[1]!.disabled).toBe(false));
  });

  it('revokes a lost tablet and restores it', async () => {
    const { user, server } = await renderAdmin();
    const devices = table('设备');
    await user.click(await within(devices).findByRole('button', { name: '停用设备 一号平板（wangfang）' }));
    expect(await within(devices).findByText('已停用')).toBeTruthy();
    expect(server.devices[0]!.revoked).toBe(true);
    await user.click(within(devices).getByRole('button', { name: '恢复设备 一号平板（wangfang）' }));
    await waitFor(() => expect(server.devices[0]!.revoked).toBe(false));
  });

  it('filters the audit log by account, action and days (China time)', async () => {
    const { user, server } = await renderAdmin();
    const audit = table('审计日志');
    expect(await within(audit).findByRole('cell', { name: '查看完整身份证号' })).toBeTruthy();
    expect(within(audit).getByText('显示 2 条')).toBeTruthy();
    await user.selectOptions(within(audit).getByLabelText('账户'), 'u-wang');
    await user.selectOptions(within(audit).getByLabelText('操作'), 'login');
    await user.type(within(audit).getByLabelText('开始日期'), '2024-06-20');
    await user.type(within(audit).getByLabelText('结束日期'), '2024-06-20');
    await user.click(within(audit).getByRole('button', { name: '查询' }));
    await waitFor(() => expect(within(audit).getByText('显示 1 条')).toBeTruthy());
    const last = server.calls.filter((c) => c.startsWith('GET /api/admin/audit')).at(-1)!;
    const q = new URL(last.slice(4), 'http://x').searchParams;
    expect(Object.fromEntries(q)).toEqual({
      userId: 'u-wang', action: 'login', since: '2024-06-19T16:00:00.000Z', until: '2024-06-20T16:00:00.000Z', limit: '100',
    });
  });

  it('is for administrators, online only', async () => {
    await renderAdmin({ role: 'worker' });
    expect(screen.getByText('只有系统管理员可以使用此页面。')).toBeTruthy();
  });

  it('says an online login is needed when the session cannot reach the server', async () => {
    const { server } = await renderAdmin({ online: false });
    expect(screen.getByText(/系统管理需要联网/)).toBeTruthy();
    expect(server.calls).toEqual([]);
  });

  it('in English', async () => {
    const server = fakeAdminServer();
    const client = createTestClient();
    const base = await client.loginOnline('wang', 'pass-1234');
    await renderInSession(<AdminPage />, { client, lang: 'en', session: { ...base, user: { ...base.user, role: 'admin' }, request: server.request } });
    expect(await screen.findByRole('button', { name: 'Disable account wangfang' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Audit log' })).toBeTruthy();
  });
});
