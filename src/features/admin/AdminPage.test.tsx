import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ANPING, ANPING_LIULIN, ANPING_QINGHE, CITY, DONGFENG_QINGHE } from '../../../test/fixtures/areas';
import { household } from '../../../test/helpers/household-fixtures';
import { ManualClock } from '../../../test/helpers/manual-env';
import { renderInSession, screenRig, TEST_NOW } from '../../../test/helpers/screen-rig';
import type { Role } from '../../shared/protocol/messages';
import { AdminPage } from './AdminPage';

/**
 * The administration page against the real server's administration routes, in process: an
 * administrator on this tablet; a worker, wangfang, who logged in on 一号平板 yesterday and revealed an
 * ID number half an hour later (the page used to be tested against a stand-in for the routes).
 */
async function renderAdmin(opts: { role?: Role; online?: boolean; lang?: 'en' } = {}) {
  const clock = new ManualClock(Date.parse('2024-06-20T01:00:00.000Z'));
  const rig = await screenRig({ clock, user: null, reference: false });
  await rig.server.addUser({ username: 'admin', password: 'admin-pass-1', displayName: '管理员', role: 'admin' });
  const worker = await rig.server.addUser({ username: 'wangfang', password: 'pass-1234', displayName: '王芳', township: ANPING_QINGHE, county: ANPING });
  const tablet = rig.anotherTablet({ deviceName: '一号平板' });
  const w = await tablet.loginOnline('wangfang', 'pass-1234');
  const hh = household();
  await w.households.save(hh);
  clock.set('2024-06-20T01:29:00.000Z'); // within the worker's session
  await w.privacy.revealIdNumber('household', hh.id);
  await w.housekeepingIdle();
  clock.set(TEST_NOW);
  if (opts.role === 'worker') await rig.server.addUser({ username: 'li', password: 'pass-5678' });
  const session = opts.role === 'worker' ? await rig.client.loginOnline('li', 'pass-5678') : await rig.client.loginOnline('admin', 'admin-pass-1');
  if (opts.online === false) rig.expireSessions();
  const r = await renderInSession(<AdminPage />, { rig, session, lang: opts.lang });
  const adminCalls = () => rig.net.log.filter((c) => c.path.startsWith('/api/admin/'));
  return { ...r, rig, worker, adminCalls };
}

const table = (heading: string) => screen.getByRole('heading', { name: heading }).closest('section')!;

