import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { goOffline, goOnline, waitForServiceWorker } from './support/browser';
import { serverRecords, TOWNSHIP, type Scene } from './support/scene';
import type { RunningServer } from './support/server-process';
import { logInOnline, registerHousehold, unlockOffline, waitForSyncText } from './support/ui';
import { sceneInBrowser } from './support/scene-in-browser';

/**
 * The foundation's story (issue 2): log in online → go offline (the service worker's requests cut too)
 * → register a displaced household → reload → the app and the record are there → online → the record
 * reaches the server exactly once.
 */
describe('a worker registers a displaced household offline', () => {
  let server: RunningServer;
  let browser: Browser;
  let scene: Scene;

  sceneInBrowser((started) => ({ server, scene, browser } = started));

  it('keeps it through an offline reload and uploads it exactly once', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForServiceWorker(page);
    await logInOnline(page, scene.worker.username, scene.worker.password);
    // The event and the shelter site arrive as reference data on the first sync.
    await waitForSyncText(page, /已同步/);

    await goOffline(context, server.url);
    await waitForSyncText(page, /离线/);
    await registerHousehold(page, {
      idNumber: '330106198503121231', name: '张卫国', phone: '13800001111', members: 4, village: '河西村', siteName: '清河中学',
    });
    await expect.poll(() => page.getByText('张卫国').count()).toBeGreaterThan(0);
    await waitForSyncText(page, /1 条待上传/);

    // Offline reload: the shell comes from the precache, the record from IndexedDB (keys must be unlocked again).
    await page.reload();
    await unlockOffline(page, scene.worker.password);
    await expect.poll(() => page.getByText('张卫国').count()).toBeGreaterThan(0);
    // The list never shows the full ID number.
    expect(await page.getByText('330106198503121231').count()).toBe(0);
    expect(await page.getByText('3301**********1231').count()).toBeGreaterThan(0);
    expect(await serverRecords(scene.admin, 'household')).toHaveLength(0);

    await goOnline(context, server.url);
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /已同步/);
    const stored = await serverRecords(scene.admin, 'household');
    expect(stored).toHaveLength(1);
    const head = stored[0]!.fields.head as { name: string; idNumber: string };
    expect(head.name).toBe('张卫国');
    expect(stored[0]!.township).toBe(TOWNSHIP);
    expect(stored[0]!.fields.shelterSiteId).toBe(scene.siteId);

    // A second sync sends nothing again.
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /已同步/);
    expect(await serverRecords(scene.admin, 'household')).toHaveLength(1);
    await context.close();
  });
});
