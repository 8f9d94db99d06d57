import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { goOffline, goOnline, waitForServiceWorker } from './support/browser';
import { ANPING_LIULIN } from '../fixtures/areas';
import { COUNTY, TOWNSHIP, serverRecords, type Scene } from './support/scene';
import { openAdminPage, sceneInBrowser } from './support/scene-in-browser';
import type { RunningServer } from './support/server-process';
import { logInOnline, registerHousehold, syncStatus, unlockOffline, waitForSyncText } from './support/ui';

/**
 * Issue 10 finding 7 and §7 (SPEC A7): an administrator, on the administration page, resets a worker's
 * password while the worker's tablet holds records saved offline. The tablet's session ends at once: its
 * next sync is refused and the sync bar says the login has expired and the records stay on this tablet
 * (issue 13 item 9); the records stay on it, waiting. The old
 * password no longer logs in; the new one does, every record opens, each uploads exactly once, and
 * offline unlock then takes the new password. A worker moved to another township likewise logs in again,
 * and what was saved before the move uploads under the former township, which the tablet says (A8).
 * (Made-up ID numbers and names.)
 */
describe('account changes by the administrator, seen from a tablet', () => {
  let server: RunningServer;
  let scene: Scene;
  let browser: Browser;
  let adminPage: Page;

  sceneInBrowser((started) => ({ server, scene, browser } = started));
  beforeAll(async () => {
    adminPage = await openAdminPage({ server, browser });
  });

  /**
   * 退出登录 with records waiting asks first (issue 13 item 9); the worker goes on: the records stay on
   * this tablet and upload after the next login.
   */
  async function logOutKeepingRecords(page: Page) {
    await page.getByRole('button', { name: '退出登录' }).click();
    const confirm = page.getByRole('alertdialog', { name: '退出登录' });
    await confirm.getByText(/还有 \d+ 条记录没有上传/).waitFor();
    await confirm.getByRole('button', { name: '仍然退出' }).click();
  }

  const onServer = async (name: string) =>
    (await serverRecords(scene.admin, 'household')).filter((r) => (r.fields.head as { name: string }).name === name);

  it('[A1][A7] ends the tablet’s session at once; the waiting records stay, and upload once after a login with the new password', async () => {
    const records = [
      { idNumber: '11010519491231002X', name: '欧阳明月' },
      { idNumber: '330106198503121231', name: '司马青山' },
    ];
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const pushes: number[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/api/sync/push')) pushes.push(r.status());
    });
    await page.goto(server.url);
    await waitForServiceWorker(page);
    await logInOnline(page, scene.worker.username, scene.worker.password);
    await waitForSyncText(page, /已同步/);
    await goOffline(context, server.url);
    for (const r of records) await registerHousehold(page, { ...r, members: 3, village: '河东村' });
    await waitForSyncText(page, /2 条待上传/);

    // The administrator resets the password on the page.
    await adminPage.getByRole('button', { name: '刷新' }).click();
    await adminPage.getByRole('button', { name: `编辑账户 ${scene.worker.username}` }).click();
    const newPassword = 'brand-new-pass-456';
    await adminPage.getByLabel('新密码').fill(newPassword);
    await adminPage.getByRole('button', { name: '重设密码' }).click();
    await adminPage.getByText(`已重设账户 ${scene.worker.username} 的密码，其所有登录已失效。`).waitFor();

    // Back online, the tablet's old token is refused: log in again; nothing leaves, nothing is lost.
    await goOnline(context, server.url);
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /登录已过期，待上传的记录仍在本平板上/);
    expect(pushes).toEqual([401]);
    expect(await syncStatus(page)).toContain('2 条待上传');
    for (const r of records) expect(await onServer(r.name)).toHaveLength(0);
    for (const r of records) {
      const row = page.getByRole('row').filter({ hasText: r.name });
      await expect.poll(() => row.getByText('待上传').count()).toBe(1);
    }

    await logOutKeepingRecords(page);
    const online = page.getByRole('button', { name: '在线登录' });
    await page.getByRole('button', { name: /^(登录|解锁)$/ }).waitFor();
    if (await online.isVisible().catch(() => false)) await online.click();
    // The old password no longer logs in.
    await page.getByLabel('用户名').fill(scene.worker.username);
    await page.getByLabel('密码').fill(scene.worker.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByText('用户名或密码错误。').waitFor();
    // The new one does, and the tablet's records open (same keys, the recovery slot, README "Account changes").
    await logInOnline(page, scene.worker.username, newPassword);
    for (const r of records) await expect.poll(() => page.getByText(r.name).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /已同步/);
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /已同步/);
    for (const r of records) expect(await onServer(r.name)).toHaveLength(1);
    expect(pushes.filter((s) => s === 200)).toHaveLength(1);

    // Offline, the new password unlocks the tablet.
    await goOffline(context, server.url);
    await page.reload();
    await unlockOffline(page, newPassword);
    for (const r of records) await expect.poll(() => page.getByText(r.name).count()).toBeGreaterThan(0);
    await context.close();
  });

  it('[A8] a worker moved to another township: the records saved before upload once under the former township, and the tablet says so', async () => {
    const worker = { username: 'zhaoliu', password: 'worker-pass-789' };
    await scene.admin.call('POST', '/api/admin/users', { ...worker, role: 'worker', township: TOWNSHIP, county: COUNTY, displayName: '赵六' });
    const record = { idNumber: '110105194912310038', name: '诸葛长风' };
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForServiceWorker(page);
    await logInOnline(page, worker.username, worker.password);
    await waitForSyncText(page, /已同步/);
    await goOffline(context, server.url);
    await registerHousehold(page, { ...record, members: 2, village: '河东村' });
    await waitForSyncText(page, /1 条待上传/);

    // The administrator moves the worker to 柳林乡 on the page, picked from the division registry (README "Areas").
    await adminPage.getByRole('button', { name: '刷新' }).click();
    await adminPage.getByRole('button', { name: `编辑账户 ${worker.username}` }).click();
    // The innermost section holding the heading is the edit form (the accounts section holds it too).
    const form = adminPage.locator('section', { has: adminPage.getByRole('heading', { name: `编辑账户 ${worker.username}` }) }).last();
    await form.getByLabel('所属乡镇（街道）').selectOption(ANPING_LIULIN);
    await form.getByRole('button', { name: '保存修改' }).click();
    await adminPage.getByText(`已修改账户 ${worker.username}，其所有登录已失效。`).waitFor();

    await goOnline(context, server.url);
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /登录已过期，待上传的记录仍在本平板上 · 1 条待上传/);
    await logOutKeepingRecords(page);
    const online = page.getByRole('button', { name: '在线登录' });
    await page.getByRole('button', { name: /^(登录|解锁)$/ }).waitFor();
    if (await online.isVisible().catch(() => false)) await online.click();
    await logInOnline(page, worker.username, worker.password);
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /1 条记录按调动前的乡镇上传/);
    const stored = await onServer(record.name);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.township).toBe(TOWNSHIP);
    await context.close();
  });
});
