import { ANPING_LIULIN as LL, ANPING_QINGHE as QH, DONGFENG_QINGHE as YS } from '../../../test/fixtures/areas';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { referenceServer, renderReferenceAdmin } from '../../../test/helpers/reference-admin-rig';

const FLOOD = { id: 'event-0620-flood', name: '6·20 洪灾', hazard: 'flood', startDate: '2024-06-20', townships: [QH], status: 'active' };
const seeded = () => referenceServer([{ entity: 'event', fields: FLOOD }]);

describe('disaster events on the reference-data page', () => {
  it('creates an event by POST: today, active, the county’s townships from the registry already ticked', async () => {
    const { user, server, token } = await renderReferenceAdmin();
    await user.click(screen.getByRole('button', { name: '新建灾害事件' }));
    const form = await screen.findByRole('form', { name: '新建灾害事件' });
    expect(within(form).getByLabelText('开始日期')).toHaveProperty('value', '2024-06-21');
    expect(within(form).getByLabelText('状态')).toHaveProperty('value', 'active');
    // Townships are picked, never typed (issue 10): grouped by county, each named with its code, so the
    // two 清河镇 are told apart. The administrator's county (安平县) is ticked, the other county is not.
    const townships = within(form).getByRole('group', { name: '受影响乡镇' });
    const anping = within(townships).getByRole('group', { name: '安平县（130101000000）' });
    const dongfeng = within(townships).getByRole('group', { name: '东丰县（130102000000）' });
    expect(within(anping).getByRole('checkbox', { name: `清河镇 ${QH}` })).toHaveProperty('checked', true);
    expect(within(anping).getByRole('checkbox', { name: `柳林乡 ${LL}` })).toHaveProperty('checked', true);
    expect(within(dongfeng).getByRole('checkbox', { name: `清河镇 ${YS}` })).toHaveProperty('checked', false);

    await user.type(within(form).getByLabelText('事件名称'), '7·1 山洪');
    await user.selectOptions(within(form).getByLabelText('灾种'), 'landslide');
    await user.click(within(form).getByRole('button', { name: '保存' }));

    await screen.findByText('已新建：7·1 山洪');
    const [post] = server.writes();
    expect(post).toMatchObject({ method: 'POST', path: '/api/admin/events', authorization: `Bearer ${token}` });
    expect(post!.body).toEqual({ id: 'test-id-0001', name: '7·1 山洪', hazard: 'landslide', startDate: '2024-06-21', townships: [QH, LL], status: 'active' });
    const row = screen.getByRole('cell', { name: '7·1 山洪' }).closest('tr')!;
    // The list names the townships, with their codes as secondary text.
    expect(within(row).getByText('柳林乡')).toBeTruthy();
    expect(within(row).getByText(LL)).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('adds a township of another county by ticking it; a retired one the event names is shown marked until unticked', async () => {
    const server = seeded();
    const { user } = await renderReferenceAdmin({ server });
    await server.rig!.server.store.retireDivision(QH, LL, '2024-06-01T00:00:00.000Z');
    await user.click(screen.getByRole('button', { name: '刷新' }));
    await user.click(await screen.findByRole('button', { name: '编辑 6·20 洪灾' }));
    const form = await screen.findByRole('form', { name: '编辑灾害事件' });
    const townships = within(form).getByRole('group', { name: '受影响乡镇' });
    // Held by the event, so still listed (marked 已停用) and ticked; a retired township is never offered otherwise.
    const retired = await within(townships).findByRole('checkbox', { name: new RegExp(`^清河镇 ${QH}\\s*（已停用）$`) });
    expect(retired).toHaveProperty('checked', true);
    await user.click(within(townships).getByRole('checkbox', { name: `清河镇 ${YS}` }));
    // The server takes only active townships (check-township-codes.ts): the refusal names the field.
    await user.click(within(form).getByRole('button', { name: '保存' }));
    expect((await within(form).findByRole('alert')).textContent).toContain('受影响乡镇：该区划已停用，请改选承继它的区划');
    await user.click(retired);
    expect(within(townships).queryByRole('checkbox', { name: new RegExp(QH) })).toBeNull();
    await user.click(within(form).getByRole('button', { name: '保存' }));
    await screen.findByText('已保存：6·20 洪灾');
    expect(server.writes().map((w) => (w.body as { townships: string[] }).townships)).toEqual([[QH, YS], [YS]]);
  });

  it('edits an event by PUT to its id, and the list shows the new version', async () => {
    const { user, server } = await renderReferenceAdmin({ server: seeded() });
    await user.click(await screen.findByRole('button', { name: '编辑 6·20 洪灾' }));
    const form = screen.getByRole('form', { name: '编辑灾害事件' });
    expect(within(form).getByLabelText('事件名称')).toHaveProperty('value', '6·20 洪灾');
    await user.selectOptions(within(form).getByLabelText('状态'), 'closed');
    await user.type(within(form).getByLabelText('受影响村（可选）'), '河东村\n河西村');
    await user.click(within(form).getByRole('button', { name: '保存' }));

    await screen.findByText('已保存：6·20 洪灾');
    const [put] = server.writes();
    expect(put).toMatchObject({ method: 'PUT', path: `/api/admin/events/${FLOOD.id}` });
    expect(put!.body).toEqual({ ...FLOOD, villages: ['河东村', '河西村'], status: 'closed' });
    const row = screen.getByRole('cell', { name: '6·20 洪灾' }).closest('tr')!;
    expect(within(row).getByText('已结束')).toBeTruthy();
    expect(within(row).getByText('2')).toBeTruthy();
  });

  it('checks the form with the shared schema before sending anything', async () => {
    const { user, server } = await renderReferenceAdmin();
    await user.click(screen.getByRole('button', { name: '新建灾害事件' }));
    const form = await screen.findByRole('form', { name: '新建灾害事件' });
    for (const box of within(within(form).getByRole('group', { name: '受影响乡镇' })).getAllByRole('checkbox', { checked: true })) await user.click(box);
    await user.click(within(form).getByRole('button', { name: '保存' }));
    expect(await within(form).findByText('请更正标出的项目后再保存。')).toBeTruthy();
    expect(within(form).getByLabelText('事件名称').getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByRole('group', { name: '受影响乡镇' }).getAttribute('aria-describedby')).toContain('error');
    expect(within(form).getAllByText('必填')).toHaveLength(2);
    expect(server.writes()).toEqual([]);
  });

  it('shows a refused save by the server’s code, names the field, and keeps what was typed', async () => {
    const server = seeded();
    const { user } = await renderReferenceAdmin({ server });
    await user.click(await screen.findByRole('button', { name: '编辑 6·20 洪灾' }));
    const form = screen.getByRole('form', { name: '编辑灾害事件' });
    await user.clear(within(form).getByLabelText('事件名称'));
    await user.type(within(form).getByLabelText('事件名称'), '6·20 特大洪灾');
    // The real server refuses it (the request arrives with an impossible start date).
    server.refuseNext = 'invalid-start-date';
    await user.click(within(form).getByRole('button', { name: '保存' }));

    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('提交的数据不符合要求。');
    expect(alert.textContent).toContain('开始日期：日期时间无效');
    expect(within(form).getByLabelText('开始日期').getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByLabelText('事件名称')).toHaveProperty('value', '6·20 特大洪灾');

    // The administrator's role was taken away meanwhile: the real server answers FORBIDDEN.
    server.refuseNext = 'forbidden';
    await user.click(within(form).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(within(form).getByRole('alert').textContent).toContain('您的账户无权执行此操作。'));
  });

  it('is for administrators only', async () => {
    await renderReferenceAdmin({ user: { role: 'supervisor' } });
    expect(screen.getByText('只有系统管理员可以使用此页面。')).toBeTruthy();
  });

  it('asks for a network when the session has no token', async () => {
    const r = await renderReferenceAdmin({ online: false });
    expect(screen.getByText(/基础数据管理需要联网/)).toBeTruthy();
    expect(r.server.calls).toEqual([]);
  });

  it('labels every control in English too', async () => {
    const { user } = await renderReferenceAdmin({ lang: 'en' });
    await user.click(screen.getByRole('button', { name: 'New disaster event' }));
    const form = await screen.findByRole('form', { name: 'New disaster event' });
    for (const label of ['Event name', 'Hazard', 'Sub-type (optional)', 'Start date', 'Affected villages (optional)', 'Status']) {
      expect(within(form).getByLabelText(label)).toBeTruthy();
    }
    expect(within(within(form).getByRole('group', { name: 'Affected townships' })).getAllByRole('checkbox').length).toBe(3);
  });
});