describe('the administration page', () => {
  it('lists accounts with their areas by name, and creates a worker in a township picked from the registry', async () => {
    const { user, rig } = await renderAdmin();
    const users = table('账户');
    expect(await within(users).findByRole('rowheader', { name: 'wangfang' })).toBeTruthy();
    // Areas are shown by name with the code as secondary text (issue 10: names repeat, codes do not).
    const row = within(users).getByRole('rowheader', { name: 'wangfang' }).closest('tr')!;
    await waitFor(() => expect(within(row).getByText('清河镇')).toBeTruthy());
    expect(within(row).getByText(ANPING_QINGHE)).toBeTruthy();
    expect(within(row).getByText('安平县')).toBeTruthy();
    // The administrator cannot disable their own account: no button on that row.
    expect(within(users).queryByRole('button', { name: '停用账户 admin' })).toBeNull();

    await user.type(within(users).getByLabelText('用户名'), 'lisi');
    await user.type(within(users).getByLabelText('姓名'), '李四');
    // The form stops at the server's bound on a display name (50), as the edit form does.
    expect((within(users).getByLabelText('姓名') as HTMLInputElement).maxLength).toBe(50);
    await user.type(within(users).getByLabelText('初始密码'), 'qinghe-river-2026');
    await user.click(within(users).getByRole('button', { name: '创建账户' }));
    expect(await within(users).findByText('乡镇工作人员必须选择所属乡镇')).toBeTruthy();
    expect(await rig.server.store.countUsers()).toBe(2);

    // The township is picked, never typed (issue 10): two 清河镇 are offered apart, under their counties.
    const picker = within(users).getByLabelText('所属乡镇（街道）') as HTMLSelectElement;
    expect(picker.tagName).toBe('SELECT');
    expect(within(picker).getByRole('group', { name: '安平县（130101000000）' })).toBeTruthy();
    expect(within(picker).getByRole('option', { name: `清河镇（${DONGFENG_QINGHE}）` })).toBeTruthy();
    await user.selectOptions(picker, within(picker).getByRole('option', { name: `柳林乡（${ANPING_LIULIN}）` }));
    await user.click(within(users).getByRole('button', { name: '创建账户' }));
    expect(await screen.findByText('已创建账户 lisi')).toBeTruthy();
    expect(await rig.server.store.getUserByUsername('lisi')).toMatchObject({ username: 'lisi', displayName: '李四', role: 'worker', township: ANPING_LIULIN, county: ANPING });
    expect(await within(users).findByRole('rowheader', { name: 'lisi' })).toBeTruthy();
  });

  it('refuses a weak password before sending it, and says why (issue 11 §4)', async () => {
    const { user, rig } = await renderAdmin();
    const users = table('账户');
    await user.type(within(users).getByLabelText('用户名'), 'lisi');
    await user.selectOptions(within(users).getByLabelText('所属乡镇（街道）'), ANPING_LIULIN);
    await user.type(within(users).getByLabelText('初始密码'), '1234567890');
    await user.click(within(users).getByRole('button', { name: '创建账户' }));
    expect(await within(users).findByText('初始密码：这是常见密码或与常见密码相近，请换一个')).toBeTruthy();
    await user.clear(within(users).getByLabelText('初始密码'));
    await user.type(within(users).getByLabelText('初始密码'), 'qwertyuiopasdf');
    await user.click(within(users).getByRole('button', { name: '创建账户' }));
    expect(await within(users).findByText(/^初始密码：/)).toBeTruthy();
    expect(await rig.server.store.countUsers()).toBe(2);
  });

  it('shows the server’s refusal of a taken user name', async () => {
    const { user } = await renderAdmin();
    const users = table('账户');
    await user.type(within(users).getByLabelText('用户名'), 'wangfang');
    await user.type(within(users).getByLabelText('初始密码'), 'qinghe-river-2026');
    await user.selectOptions(within(users).getByLabelText('角色'), '县级审核人员');
    // A supervisor's area: a county, or a city or province (SPEC A9); townships are not offered.
    const area = within(users).getByLabelText('管辖区域');
    expect(within(area).queryByRole('option', { name: `柳林乡（${ANPING_LIULIN}）` })).toBeNull();
    expect(within(area).getByRole('option', { name: `测试市（${CITY}）` })).toBeTruthy();
    await user.selectOptions(area, ANPING);
    await user.click(within(users).getByRole('button', { name: '创建账户' }));
    expect((await within(users).findByRole('alert')).textContent).toContain('该记录已存在');
  });

  it('disables and enables an account', async () => {
    const { user, rig } = await renderAdmin();
    await user.click(await screen.findByRole('button', { name: '停用账户 wangfang' }));
    expect(await screen.findByRole('button', { name: '启用账户 wangfang' })).toBeTruthy();
    expect((await rig.server.store.getUserByUsername('wangfang'))!.disabled).toBe(true);
    expect(within(screen.getByRole('rowheader', { name: 'wangfang' }).closest('tr')!).getByText('已停用')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '启用账户 wangfang' }));
    await waitFor(async () => expect((await rig.server.store.getUserByUsername('wangfang'))!.disabled).toBe(false));
  });

  it('lists each client id with its physical tablet and the account’s name; revokes a lost tablet and restores it', async () => {
    const { user, rig } = await renderAdmin();
    const devices = table('设备');
    const revoke = await within(devices).findByRole('button', { name: '停用设备 一号平板（王芳（wangfang））' });
    const stored = (await rig.server.store.listDevices()).find((d) => d.name === '一号平板')!;
    expect(stored.tabletId).toBeTruthy();
    const row = revoke.closest('tr')!;
    expect(within(row).getByText(stored.id)).toBeTruthy();
    expect(within(row).getByText(stored.tabletId!)).toBeTruthy();
    expect(within(row).getByText('王芳（wangfang）')).toBeTruthy();
    expect(within(row).getByText('清河镇')).toBeTruthy();
    await user.click(revoke);
    expect(await within(devices).findByText('已停用')).toBeTruthy();
    const tablet = async () => (await rig.server.store.listDevices()).find((d) => d.name === '一号平板')!;
    expect((await tablet()).revoked).toBe(true);
    await user.click(within(devices).getByRole('button', { name: '恢复设备 一号平板（王芳（wangfang））' }));
    await waitFor(async () => expect((await tablet()).revoked).toBe(false));
  });

  it('filters the audit log by account, action and days (China time)', async () => {
    const { user, rig, worker, adminCalls } = await renderAdmin();
    const audit = table('审计日志');
    expect(await within(audit).findByRole('cell', { name: '查看完整身份证号' })).toBeTruthy();
    // The real log: wangfang's login, the hand-over signing key her tablet registered at it (SPEC F1) and
    // her reveal, and the administrator's login today (a county account registers no key).
    expect(within(audit).getByText('显示 4 条')).toBeTruthy();
    expect((await rig.server.store.listAudit({ limit: 100 })).map((e) => e.action).sort()).toEqual(['handover.key_registered', 'idnumber.reveal', 'login', 'login']);
    await user.selectOptions(within(audit).getByLabelText('账户'), worker.id);
    await user.selectOptions(within(audit).getByLabelText('操作'), 'login');
    await user.type(within(audit).getByLabelText('开始日期'), '2024-06-20');
    await user.type(within(audit).getByLabelText('结束日期'), '2024-06-20');
    await user.click(within(audit).getByRole('button', { name: '查询' }));
    await waitFor(() => expect(within(audit).getByText('显示 1 条')).toBeTruthy());
    const last = adminCalls().filter((c) => c.method === 'GET' && c.path === '/api/admin/audit').at(-1)!;
    const q = new URLSearchParams(last.search);
    expect(Object.fromEntries(q)).toEqual({
      userId: worker.id, action: 'login', since: '2024-06-19T16:00:00.000Z', until: '2024-06-20T16:00:00.000Z', limit: '100',
    });
  });

  it('is for administrators, online only', async () => {
    await renderAdmin({ role: 'worker' });
    expect(screen.getByText('只有系统管理员可以使用此页面。')).toBeTruthy();
  });

  it('says an online login is needed when the session cannot reach the server', async () => {
    const { adminCalls } = await renderAdmin({ online: false });
    expect(screen.getByText(/系统管理需要联网/)).toBeTruthy();
    expect(adminCalls()).toEqual([]);
  });

  it('in English', async () => {
    await renderAdmin({ lang: 'en' });
    expect(await screen.findByRole('button', { name: 'Disable account wangfang' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Audit log' })).toBeTruthy();
  });
});
