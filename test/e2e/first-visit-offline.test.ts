import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { goOffline, launchBrowser } from './support/browser';
import { setScene, type Scene } from './support/scene';
import { startServer, type RunningServer } from './support/server-process';
import { logInOnline, waitForSyncText } from './support/ui';

/**
 * Issue 13 item 1, "day one in the field": a brand-new tablet, a worker logs in online, waits for 已同步,
 * loses the network WITHOUT reloading and taps every tab. Each screen must come from the service worker's
 * precache: the browser's HTTP cache is switched off (DevTools protocol) so it cannot hide a page that the
 * worker does not control. And the first-install claim must not turn into "swap code under the worker's
 * feet": a later version still waits for 立即更新.
 */

const DIST = resolve(import.meta.dirname, '../../dist');

async function noHttpCache(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
}

/** Taps a tab of the main menu (or the header) and waits for its screen, failing on the chunk error. */
async function openTab(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole('link', { name: link, exact: true }).click();
  const screen = page.getByRole('heading', { name: heading, exact: true });
  const failed = page.getByText('页面未能加载，可能是应用刚刚更新。');
  await Promise.race([screen.waitFor({ timeout: 30_000 }), failed.waitFor({ timeout: 30_000 })]);
  expect(await failed.count(), `${link}: the screen failed to load offline`).toBe(0);
  expect(await screen.count()).toBe(1);
}

describe('offline from the first login (issue 13 item 1)', () => {
  let server: RunningServer;
  let browser: Browser;
  let scene: Scene;
  let staticDir: string;

  beforeAll(async () => {
    // A copy of the build, so the second test can publish a "new version" of the service worker.
    staticDir = mkdtempSync(join(tmpdir(), 'tidemark-dist-'));
    cpSync(DIST, staticDir, { recursive: true });
    server = await startServer({ STATIC_DIR: staticDir });
    scene = await setScene(server, 'firstday');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
    rmSync(staticDir, { recursive: true, force: true });
  });

  let context: BrowserContext;
  let page: Page;

  it('a first visit is controlled by the service worker: every tab opens offline with no HTTP cache and no reload', async () => {
    context = await browser.newContext({ locale: 'zh-CN' });
    page = await context.newPage();
    await noHttpCache(page);
    await page.goto(server.url);
    await logInOnline(page, scene.worker.username, scene.worker.password);
    await waitForSyncText(page, /已同步/);
    // What the worker sees before leaving the office; it is said once the worker serves this very page.
    await page.getByText('已可离线使用').waitFor({ timeout: 60_000 });

    await goOffline(context, server.url);
    await waitForSyncText(page, /离线/);
    await openTab(page, '入户调查', '入户调查');
    await page.getByRole('button', { name: '新建入户调查' }).click();
    await page.getByRole('heading', { name: '家庭经济状况入户调查' }).waitFor({ timeout: 30_000 });
    await openTab(page, '安置点', '安置点');
    await openTab(page, '救灾款物发放', '救灾款物发放');
    await openTab(page, '数据冲突', '数据冲突');
    await openTab(page, '受灾户', '受灾户');
    await page.getByRole('button', { name: '登记受灾户' }).click();
    await page.getByLabel('户主姓名').waitFor({ timeout: 30_000 });
    expect(await page.getByText('页面未能加载，可能是应用刚刚更新。').count()).toBe(0);
  });

  it('a later version of the app still waits for 立即更新 (the first-install claim takes nothing from a running page)', async () => {
    await context.unroute(`${server.url}/**`);
    await context.setOffline(false);
    // A new release: the service worker's bytes change on the server.
    appendFileSync(join(staticDir, 'sw.js'), '\n// release 2\n');
    const firstWorker = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      (window as unknown as { firstWorker: unknown }).firstWorker = navigator.serviceWorker.controller;
      await reg.update();
      return reg.active?.scriptURL ?? '';
    });
    expect(firstWorker).toMatch(/\/sw\.js$/);
    await page.getByRole('alert').filter({ hasText: '有新版本' }).waitFor({ timeout: 60_000 });
    // The new worker is installed and waiting; the page is still served by the one that loaded it.
    const state = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return {
        waiting: reg?.waiting?.state ?? null,
        sameController: navigator.serviceWorker.controller === (window as unknown as { firstWorker: unknown }).firstWorker,
      };
    });
    expect(state).toEqual({ waiting: 'installed', sameController: true });

    // The worker chooses the moment: the new version takes over and the page reloads into it.
    await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), page.getByRole('button', { name: '立即更新' }).click()]);
    const after = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return { waiting: reg?.waiting ?? null, controlled: !!navigator.serviceWorker.controller };
    });
    expect(after).toEqual({ waiting: null, controlled: true });
    await context.close();
  });
});
