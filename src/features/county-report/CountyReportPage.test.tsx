import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { clientRig } from '../../../test/helpers/client-rig';
import { TEST_COUNTY } from '../../../test/helpers/in-process-server';
import { ManualClock } from '../../../test/helpers/manual-env';
import { ENTITLEMENTS, EVENT_ID, FAKE_PNG, RIG_NOW_ISO, shelterHousehold, SITE_A, SITE_B, TOWNSHIP } from '../../../test/helpers/relief-fixtures';
import { renderInSession } from '../../../test/helpers/screen-rig';
import { CountyReportPage } from './CountyReportPage';

/**
 * The county office's page against the real server's report and flag routes: two workers on two
 * tablets each register the same head of household and hand out quilts in round 1, so the server flags a
 * double hand-out; a supervisor of the county opens the page on a third tablet (the page used to get a
 * made-up report and flag from stubbed functions).
 */
async function open(online = true) {
  const rig = await clientRig({ clock: new ManualClock(Date.parse(RIG_NOW_ISO)) });
  await rig.server.addUser({ username: 'wang', password: 'pw-wang', displayName: '王芳' });
  await rig.server.addUser({ username: 'li', password: 'pw-li', displayName: '李明' });
  await rig.server.addUser({ username: 'zhao', password: 'pw-zhao', role: 'supervisor', township: null, county: TEST_COUNTY });
  await rig.server.putReference('event', { id: EVENT_ID, name: '6·30 洪灾', hazard: 'flood', startDate: '2025-06-30', townships: [TOWNSHIP], status: 'active' });
  for (const site of [SITE_A, SITE_B]) await rig.server.putReference('site', { ...site });
  for (const e of ENTITLEMENTS) await rig.server.putReference('entitlement', { ...e });
  for (const [username, siteId] of [['wang', SITE_A.id], ['li', SITE_B.id]] as const) {
    const s = await rig.anotherTablet().loginOnline(username, `pw-${username}`);
    await s.sync.syncNow();
    const { id } = await s.households.save(shelterHousehold({ shelterSiteId: siteId }));
    const { sha256 } = await s.attachments.add(`relief-${id}`, FAKE_PNG, 'image/png');
    await s.relief.save({
      eventId: EVENT_ID, householdId: id, at: '2025-07-01T06:00:00.000Z', issuingOfficer: username, round: 1,
      item: { category: 'goods', kind: 'quilt' }, quantity: 2, unit: '床', cashValue: 100, payment: 'in-kind',
      recipient: { confirmation: 'signature', attachmentSha256: sha256 },
    }, { confirmRepeat: true }); // the second tablet sees the first hand-out: its worker confirms the repeat
    await s.sync.syncNow();
  }
  const flag = (await rig.server.records('flag')).map((r) => ({ id: r.id, ...(r.fields as { key: string; kind: string }) })).find((f) => f.kind === 'double-handout');
  const session = await rig.client.loginOnline('zhao', 'pw-zhao');
  await session.sync.syncNow(); // the events arrive with the first sync
  if (!online) rig.expireSessions();
  // The real functions, watched: what the page asks of the server.
  const county = {
    report: vi.spyOn(session.county, 'report'),
    download: vi.spyOn(session.county, 'download'),
    resolveFlag: vi.spyOn(session.county, 'resolveFlag'),
  };
  const r = await renderInSession(<CountyReportPage />, { rig, session });
  return { ...r, rig, county, flag: flag! };
}

describe('the county report page', { timeout: 30_000 }, () => {
  it('shows the report by township and in total, downloads the files and resolves a flag with a reason', async () => {
    URL.createObjectURL = vi.fn(() => 'blob:report');
    URL.revokeObjectURL = vi.fn();
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {}); // jsdom cannot download
    const { user, county, flag, rig } = await open();
    expect(await screen.findByRole('option', { name: '6·30 洪灾' })).toBeTruthy();
    expect((screen.getByLabelText('灾害事件') as HTMLSelectElement).value).toBe(EVENT_ID);
    expect((screen.getByLabelText('统计时间') as HTMLInputElement).value).toBe('2025-07-01T16:00');
    await user.click(screen.getByRole('button', { name: '生成报表' }));
    const table = await screen.findByRole('table', { name: '6·30 洪灾 紧急转移安置与救灾情况（按乡镇）' });
    expect(county.report).toHaveBeenCalledWith(EVENT_ID, RIG_NOW_ISO);
    // A township column is headed by its registry name, with its code under it (issue 10: names repeat).
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['指标', `清河镇${TOWNSHIP}`, '合计']);
    expect(within(within(table).getAllByRole('columnheader')[1]!).getByText(TOWNSHIP).className).toBe('area-code');
    const row = within(table).getByRole('row', { name: /紧急转移安置人口（累计）/ });
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['3', '3']);
    expect(within(table).getByRole('rowheader', { name: '发放棉被（床）' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: '应急统表10（XLSX）' }));
    await waitFor(() => expect(county.download).toHaveBeenCalledWith('form10', 'xlsx', EVENT_ID, RIG_NOW_ISO));
    await waitFor(() => expect(clicked).toHaveBeenCalled());
    expect((clicked.mock.contexts[0] as HTMLAnchorElement).download).toBe('应急统表10-6·30 洪灾.xlsx');

    const flags = screen.getByRole('region', { name: '重复登记与重复发放' });
    // The flag's townships by name, the code beside it.
    const flagRow = (await within(flags).findByRole('button', { name: `处理：${flag.key}` })).closest('tr')!;
    await waitFor(() => expect(within(flagRow).getByText('清河镇')).toBeTruthy());
    await user.click(await within(flags).findByRole('button', { name: `处理：${flag.key}` }));
    await user.click(within(flags).getByRole('button', { name: '提交处理' }));
    expect(within(flags).getByText('请填写理由')).toBeTruthy();
    await user.click(within(flags).getByLabelText('合并（确为同一户或同一次发放）'));
    await user.type(within(flags).getByLabelText('理由'), '同一户，已收回');
    await user.click(within(flags).getByRole('button', { name: '提交处理' }));
    await waitFor(() => expect(county.resolveFlag).toHaveBeenCalledWith(flag.id, 'merge', '同一户，已收回'));
    await waitFor(async () => expect((await rig.server.store.getRecord('flag', flag.id))?.fields).toMatchObject({ status: 'resolved' }));
  });

  it('says it needs the network when the session is offline', async () => {
    await open(false);
    expect(screen.getByText('县级统计需要联网，并以在线方式登录。')).toBeTruthy();
  });
});
