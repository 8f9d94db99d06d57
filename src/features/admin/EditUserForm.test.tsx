import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ANPING, ANPING_LIULIN, ANPING_QINGHE, CITY } from '../../../test/fixtures/areas';
import type { SentRequest } from '../../../test/helpers/fault-fetch';
import { renderInSession, screenRig } from '../../../test/helpers/screen-rig';
import { AdminPage } from './AdminPage';

/**
 * Issue 10 §7: the administrator edits an account on the page, against the real server's account
 * routes (sync-server/src/routes/admin-users.ts) in process (the page used to be tested against a
 * stand-in for the routes). Townships are division codes (test/fixtures/areas.ts).
 */
async function renderAdmin() {
  const rig = await screenRig({ user: null, reference: false });
  await rig.server.addUser({ username: 'admin', password: 'admin-pass-1', displayName: '管理员', role: 'admin' });
  const worker = await rig.server.addUser({ username: 'wangfang', password: 'pass-1234', displayName: '王芳', township: ANPING_QINGHE, county: ANPING });
  // What the page sends that changes something (every request but reads), as the server reads it.
  const sent: { method: string; path: string; body?: unknown }[] = [];
  const observe = (req: SentRequest) => sent.push({ method: req.method, path: req.path, body: req.json });
  rig.net.always((req) => req.method !== 'GET' && req.path.startsWith('/api/admin/'), { kind: 'observe', observe });
  const session = await rig.client.loginOnline('admin', 'admin-pass-1');
  return { ...(await renderInSession(<AdminPage />, { rig, session })), rig, worker, sent };
}

const editForm = (username: string) => screen.getByRole('heading', { name: `编辑账户 ${username}` }).closest('section')!;

describe('editing an account on the administration page', () => {
  it('moves a worker to another township: told beforehand that the sessions end, only what changed is sent', async () => {
    const { user, rig, worker, sent } = await renderAdmin();
    await user.click(await screen.findByRole('button', { name: '编辑账户 wangfang' }));
    const form = editForm('wangfang');
    expect(within(form).getByText(/修改角色、乡镇或县（区）后，该账户在所有平板上的登录立即失效/)).toBeTruthy();
    const picker = within(form).getByLabelText('所属乡镇（街道）') as HTMLSelectElement;
    await waitFor(() => expect(picker.value).toBe(ANPING_QINGHE));
    expect((within(picker).getByRole('option', { name: `清河镇（${ANPING_QINGHE}）` }) as HTMLOptionElement).selected).toBe(true);

    // A worker needs a township: said on the page, nothing sent.
    await user.selectOptions(picker, '');
    await user.click(within(form).getByRole('button', { name: '保存修改' }));
    expect(await within(form).findByText('乡镇工作人员必须选择所属乡镇')).toBeTruthy();
    expect(sent).toEqual([]);

    await user.selectOptions(picker, within(picker).getByRole('option', { name: `柳林乡（${ANPING_LIULIN}）` }));
    await user.click(within(form).getByRole('button', { name: '保存修改' }));
    expect(await screen.findByText('已修改账户 wangfang，其所有登录已失效。')).toBeTruthy();
    expect(sent).toEqual([{ method: 'PATCH', path: `/api/admin/users/${worker.id}`, body: { township: ANPING_LIULIN } }]);
    expect(await rig.server.store.getUserByUsername('wangfang')).toMatchObject({ township: ANPING_LIULIN, county: ANPING });
    const row = screen.getByRole('rowheader', { name: 'wangfang' }).closest('tr')!;
    await waitFor(() => expect(within(row).getByText(ANPING_LIULIN)).toBeTruthy());
    expect(within(row).getByText('柳林乡')).toBeTruthy();
  });

  it('renames (no sign-out said), refuses an empty edit, and resets a password', async () => {
    const { user, worker, sent } = await renderAdmin();
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
    expect(sent).toEqual([
      { method: 'PATCH', path: `/api/admin/users/${worker.id}`, body: { displayName: '王芳芳' } },
      { method: 'POST', path: `/api/admin/users/${worker.id}/password`, body: { password: 'new-secret-9' } },
    ]);
    expect((within(form).getByLabelText('新密码') as HTMLInputElement).value).toBe('');
  });

  it('marks a retired township on the account and does not offer it; makes a worker a city supervisor', async () => {
    const { user, rig, worker, sent } = await renderAdmin();
    // 清河镇 of 安平县 merged into 柳林乡: retired with its successor, never deleted (domain/areas.md).
    await rig.server.store.retireDivision(ANPING_QINGHE, ANPING_LIULIN, '2024-06-01T00:00:00.000Z');
    await user.click(screen.getByRole('button', { name: '刷新' }));
    const row = (await screen.findByRole('rowheader', { name: 'wangfang' })).closest('tr')!;
    await waitFor(() => expect(within(row).getByText('（已停用）')).toBeTruthy());
    await user.click(within(row).getByRole('button', { name: '编辑账户 wangfang' }));
    const picker = within(editForm('wangfang')).getByLabelText('所属乡镇（街道）');
    // Held, so shown (marked); another account could not be put there.
    expect(within(picker).getByRole('option', { name: `清河镇（${ANPING_QINGHE}） （已停用）` })).toBeTruthy();
    const create = screen.getByRole('heading', { name: '新建账户' }).closest('form')!;
    expect(within(within(create).getByLabelText('所属乡镇（街道）')).queryByRole('option', { name: new RegExp(ANPING_QINGHE) })).toBeNull();

    const form = editForm('wangfang');
    await user.selectOptions(within(form).getByLabelText('角色'), '县级审核人员');
    await user.selectOptions(within(form).getByLabelText('管辖区域'), CITY);
    await user.click(within(form).getByRole('button', { name: '保存修改' }));
    expect(await screen.findByText('已修改账户 wangfang，其所有登录已失效。')).toBeTruthy();
    expect(sent).toEqual([{ method: 'PATCH', path: `/api/admin/users/${worker.id}`, body: { role: 'supervisor', county: CITY } }]);
    expect(await rig.server.store.getUserByUsername('wangfang')).toMatchObject({ role: 'supervisor', township: null, county: CITY });
  });

  it('shows the server’s refusal to demote the last administrator', async () => {
    const { user } = await renderAdmin();
    await user.click(await screen.findByRole('button', { name: '编辑账户 admin' }));
    const form = editForm('admin');
    await user.selectOptions(within(form).getByLabelText('角色'), '县级审核人员');
    await user.selectOptions(within(form).getByLabelText('管辖区域'), ANPING);
    await user.click(within(form).getByRole('button', { name: '保存修改' }));
    expect((await within(form).findByRole('alert')).textContent).toContain('至少要保留一个启用的管理员账户');
  });
});
