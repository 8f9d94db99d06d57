import { afterAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TabletHealthResponse } from '../../src/shared/protocol/tablet-health';
import { Api } from './support/api';
import { madeUpIdNumber } from './support/ids';
import { COUNTY, TOWNSHIP, type Scene } from './support/scene';
import type { RunningServer } from './support/server-process';
import { logInOnline, registerHousehold, waitForSyncText } from './support/ui';
import { sceneInBrowser } from './support/scene-in-browser';

/**
 * Issue 16, done-when: a tablet that has not synced for longer than the setting while holding records
 * is listed first on the county's 平板同步状况, with its waiting count. The server runs with N set to a
 * few seconds (TABLET_STALE_HOURS), so real time can pass it within the test.
 */
const STALE_SECONDS = 4;

describe('the county sees which tablets hold data that has not arrived [H1][H5]', () => {
  let server: RunningServer;
  let browser: Browser;
  let scene: Scene;
  const contexts: BrowserContext[] = [];

  sceneInBrowser((started) => ({ server, scene, browser } = started), {
    env: { TABLET_STALE_HOURS: String(STALE_SECONDS / 3600) },
    setUp: async ({ scene }) => {
      await scene.admin.call('POST', '/api/admin/users', { username: 'liming', password: 'worker-pass-456', role: 'worker', township: TOWNSHIP, county: COUNTY, displayName: '李明' });
      await scene.admin.call('POST', '/api/admin/users', { username: 'zhaosup', password: 'super-pass-789', role: 'supervisor', township: null, county: COUNTY, displayName: '赵主任' });
    },
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
  });

  async function tablet(): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(server.url);
    return page;
  }

  it('a tablet holding records whose uploads keep failing is listed first, with its waiting count', async () => {
    // 王芳 syncs once, then registers two households; every upload after that fails (the server is
    // overloaded for her), so her tablet holds them — its health report still reaches the county.
    const wang = await tablet();
    await logInOnline(wang, scene.worker.username, scene.worker.password);
    await waitForSyncText(wang, /已同步/);
    await wang.route('**/api/sync/push', (route) =>
      route.fulfill({ status: 503, headers: { 'content-type': 'application/json', 'retry-after': '600' }, body: JSON.stringify({ error: { code: 'OVERLOADED', message: 'busy' } }) }),
    );
    await registerHousehold(wang, { idNumber: madeUpIdNumber(301), name: '陈一', members: 3, village: '河东村' });
    await registerHousehold(wang, { idNumber: madeUpIdNumber(302), name: '陈二', members: 2, village: '河东村' });
    await wang.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(wang, /2 条待上传/);

    // What the server holds for the county: her report with two records waiting and the failure's code.
    // Api.login's client id is the administrator's (A4): the supervisor's script logs in under its own.
    const login = await new Api(server.url).call<{ token: string }>('POST', '/api/auth/login', { username: 'zhaosup', password: 'super-pass-789', deviceId: 'e2e-supervisor-script' });
    const sup = new Api(server.url, login.token);
    await expect
      .poll(async () => (await sup.call<TabletHealthResponse>('GET', '/api/admin/tablet-health')).tablets.find((t) => t.displayName === '王芳'), { timeout: 30_000 })
      .toMatchObject({ pendingRecords: 2, lastErrorCode: 'OVERLOADED' });

    // 李明 syncs with nothing waiting: his tablet is fine.
    const li = await tablet();
    await logInOnline(li, 'liming', 'worker-pass-456');
    await waitForSyncText(li, /已同步/);
    await expect
      .poll(async () => (await sup.call<TabletHealthResponse>('GET', '/api/admin/tablet-health')).tablets.map((t) => t.displayName).sort(), { timeout: 30_000 })
      .toEqual(['李明', '王芳']);

    // Past N since 王芳's last successful sync.
    await new Promise((r) => setTimeout(r, STALE_SECONDS * 1000 + 500));

    // The supervisor opens 平板同步状况 from the header.
    const office = await tablet();
    await logInOnline(office, 'zhaosup', 'super-pass-789');
    await office.getByRole('link', { name: '平板同步状况' }).click();
    const table = office.getByRole('table', { name: '平板同步状况，按风险排序' });
    await table.waitFor({ timeout: 60_000 });
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const first = rows.nth(0);
    expect(await first.getByRole('rowheader').textContent()).toBe('王芳');
    expect(await first.locator('td[data-label="待上传记录"]').textContent()).toBe('2');
    expect(await first.getByText(/^超过 .+ 小时未同步$/).count()).toBe(1);
    expect(await first.locator('td[data-label="最近同步错误"]').textContent()).not.toBe('无');
    expect(await rows.nth(1).getByRole('rowheader').textContent()).toBe('李明');
    // His storage may not be persistent in a headless browser (a reason of its own), but nothing waits.
    expect(await rows.nth(1).locator('td[data-label="待上传记录"]').textContent()).toBe('0');
    expect(await rows.nth(1).getByText(/未同步/).count()).toBe(0);
    // No household's personal data on the page.
    const text = await office.locator('main').innerText();
    expect(text).not.toContain('陈一');
    expect(text).not.toContain(madeUpIdNumber(301));
  });
});
