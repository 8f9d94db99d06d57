import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { clientRig } from '../../../test/helpers/client-rig';
import { TEST_COUNTY } from '../../../test/helpers/in-process-server';
import { ManualClock } from '../../../test/helpers/manual-env';
import { ENTITLEMENTS, EVENT_ID, FAKE_PNG, RIG_NOW_ISO, shelterHousehold, SITE_A, SITE_B, TOWNSHIP } from '../../../test/helpers/relief-fixtures';
import { renderInSession } from '../../../test/helpers/screen-rig';
import { paths, type FigureLink } from '../../app/useHashRoute';
import { dayTotals, townshipRows } from './figures';
import { formatDay } from './formats';
import { reliefLines, roundReach } from './relief-figures';
import { DashboardRoutes } from './DashboardRoutes';

/**
 * The event dashboard against the real server (GET /api/dashboard/overview, SPEC D4–D6): two workers on
 * two tablets register the same head of household at two sites and hand out quilts (a double hand-out
 * flag); a supervisor of the county opens the dashboard. The table views must hold the overview's numbers.
 */
async function seed() {
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
    }, { confirmRepeat: true });
    await s.sync.syncNow();
  }
  const session = await rig.client.loginOnline('zhao', 'pw-zhao');
  await session.sync.syncNow(); // the events arrive with the first sync
  return { rig, session };
}

const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((c) => c.textContent);

