import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { DashboardOverviewResponse } from '../../src/shared/protocol/dashboard';
import { Api } from './support/api';
import { pushDashboardHouseholds, pushRepeatHandout } from './support/dashboard-seed';
import { TOWNSHIP, TOWNSHIP_NAME, type Scene } from './support/scene';
import type { RunningServer } from './support/server-process';
import { logInOnline } from './support/ui';
import { contextsClosedAfterAll, sceneInBrowser } from './support/scene-in-browser';
import { addCountySupervisor } from './support/county-supervisor';

/**
 * Issue 16, done-when: a supervisor opens the event dashboard, sees the charts render with the fixture's
 * numbers (read from the charts' table views) and clicks a township through to its records. The
 * households arrive as a tablet pushes them (POST /api/sync/push with the worker's login).
 */
describe('the county’s event dashboard [D4][D5][D6][D8][D10]', () => {
  let server: RunningServer;
  let browser: Browser;
  let scene: Scene;
  sceneInBrowser((started) => ({ server, scene, browser } = started), {
    setUp: async ({ scene }) => {
      await addCountySupervisor(scene);
      await scene.admin.call('POST', '/api/admin/entitlements', { id: 'ent-e2e-emergency-r1', eventId: scene.eventId, round: 1, itemKind: 'emergency', maxValue: 1000, township: null });
    },
  });
  const contexts = contextsClosedAfterAll();

  it('a supervisor sees the charts with the households’ numbers in their tables, opens a township’s records, and [D10] a relief, not-reached and flag figure’s records', async () => {
    // 陈一 (4) and 陈二 (2) at the school, 刘三 (3) with relatives, checked in two hours ago; 陈一 got 1,000 yuan an hour later.
    expect(await pushDashboardHouseholds(server.url, scene, new Date(Date.now() - 7_200_000).toISOString())).toEqual(['applied', 'applied', 'applied', 'applied']);

    // What the server says (the supervisor's own login), to compare with the page.
    const sup = await new Api(server.url).call<{ token: string }>('POST', '/api/auth/login', { username: 'zhaosup', password: 'super-pass-789', deviceId: 'e2e-supervisor-script' });
    const overview = await new Api(server.url, sup.token).call<DashboardOverviewResponse>('GET', `/api/dashboard/overview?eventId=${scene.eventId}`);
    expect(overview.report.townships.find((t) => t.township === TOWNSHIP)?.relocated).toMatchObject({ current: 9, centralised: { current: 6 }, dispersed: { current: 3 } });

    const context = await browser.newContext({ locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(server.url);
    await logInOnline(page, 'zhaosup', 'super-pass-789');
    await page.getByRole('link', { name: '灾情统计看板' }).click();
    await page.getByRole('heading', { name: '灾情统计看板' }).waitFor({ timeout: 60_000 });

    // The charts render (ECharts' SVG inside each chart), loaded only now.
    const charts = page.locator('.dashboard-chart .chart-canvas');
    await expect.poll(() => charts.count(), { timeout: 60_000 }).toBe(4);
    for (let i = 0; i < 4; i += 1) await charts.nth(i).locator('svg').first().waitFor({ timeout: 60_000 });

    // The township table view: the fixture's numbers.
    const towns = page.getByRole('table', { name: '各乡镇紧急转移安置人口、未获救助户数与待处理标记' });
    const row = towns.getByRole('row', { name: new RegExp(`^查看${TOWNSHIP_NAME}的记录`) });
    expect(await row.getByRole('cell').allTextContents()).toEqual(['9', '9', '6', '3', '3', '2', '0', '0']);

    // Relief by round against the entitlement: one of three households reached; 1,000 yuan, the standard for one.
    const reach = page.getByRole('table', { name: '各乡镇各轮次尚未发放救助的安置户' });
    expect(await reach.getByRole('row', { name: new RegExp(`^查看${TOWNSHIP_NAME}第 1 轮`) }).getByRole('cell').allTextContents()).toEqual(['第 1 轮', '3', '1', '2', '33.3%']);
    const lines = page.getByRole('table', { name: '各乡镇各轮次发放的款物与救助标准对照' });
    expect(await lines.getByRole('row', { name: new RegExp(`^${TOWNSHIP_NAME}`) }).getByRole('cell').allTextContents()).toEqual(['第 1 轮', '应急救助资金', '¥1,000', '1,000', '1', '¥1,000', '¥3,000']);

    // The day series' table (in a closed <details>: its text is still there for screen readers and copying).
    const series = page.getByRole('table', { name: '紧急转移安置人口按日统计（全部乡镇）', includeHidden: true });
    const lastDay = series.locator('tbody tr').last();
    expect(await lastDay.locator('td').allTextContents()).toEqual(['9', '9', '6', '3']);
    expect(await lastDay.locator('th').textContent()).toMatch(/^\d{1,2}月\d{1,2}日$/);

    // The site: 6 people against its capacity of 300.
    const site = page.locator('table.dashboard-table', { hasText: '清河中学' }).locator('tbody tr', { hasText: '清河中学' });
    expect((await site.locator('td').allTextContents()).slice(1, 3)).toEqual(['6', '300']);

    // Through from the day's figure to the households counted on it, and from the site's to those staying there.
    await series.getByRole('link', { name: /^查看\d{1,2}月\d{1,2}日计入的安置户$/, includeHidden: true }).last().evaluate((a: HTMLAnchorElement) => a.click());
    const dayRecords = page.getByRole('table', { name: /计入的紧急转移安置户（截至/ });
    await dayRecords.waitFor({ timeout: 30_000 });
    expect((await dayRecords.getByRole('rowheader').allTextContents()).sort()).toEqual(['刘三', '陈一', '陈二']);
    await page.getByRole('link', { name: '返回看板' }).click();
    await page.getByRole('link', { name: '查看清河中学的在点安置户', includeHidden: true }).evaluate((a: HTMLAnchorElement) => a.click());
    const siteRecords = page.getByRole('table', { name: /^清河中学的在点安置户（截至/ });
    await siteRecords.waitFor({ timeout: 30_000 });
    expect((await siteRecords.getByRole('rowheader').allTextContents()).sort()).toEqual(['陈一', '陈二']);
    expect(await siteRecords.locator('tbody tr').first().locator('td').last().textContent()).toBe('在安置');
    await page.getByRole('link', { name: '返回看板' }).click();
    await towns.waitFor({ timeout: 60_000 });

    // Through to the township's records.
    await row.getByRole('link', { name: `查看${TOWNSHIP_NAME}的记录` }).click();
    const records = page.getByRole('table', { name: `${TOWNSHIP_NAME}：6·20 洪灾的安置户（服务器已收到的记录）` });
    await records.waitFor({ timeout: 30_000 });
    expect((await records.getByRole('rowheader').allTextContents()).sort()).toEqual(['刘三', '陈一', '陈二']);

    // SPEC D10: the relief, not-reached and flag figures open the records they count. A second tablet hands
    // 陈一 round 1's cash again (a double hand-out flag); the county voids that second hand-out.
    const checkIn = Date.now() - 7_200_000;
    const again = await pushRepeatHandout(server.url, scene, '陈一', new Date(checkIn + 5_400_000).toISOString());
    expect(again.statuses).toEqual(['applied']);
    await new Api(server.url, sup.token).call('POST', `/api/relief/${encodeURIComponent(again.id)}/corrections`, { action: 'void', reason: '重复发放，县里核实后作废' });
    await page.getByRole('link', { name: '返回看板' }).click();
    await towns.waitFor({ timeout: 60_000 });

    // The open flag: both hand-outs it names, the voided one marked so.
    await towns.getByRole('link', { name: `查看${TOWNSHIP_NAME}待处理的重复发放标记：1` }).click();
    const flags = page.getByRole('table', { name: new RegExp(`^${TOWNSHIP_NAME}待处理的重复发放标记（截至`) });
    await flags.waitFor({ timeout: 30_000 });
    expect(await flags.getByRole('rowheader').allTextContents()).toEqual(['陈一']);
    const flagged = await flags.getByRole('listitem').allTextContents();
    expect(flagged).toHaveLength(2);
    expect(flagged.filter((x) => x.endsWith('已作废'))).toHaveLength(1);
    expect(flagged.filter((x) => /应急救助资金 ¥1,000 /.test(x))).toHaveLength(1);
    await page.getByRole('link', { name: '返回看板' }).click();

    // Round 1's relief: the one hand-out it counts (the voided one left out), 1,000 yuan to 陈一.
    await reach.getByRole('link', { name: `查看${TOWNSHIP_NAME}第 1 轮的发放记录` }).click();
    const handouts = page.getByRole('table', { name: new RegExp(`^${TOWNSHIP_NAME}第 1 轮发放的救助款物（截至`) });
    await handouts.waitFor({ timeout: 30_000 });
    expect(await handouts.getByRole('rowheader').allTextContents()).toEqual(['陈一']);
    expect((await handouts.locator('tbody tr').first().locator('td').allTextContents()).slice(2, 5)).toEqual(['应急救助资金', '¥1,000', '1,000']);
    await page.getByRole('link', { name: '返回看板' }).click();

    // Round 1's households not reached: the two the figure counts.
    await reach.getByRole('link', { name: `查看${TOWNSHIP_NAME}第 1 轮未发放的安置户：2` }).click();
    const notReached = page.getByRole('table', { name: new RegExp(`^${TOWNSHIP_NAME}第 1 轮尚未发放救助的安置户（截至`) });
    await notReached.waitFor({ timeout: 30_000 });
    expect((await notReached.getByRole('rowheader').allTextContents()).sort()).toEqual(['刘三', '陈二']);
  });
});
