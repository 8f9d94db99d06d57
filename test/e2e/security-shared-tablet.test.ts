import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { goOffline, goOnline, waitForServiceWorker } from './support/browser';
import { serverRecords, TOWNSHIP, type Scene } from './support/scene';
import { createWorker, tryToOpenEverything, userDatabases } from './support/security';
import type { RunningServer } from './support/server-process';
import { logInOnline, registerHousehold, waitForSyncText } from './support/ui';
import { sceneInBrowser } from './support/scene-in-browser';

/**
 * Issue 6 §4: one tablet, two workers. A registers a household offline and logs out; B logs in on the
 * same browser profile and can neither list A's record nor decrypt it (not even from a page script
 * that knows B's password and reads every database raw); B logs out; A logs in again and syncs: the
 * record reaches the server exactly once. (Made-up ID numbers and names.)
 */
const A_RECORD = { idNumber: '11010519491231002X', name: '欧阳明月' };

describe('a tablet shared by two workers', () => {
  let server: RunningServer;
  let scene: Scene;
  let browser: Browser;
  let b: { username: string; password: string };

  sceneInBrowser((started) => ({ server, scene, browser } = started), {
    setUp: async ({ scene }) => {
      b = await createWorker(scene.admin, 'lina', '李娜', 'lina-pass-456');
    },
  });

  const logOut = async (page: import('playwright-core').Page) => {
    await page.getByRole('button', { name: '退出登录' }).click();
    // With records waiting, 退出登录 first says they stay on this tablet (issue 13 item 9).
    const confirm = page.getByRole('alertdialog', { name: '退出登录' }).getByRole('button', { name: '仍然退出' });
    if (await confirm.isVisible().catch(() => false)) await confirm.click();
    await page.getByRole('button', { name: /^(登录|解锁)$/ }).waitFor();
  };

  it('keeps A’s unsynced record apart from B, and uploads it once when A is back', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForServiceWorker(page);

    // A: online login, then offline: a household saved on the tablet only; log out.
    await logInOnline(page, scene.worker.username, scene.worker.password);
    await waitForSyncText(page, /已同步/);
    await goOffline(context, server.url);
    await registerHousehold(page, { ...A_RECORD, members: 3, village: '河东村' });
    await waitForSyncText(page, /1 条待上传/);
    await logOut(page);

    // B, on the same profile, online.
    await goOnline(context, server.url);
    if (await page.getByRole('button', { name: '在线登录' }).isVisible().catch(() => false)) {
      await page.getByRole('button', { name: '在线登录' }).click();
    }
    await logInOnline(page, b.username, b.password);
    await waitForSyncText(page, /已同步/);
    await expect.poll(() => page.getByText('还没有登记的受灾户。').count()).toBe(1);
    expect(await page.getByText(A_RECORD.name).count()).toBe(0);
    await page.getByLabel('搜索').fill(A_RECORD.idNumber);
    expect(await page.getByText(A_RECORD.name).count()).toBe(0);

    // B's page scripts see that A's database exists, but B's password opens only B's keys.
    const dbs = await userDatabases(page);
    expect(dbs).toHaveLength(2);
    const attempt = await tryToOpenEverything(page, b.password);
    const a = attempt.find((x) => x.username === scene.worker.username)!;
    const mine = attempt.find((x) => x.username === b.username)!;
    expect(a).toMatchObject({ slotOpened: false, opened: 0 });
    expect(a.records).toBeGreaterThanOrEqual(1);
    expect(mine.slotOpened).toBe(true);
    // The control: the same script with A's password opens A's slot and every one of A's records.
    const withA = (await tryToOpenEverything(page, scene.worker.password)).find((x) => x.username === scene.worker.username)!;
    expect(withA).toMatchObject({ slotOpened: true, opened: a.records });
    // The server never saw A's record, and B's sync did not send it either.
    expect((await serverRecords(scene.admin, 'household')).map((r) => (r.fields.head as { name: string }).name)).not.toContain(A_RECORD.name);
    await logOut(page);

    // A again: online login, the record is there, pending; sync: on the server exactly once.
    if (await page.getByRole('button', { name: '在线登录' }).isVisible().catch(() => false)) {
      await page.getByRole('button', { name: '在线登录' }).click();
    }
    await logInOnline(page, scene.worker.username, scene.worker.password);
    await expect.poll(() => page.getByText(A_RECORD.name).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /已同步/);
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /已同步/);
    const stored = (await serverRecords(scene.admin, 'household')).filter((r) => (r.fields.head as { name: string }).name === A_RECORD.name);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ township: TOWNSHIP, version: 1 });
    await context.close();
  });
});
