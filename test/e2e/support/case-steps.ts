import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { waitForSyncText } from './ui';

/** What the case e2e tests (case-tablet, case-story) do on a case page of the tablet, in the worker's words. */

const exact = { exact: true } as const;

/** Opens a step's form on the case page by its button; the form carries the step's name. */
export async function openStep(page: Page, name: string): Promise<Locator> {
  await page.getByRole('button', { name, exact: true }).click();
  return page.getByRole('form', { name, exact: true });
}

/** Waits for the one status line a saved step shows (by default: saved, to go with the next sync). */
export async function saved(page: Page, text: RegExp = /^已保存，将随下次同步上传。/): Promise<void> {
  await expect.poll(() => page.getByRole('status').filter({ hasText: text }).count(), { timeout: 30_000 }).toBe(1);
}

export async function syncNow(page: Page): Promise<void> {
  await page.getByRole('button', { name: '同步', exact: true }).click();
  await waitForSyncText(page, /已同步/);
}

/** Records the open notice form with one objection (CL7 then sends the case back to investigation). */
export async function recordNoticeWithObjection(page: Page, notice: Locator): Promise<void> {
  await notice.getByRole('button', { name: '添加异议' }).click();
  const objection = notice.getByRole('group', { name: '异议 1' });
  await objection.getByLabel('异议人', exact).fill('村民李某');
  await objection.getByLabel('异议内容', exact).fill('申请人家中有营运车辆');
  await notice.getByRole('button', { name: '记录' }).click();
  await saved(page);
}

/** A re-investigation (its survey prefilled from the case's last one) and the township's new opinion. */
export async function reinvestigateAndProposeAgain(page: Page, reason: string, amount: string): Promise<void> {
  const re = await openStep(page, '重新调查');
  await re.getByLabel('重新调查的原因', exact).fill(reason);
  await re.getByRole('button', { name: '开始重新调查' }).click();
  await saved(page, /^调查已从本案上次的调查预填。/);
  const opinion = await openStep(page, '乡镇审核意见');
  await opinion.getByLabel('拟保障金额（元/月）', exact).fill(amount);
  await opinion.getByRole('button', { name: '记录' }).click();
  await saved(page);
}
