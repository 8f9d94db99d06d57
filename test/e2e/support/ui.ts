import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** Steps a worker takes, by the labels a worker reads (zh-CN, the default language). */
export async function logInOnline(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('button', { name: '登记受灾户' }).waitFor({ timeout: 60_000 });
}

export async function unlockOffline(page: Page, password: string): Promise<void> {
  const unlock = page.getByRole('button', { name: '解锁', exact: true });
  await page.getByLabel('密码').waitFor({ timeout: 60_000 });
  if (!(await unlock.isVisible().catch(() => false))) {
    await page.getByRole('button', { name: /^(离线解锁|用本平板账户解锁)$/ }).click(); // online, the switch does not say 离线 (issue 13 item 10)
  }
  await page.getByLabel('密码').fill(password);
  await unlock.click();
  await page.getByRole('button', { name: '退出登录' }).waitFor({ timeout: 60_000 });
}

export async function syncStatus(page: Page): Promise<string> {
  return (await page.getByRole('status', { name: '同步状态' }).textContent()) ?? '';
}

export async function waitForSyncText(page: Page, re: RegExp, timeout = 60_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const s = await syncStatus(page);
    if (re.test(s)) return;
    if (Date.now() > deadline) expect(s).toMatch(re);
    await page.waitForTimeout(200);
  }
}

export interface HouseholdEntry {
  idNumber: string;
  name: string;
  phone?: string;
  members: number;
  village: string;
  damage?: '倒塌' | '严重损坏' | '一般损坏' | '未损坏';
  siteName?: string;
}

export async function registerHousehold(page: Page, h: HouseholdEntry): Promise<void> {
  await page.getByRole('button', { name: '登记受灾户' }).click();
  await page.getByLabel('身份证号').fill(h.idNumber);
  await page.getByLabel('户主姓名').fill(h.name);
  if (h.phone) await page.getByLabel('联系电话').fill(h.phone);
  await page.getByLabel('家庭人数').fill(String(h.members));
  await page.getByLabel('原住村').fill(h.village);
  await page.getByLabel(h.damage ?? '严重损坏', { exact: true }).check();
  if (h.siteName) {
    await page.getByLabel('集中安置', { exact: true }).check();
    await page.getByLabel('安置点').selectOption({ label: h.siteName });
  } else {
    await page.getByLabel('分散安置', { exact: true }).check();
  }
  await page.getByRole('button', { name: '保存' }).click();
  try {
    await page.getByText('已保存').first().waitFor({ timeout: 30_000 });
  } catch (e) {
    // Say what the worker would have seen instead (a validation message, an error banner).
    const seen = await page.locator('body').innerText().catch(() => '(page gone)');
    throw new Error(`"已保存" did not appear after saving ${h.name}; the page shows:\n${seen.slice(0, 2000)}`, { cause: e });
  }
}

/**
 * A signature drawn with the mouse on a pad (signature_pad listens to pointer events): by default the
 * recipient's pad of a hand-out, or the pad given.
 */
export async function drawSignature(page: Page, pad: Locator = page.getByRole('img', { name: '领取人签名区' })): Promise<void> {
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 40);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + 110, { steps: 10 });
  await page.mouse.move(box.x + 220, box.y + 50, { steps: 10 });
  await page.mouse.up();
}
