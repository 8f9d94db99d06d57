import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { waitForServiceWorker } from './support/browser';
import type { Scene } from './support/scene';
import type { RunningServer } from './support/server-process';
import { logInOnline, registerHousehold, waitForSyncText } from './support/ui';
import { sceneInBrowser } from './support/scene-in-browser';

/**
 * Issue 6 §2: the app locks itself after inactivity (10 minutes unless the tablet sets
 * localStorage['tidemark.lockMinutes']). The page's clock is moved forward (Playwright's clock), so
 * nothing waits for real minutes. Locked, no record is on screen; the password opens it again.
 * (A made-up ID number and name.)
 */
const RECORD = { idNumber: '11010519491231002X', name: '欧阳明月' };

describe('the inactivity lock', () => {
  let server: RunningServer;
  let scene: Scene;
  let browser: Browser;

  sceneInBrowser((started) => ({ server, scene, browser } = started));

  async function open(lockMinutes?: number): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.clock.install();
    if (lockMinutes !== undefined) {
      await context.addInitScript((m) => localStorage.setItem('tidemark.lockMinutes', String(m)), lockMinutes);
    }
    await page.goto(server.url);
    await waitForServiceWorker(page);
    await logInOnline(page, scene.worker.username, scene.worker.password);
    await waitForSyncText(page, /已同步/);
    return page;
  }

  const locked = (page: Page) => page.getByText('已锁定，请输入密码解锁。');

  it('locks after 10 minutes without a touch (the default), hiding every record; the password opens it again', async () => {
    const page = await open();
    await registerHousehold(page, { ...RECORD, members: 3, village: '河东村' });
    await expect.poll(() => page.getByText(RECORD.name).count()).toBeGreaterThan(0);

    await page.clock.fastForward('09:00');
    expect(await locked(page).count()).toBe(0);
    // A touch restarts the count.
    await page.mouse.click(5, 5);
    await page.clock.fastForward('09:00');
    expect(await locked(page).count()).toBe(0);
    expect(await page.getByText(RECORD.name).count()).toBeGreaterThan(0);

    await page.clock.fastForward('01:30');
    await locked(page).waitFor();
    expect(await page.getByText(RECORD.name).count()).toBe(0);
    expect(await page.getByRole('button', { name: '退出登录' }).count()).toBe(0);

    await page.getByLabel('密码').fill(scene.worker.password);
    await page.getByRole('button', { name: '解锁', exact: true }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByText(RECORD.name).count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('honours a shorter time set for the tablet (tidemark.lockMinutes)', async () => {
    const page = await open(1);
    await page.clock.fastForward('00:30');
    expect(await locked(page).count()).toBe(0);
    await page.clock.fastForward('00:45');
    await locked(page).waitFor();
    await page.context().close();
  });
});
