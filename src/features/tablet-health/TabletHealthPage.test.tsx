import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clientRig, type ClientRig } from '../../../test/helpers/client-rig';
import { household } from '../../../test/helpers/household-fixtures';
import { TEST_COUNTY } from '../../../test/helpers/in-process-server';
import { ManualClock } from '../../../test/helpers/manual-env';
import { renderInSession } from '../../../test/helpers/screen-rig';
import { TabletHealthPage } from './TabletHealthPage';

const HOUR = 3_600_000;
const health = { tabletHealth: { heartbeatMs: 10 * 60_000, appVersion: '0.1.0', storage: { persisted: async () => true, estimate: async () => ({ usage: 100, quota: 1000 }) } } };

/** Waits until the server holds `n` reports (the tablets send them after their own sync, not awaited). */
async function reports(rig: ClientRig, n: number) {
  await waitFor(async () => expect((await rig.server.store.listTabletHealth()).length).toBe(n));
}

/**
 * The county's tablets on the real server: 王芳's tablet reported two records waiting and then went
 * dark for 30 hours; 李明's synced just now. A supervisor of the county opens the page.
 */
async function open(lang: 'zh-CN' | 'en' = 'zh-CN') {
  const rig = await clientRig({ clock: new ManualClock(Date.parse('2025-07-01T00:00:00.000Z')) });
  await rig.server.addUser({ username: 'wang', password: 'pw-wang', displayName: '王芳' });
  await rig.server.addUser({ username: 'li', password: 'pw-li', displayName: '李明' });
  await rig.server.addUser({ username: 'zhao', password: 'pw-zhao', role: 'supervisor', township: null, county: TEST_COUNTY });
  const wang = await rig.anotherTablet(health).loginOnline('wang', 'pw-wang');
  await wang.sync.syncNow();
  await wang.households.save(household());
  await wang.households.save(household());
  await reports(rig, 1);
  rig.timers.advance(10 * 60_000); // the heartbeat: two records waiting
  await waitFor(async () => expect((await rig.server.store.listTabletHealth())[0]?.pendingRecords).toBe(2));
  rig.clock.advance(30 * HOUR); // the tablet goes dark (the clock moves, its timers do not fire)
  const li = await rig.anotherTablet(health).loginOnline('li', 'pw-li');
  await li.sync.syncNow();
  await reports(rig, 2);
  const session = await rig.client.loginOnline('zhao', 'pw-zhao');
  const r = await renderInSession(<TabletHealthPage />, { rig, session, lang });
  return { ...r, rig };
}

describe('the tablets’ sync health page', { timeout: 30_000 }, () => {
  it('[H5] lists the tablet that has not synced for over N hours while holding records first, with its waiting count; N can be changed', async () => {
    const { user } = await open();
    const table = await screen.findByRole('table', { name: '平板同步状况，按风险排序' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['王芳', '李明']);
    const first = within(rows[0]!);
    expect(first.getByText('超过 24 小时未同步')).toBeTruthy();
    expect(rows[0]!.querySelector('td[data-label="待上传记录"]')!.textContent).toBe('2');
    expect(rows[0]!.querySelector('td[data-label="最近成功同步"]')!.textContent).toBe('30 小时前');
    expect(rows[0]!.querySelector('td[data-label="乡镇"]')!.textContent).not.toBe('');
    expect(within(rows[1]!).getByText('正常')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('其中 1 台超过 24 小时');

    const hours = screen.getByRole('spinbutton', { name: /超过多少小时未同步/ });
    await user.clear(hours);
    await user.type(hours, '48');
    await user.click(screen.getByRole('button', { name: '刷新' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('其中 0 台超过 48 小时'));
    const after = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(within(after[0]!).queryByText(/未同步/)).toBeNull();
    expect(within(after[0]!).getByText('有待上传记录')).toBeTruthy();
  });

  it('in English, with every column labelled for the narrow-screen cards', async () => {
    await open('en');
    const table = await screen.findByRole('table', { name: 'Tablet sync health, most at risk first' });
    const cells = table.querySelectorAll('tbody td, tbody th');
    expect([...cells].every((c) => (c.getAttribute('data-label') ?? '') !== '')).toBe(true);
    expect(within(table).getByText('Not synced for over 24 h')).toBeTruthy();
    expect(screen.getByRole('spinbutton', { name: /Hours without a sync/ })).toBeTruthy();
  });
});
