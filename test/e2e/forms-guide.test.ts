import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { setScene, type Scene } from './support/scene';
import { startServer, type RunningServer } from './support/server-process';
import { logInOnline, waitForSyncText } from './support/ui';

/**
 * Issue 13 item 6: the household form validates when the worker saves, then on each change. A new member
 * row is not red before anything is typed (nor after leaving its fields); an unselected choice asks to
 * choose ("请选择") instead of "格式不正确"; a valid choice clears its message at once, without a blur.
 */

const errorsIn = (scope: Locator) => scope.locator('.field-error').allTextContents();

describe('forms that guide instead of bounce (issue 13 item 6)', () => {
  let server: RunningServer;
  let browser: Browser;
  let scene: Scene;

  beforeAll(async () => {
    server = await startServer();
    scene = await setScene(server, 'guided');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('a member row: quiet until saved, "请选择" for a choice, cleared on change', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(server.url);
    await logInOnline(page, scene.worker.username, scene.worker.password);
    await waitForSyncText(page, /已同步/);
    await page.getByRole('button', { name: '登记受灾户' }).click();
    await page.getByLabel('户主姓名').waitFor({ timeout: 30_000 });

    // A new member row, its fields visited and left empty: nothing red yet.
    await page.getByText('家庭成员', { exact: true }).click();
    await page.getByRole('button', { name: '添加成员' }).click();
    const row1 = page.getByRole('group', { name: '成员 1', exact: true });
    await row1.getByLabel('成员 1 姓名').click();
    await row1.getByLabel('成员 1 性别').focus();
    await row1.getByLabel('成员 1 年龄段').focus();
    await page.getByLabel('户主姓名').click();
    expect(await errorsIn(row1)).toEqual([]);
    expect(await row1.locator('[aria-invalid="true"]').count()).toBe(0);
    expect(await page.locator('.field-error').count()).toBe(0);

    // Save: now every problem shows; a choice not made asks to choose.
    await page.getByRole('button', { name: '保存' }).click();
    await row1.locator('.field-error').first().waitFor();
    const sexError = row1.locator('.field').filter({ has: page.getByLabel('成员 1 性别') }).locator('.field-error');
    expect(await sexError.textContent()).toBe('请选择');
    expect(await page.getByText('格式不正确').count()).toBe(0);

    // A valid choice clears its message at once (on change, not on blur).
    await row1.getByLabel('成员 1 性别').selectOption({ label: '男' });
    await expect.poll(() => sexError.count()).toBe(0);

    // A row added after the failed save is not red before anything is typed in it.
    await page.getByRole('button', { name: '添加成员' }).click();
    const row2 = page.getByRole('group', { name: '成员 2', exact: true });
    await row2.getByLabel('成员 2 姓名').waitFor();
    expect(await errorsIn(row2)).toEqual([]);
    expect(await row2.locator('[aria-invalid="true"]').count()).toBe(0);
    // ... until the next save, which names its missing fields too.
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => errorsIn(row2)).toContain('请选择');
    await context.close();
  });
});