describe('the event dashboard (issue 16)', { timeout: 60_000 }, () => {
  it('[D4][D5][D6] the table views hold the overview’s numbers; a township links to its records', async () => {
    const { rig, session } = await seed();
    const dashboard = vi.spyOn(session.county, 'dashboard');
    await renderInSession(<DashboardRoutes route={{ name: 'dashboard' }} />, { rig, session });
    const towns = await screen.findByRole('table', { name: '各乡镇紧急转移安置人口、未获救助户数与待处理标记' }, { timeout: 20_000 });
    expect(dashboard).toHaveBeenCalledWith(EVENT_ID, RIG_NOW_ISO, undefined);
    const overview = await session.county.dashboard(EVENT_ID, RIG_NOW_ISO);

    // By township: every figure as the overview has it, and the fixture's own numbers.
    const rows = townshipRows(overview);
    expect(rows.map((r) => r.name)).toEqual(['清河镇']);
    const row = within(towns).getByRole('row', { name: /^查看清河镇的记录/ });
    const r = rows[0]!;
    expect(cells(row)).toEqual([r.cumulative, r.current, r.centralised, r.dispersed, r.households, r.notReached, r.duplicateFlags, r.doubleHandoutFlags].map(String));
    expect(cells(row).slice(0, 4)).toEqual(['3', '3', '3', '0']); // one family of 3 on two tablets, counted once
    expect(r.doubleHandoutFlags).toBe(1);
    expect(r.notReached).toBe(0);
    const link = within(row).getByRole('link', { name: '查看清河镇的记录' });
    expect(link.getAttribute('href')).toBe(paths.dashboardTownship(TOWNSHIP, EVENT_ID));

    // By day: the series summed over townships, dates as 6月30日.
    const series = screen.getByRole('table', { name: '紧急转移安置人口按日统计（全部乡镇）' });
    const days = dayTotals(overview, '2025-06-30');
    expect(days.map((d) => formatDay(d.day, 'zh-CN'))).toEqual(['6月30日', '7月1日']); // the event's first day has no one yet
    expect(days.map((d) => d.current)).toEqual([0, 3]);
    for (const d of days) {
      expect(cells(within(series).getByRole("row", { name: new RegExp(`^查看${formatDay(d.day, "zh-CN")}`) }))).toEqual([d.cumulative, d.current, d.centralised, d.dispersed].map(String));
    }

    // Open sites, overfull first, with occupancy and capacity.
    const sites = screen.getByRole('table', { name: /开放中的集中安置点：人数、容量与人均面积/ });
    expect(within(sites).getAllByRole('rowheader').map((h) => h.textContent)).toEqual(overview.sites.map((s) => s.name));
    for (const s of overview.sites) expect(cells(within(sites).getByRole("row", { name: new RegExp(`^查看${s.name}`) })).slice(1, 3)).toEqual([String(s.people), String(s.capacity)]);

    // The page links to the tablets' sync health.
    expect(screen.getByRole('link', { name: '平板同步状况' }).getAttribute('href')).toBe(paths.tabletHealth);
  });

  it('[D8] relief against the entitlements by township and round, households not reached; the day and site figures link to their records; a start date', async () => {
    const { rig, session } = await seed();
    const dashboard = vi.spyOn(session.county, 'dashboard');
    await renderInSession(<DashboardRoutes route={{ name: 'dashboard' }} />, { rig, session });
    const reachTable = await screen.findByRole('table', { name: '各乡镇各轮次尚未发放救助的安置户' }, { timeout: 20_000 });
    const overview = await session.county.dashboard(EVENT_ID, RIG_NOW_ISO);
    // Round 1: the one family (counted once) got quilts on both tablets: reached, none left.
    const reach = roundReach(overview);
    expect(reach).toEqual([{ township: TOWNSHIP, round: '1', counted: 1, reached: 1, notReached: 0 }]);
    expect(cells(within(reachTable).getByRole('row', { name: /^查看清河镇第 1 轮/ }))).toEqual(['第 1 轮', '1', '1', '0', '100%']);
    // The lines: 2 + 2 quilts (the double hand-out counts: it was handed out), against 4 床 / ¥200 a household.
    const lines = screen.getByRole('table', { name: '各乡镇各轮次发放的款物与救助标准对照' });
    expect(reliefLines(overview).map((l) => [l.kind, l.quantity, l.fen, l.households])).toEqual([['quilt', 4, 20000, 1]]);
    expect(cells(within(lines).getByRole('row', { name: /^清河镇/ }))).toEqual(['第 1 轮', '棉被', '4 床', '200', '1', '4 床 / ¥200', '4 床']);

    // The day series' last day links to the households counted then; the site to those staying there.
    const series = screen.getByRole('table', { name: '紧急转移安置人口按日统计（全部乡镇）' });
    const dayLink = within(series).getByRole('link', { name: '查看7月1日计入的安置户' });
    expect(dayLink.getAttribute('href')).toBe(paths.dashboardRecords(EVENT_ID, { at: RIG_NOW_ISO, day: '2025-07-01' }));
    const firstDay = within(series).getByRole('link', { name: '查看6月30日计入的安置户' });
    expect(firstDay.getAttribute('href')).toBe(paths.dashboardRecords(EVENT_ID, { at: '2025-06-30T15:59:59.999Z', day: '2025-06-30' }));
    const site = overview.sites[0]!;
    expect(screen.getByRole('link', { name: `查看${site.name}的在点安置户` }).getAttribute('href')).toBe(paths.dashboardRecords(EVENT_ID, { at: RIG_NOW_ISO, siteId: site.siteId }));

    // A start date: the series from that day on.
    fireEvent.change(screen.getByLabelText('起始日期'), { target: { value: '2025-07-01' } });
    await waitFor(() => expect(dashboard).toHaveBeenLastCalledWith(EVENT_ID, RIG_NOW_ISO, '2025-07-01'));
    await waitFor(() => expect(within(screen.getByRole('table', { name: '紧急转移安置人口按日统计（全部乡镇）' })).getAllByRole('rowheader').map((h) => h.textContent)).toEqual(['7月1日']));
  });

  it('[D8] the records behind a day’s and a site’s figure, as the server counted them', async () => {
    const { rig, session } = await seed();
    await renderInSession(<DashboardRoutes route={{ name: 'dashboard-records', eventId: EVENT_ID, at: RIG_NOW_ISO, day: '2025-07-01' }} />, { rig, session });
    const table = await screen.findByRole('table', { name: /^7月1日计入的紧急转移安置户/ }, { timeout: 20_000 });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1); // one family on two tablets: one household counted
    expect(within(rows[0]!).getByRole('rowheader').textContent).toBe('张三');
    expect(cells(rows[0]!)).toEqual(['清河镇', '3', expect.any(String), '集中安置', '在安置']);
  });

  it('[D10] the relief, not-reached and flag figures link to the records they count; those pages list them', async () => {
    const { rig, session } = await seed();
    await renderInSession(<DashboardRoutes route={{ name: 'dashboard' }} />, { rig, session });
    const reachTable = await screen.findByRole('table', { name: '各乡镇各轮次尚未发放救助的安置户' }, { timeout: 20_000 });
    const at = RIG_NOW_ISO;
    const href = (figure: FigureLink) => paths.dashboardRecords(EVENT_ID, { at, figure });
    // A township's round: its hand-outs, and the households it has not reached.
    expect(within(reachTable).getByRole('link', { name: '查看清河镇第 1 轮的发放记录' }).getAttribute('href')).toBe(href({ kind: 'relief', township: TOWNSHIP, round: '1' }));
    expect(within(reachTable).getByRole('link', { name: '查看清河镇第 1 轮未发放的安置户：0' }).getAttribute('href')).toBe(href({ kind: 'not-reached', township: TOWNSHIP, round: '1' }));
    // An item of a round: its hand-outs.
    const lines = screen.getByRole('table', { name: '各乡镇各轮次发放的款物与救助标准对照' });
    expect(within(lines).getByRole('link', { name: '查看清河镇第 1 轮棉被的发放记录：4 床' }).getAttribute('href')).toBe(href({ kind: 'relief', township: TOWNSHIP, round: '1', item: 'quilt' }));
    // By township: households not reached (any round) and each kind of open flag.
    const towns = screen.getByRole('table', { name: '各乡镇紧急转移安置人口、未获救助户数与待处理标记' });
    expect(within(towns).getByRole('link', { name: '查看清河镇尚未发放救助的安置户：0' }).getAttribute('href')).toBe(href({ kind: 'not-reached', township: TOWNSHIP }));
    expect(within(towns).getByRole('link', { name: '查看清河镇待处理的重复发放标记：1' }).getAttribute('href')).toBe(href({ kind: 'flags', township: TOWNSHIP, flagKind: 'double-handout' }));
    expect(within(towns).getByRole('link', { name: '查看清河镇待处理的疑似重复人员标记：1' }).getAttribute('href')).toBe(href({ kind: 'flags', township: TOWNSHIP, flagKind: 'duplicate-person' }));
    cleanup();

    // The round's hand-outs: both tablets' quilts to the one family (as the figure sums them: 4 床, ¥200).
    await renderInSession(<DashboardRoutes route={{ name: 'dashboard-records', eventId: EVENT_ID, at, figure: { kind: 'relief', township: TOWNSHIP, round: '1' } }} />, { rig, session });
    const handouts = await screen.findByRole('table', { name: /^清河镇第 1 轮发放的救助款物（截至/ }, { timeout: 20_000 });
    const rows = within(handouts).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['张三', '张三']);
    for (const r of rows) expect(cells(r)).toEqual(['清河镇', expect.any(String), '棉被', '2 床', '100', expect.stringMatching(/^2025-07-01 14:00$/), '—']);
    cleanup();

    // The double hand-out flag: the two hand-outs it names, with the family's head.
    await renderInSession(<DashboardRoutes route={{ name: 'dashboard-records', eventId: EVENT_ID, at, figure: { kind: 'flags', township: TOWNSHIP, flagKind: 'double-handout' } }} />, { rig, session });
    const flags = await screen.findByRole('table', { name: /^清河镇待处理的重复发放标记（截至/ }, { timeout: 20_000 });
    const flagRows = within(flags).getAllByRole('row').slice(1);
    expect(flagRows).toHaveLength(1);
    expect(within(flagRows[0]!).getByRole('rowheader').textContent).toBe('张三');
    expect(within(flagRows[0]!).getAllByRole('listitem').map((li) => li.textContent)).toEqual([expect.stringMatching(/^张三 · 清河镇 · .*棉被 2 床 2025-07-01 14:00$/), expect.stringMatching(/^张三 · 清河镇 · .*棉被 2 床 2025-07-01 14:00$/)]);
    cleanup();

    // Not reached: the one family was reached, so the figure is 0 and so is its list.
    await renderInSession(<DashboardRoutes route={{ name: 'dashboard-records', eventId: EVENT_ID, at, figure: { kind: 'not-reached', township: TOWNSHIP, round: '1' } }} />, { rig, session });
    await screen.findByText('该数字没有对应的安置户。', undefined, { timeout: 20_000 });
    expect(screen.getByRole('heading', { name: /^清河镇第 1 轮尚未发放救助的安置户（截至/ })).toBeTruthy();
  });

  it('in English: the same table with English headings and dates', async () => {
    const { rig, session } = await seed();
    await renderInSession(<DashboardRoutes route={{ name: 'dashboard' }} />, { rig, session, lang: 'en' });
    const towns = await screen.findByRole('table', { name: 'Relocated people, households not reached and open flags by township' }, { timeout: 20_000 });
    expect(cells(within(towns).getByRole('row', { name: /^Records of 清河镇/ })).slice(0, 4)).toEqual(['3', '3', '3', '0']);
    const series = screen.getByRole('table', { name: 'Relocated people by day (all townships)' });
    expect(within(series).getAllByRole('rowheader').map((h) => h.textContent)).toEqual(['Jun 30', 'Jul 1']);
    expect(screen.getByRole('link', { name: 'Tablet sync health' })).toBeTruthy();
  });

  it('the township’s records: the households of the event the server holds', async () => {
    const { rig, session } = await seed();
    await renderInSession(<DashboardRoutes route={{ name: 'dashboard-township', township: TOWNSHIP, eventId: EVENT_ID }} />, { rig, session });
    const table = await screen.findByRole('table', { name: '清河镇：6·30 洪灾的安置户（服务器已收到的记录）' }, { timeout: 20_000 });
    const body = within(table).getAllByRole('row').slice(1);
    expect(body).toHaveLength(2);
    for (const row of body) expect(within(row).getByRole('rowheader').textContent).toBe('张三');
    await waitFor(() => expect(screen.getByRole('heading', { name: '清河镇的安置户记录' })).toBeTruthy());
  });
});
