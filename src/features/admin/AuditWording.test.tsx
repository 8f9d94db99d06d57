import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderInSession, screenRig } from '../../../test/helpers/screen-rig';
import { AdminPage } from './AdminPage';

/**
 * The administration page on the real client and server: the administrator logs in on 县局办公电脑 (their
 * login is the oldest entry), then the server's log holds the entries below, written to the real store
 * as the server writes them: four reference edits from that device, a flag the server raised on its own,
 * and an assessment from a device the devices list does not know.
 */
async function renderAudit() {
  const rig = await screenRig({ user: null, reference: false, deps: { deviceName: '县局办公电脑' } });
  const admin = await rig.server.addUser({ username: 'admin', password: 'admin-pass-1', displayName: '管理员', role: 'admin' });
  const session = await rig.client.loginOnline('admin', 'admin-pass-1');
  const at = '2024-06-21T01:30:00.000Z';
  const entry = (action: string, deviceId: string | null, entity: string) =>
    rig.server.store.appendAudit({ at, userId: deviceId ? admin.id : null, deviceId, township: null, action, entity, recordId: `${entity}-0001`, detail: null });
  await entry('survey.assessed', 'dev-unknown-123456', 'survey');
  await entry('flag.open', null, 'flag');
  await entry('entitlement.update', session.clientId, 'entitlement');
  await entry('site.create', session.clientId, 'site');
  await entry('event.update', session.clientId, 'event');
  await entry('policy.create', session.clientId, 'policy');
  return renderInSession(<AdminPage />, { rig, session });
}

describe('the audit log in words (issue 13 item 10)', () => {
  it('actions translated, device names instead of ids, no raw codes', async () => {
    const { session } = await renderAudit();
    const section = (await screen.findByRole('heading', { name: '审计日志' })).closest('section')!;
    await within(section).findByText('显示 7 条');
    // The device list loads after the log: wait for the names.
    await within(section).findAllByText('县局办公电脑');
    const rows = within(section).getAllByRole('row').slice(1);
    const col = (name: string) => {
      const headers = within(section).getAllByRole('columnheader').map((h) => h.textContent);
      const i = headers.indexOf(name);
      return rows.map((r) => r.querySelectorAll('td')[i]!.textContent);
    };
    expect(col('操作')).toEqual(['新建救助政策', '修改灾害事件', '新建安置点', '修改发放标准', '发现疑似重复', '完成入户调查评估', '登录']);
    expect(col('设备')).toEqual(['县局办公电脑', '县局办公电脑', '县局办公电脑', '县局办公电脑', '', '设备 …123456', '县局办公电脑']);
    expect(section.textContent).not.toMatch(/policy\.create|survey\.assessed/);
    expect(section.textContent).not.toContain(session.clientId);
    // The 操作 filter offers them too.
    const filter = within(section).getByLabelText('操作') as HTMLSelectElement;
    expect([...filter.options].map((o) => o.text)).toContain('新建救助政策');
  });
});
