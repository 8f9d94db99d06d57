import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Scene } from './support/scene';
import { createWorker, pushFromAnotherTablet } from './support/security';
import type { RunningServer } from './support/server-process';
import { logInOnline, waitForSyncText } from './support/ui';
import { sceneInBrowser } from './support/scene-in-browser';

/**
 * Issue 13 item 11: a township worker holds the tablet upright (800×1280). The household list and the
 * shelter list must read as cards there — never a name or a village wrapped one character per line —
 * and stay tables on the landscape tablet (1024×768). Made-up people and ID numbers.
 */

const HEADS = [
  { name: '欧阳建国', idNumber: '330106198503121231' },
  { name: '司马秀英', idNumber: '610104197707070085' },
  { name: '诸葛小明', idNumber: '42010619920115101X' },
];

/** How many lines the text of each matching element takes (pseudo-element labels not included). */
async function linesOf(page: Page, selector: string): Promise<{ text: string; lines: number }[]> {
  return page.locator(selector).evaluateAll((els) =>
    els.map((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      return { text: (el.textContent ?? '').trim(), lines: tops.size };
    }),
  );
}

async function rowDisplay(page: Page, table: string): Promise<string[]> {
  return page.locator(`${table} tbody tr`).evaluateAll((rows) => rows.map((r) => getComputedStyle(r).display));
}

describe('lists on a portrait tablet (issue 13 item 11)', () => {
  let server: RunningServer;
  let browser: Browser;
  let scene: Scene;

  sceneInBrowser((started) => ({ server, scene, browser } = started), {
    worker: 'portrait',
    setUp: async ({ server, scene }) => {
      // Another worker of the township registered the households; this tablet pulls them.
      const other = await createWorker(scene.admin, 'desk2', '李娜');
      for (const head of HEADS) await pushFromAnotherTablet(server.url, scene, other, head);
    },
  });

  async function openList(viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport });
    const page = await context.newPage();
    await page.goto(server.url);
    await logInOnline(page, scene.worker.username, scene.worker.password);
    await waitForSyncText(page, /已同步/);
    await expect.poll(() => page.locator('table.records tbody tr').count(), { timeout: 30_000 }).toBe(3);
    return page;
  }

  it('800×1280: each household is a card, names and villages on one line', async () => {
    const page = await openList({ width: 800, height: 1280 });
    const names = await linesOf(page, 'table.records tbody th a');
    expect(names.map((n) => n.text).sort()).toEqual(HEADS.map((h) => h.name).sort());
    for (const n of names) expect(n, n.text).toEqual({ text: n.text, lines: 1 });
    for (const v of await linesOf(page, 'table.records tbody td:nth-of-type(3)')) expect(v).toEqual({ text: '河东村', lines: 1 });
    expect(await rowDisplay(page, 'table.records')).toEqual(['block', 'block', 'block']);
    expect(await page.locator('table.records thead').isVisible()).toBe(false);
    // Each value keeps its label (the column heading) beside it.
    const labels = await page.locator('table.records tbody tr').first().locator('th, td').evaluateAll((cells) =>
      cells.map((c) => getComputedStyle(c, '::before').content),
    );
    expect(labels.slice(0, 4)).toEqual(['"户主"', '"身份证号"', '"人数"', '"村"']);

    await page.getByRole('link', { name: '安置点', exact: true }).click();
    await page.locator('table.shelter-table tbody tr').first().waitFor({ timeout: 30_000 });
    expect(await rowDisplay(page, 'table.shelter-table')).toEqual(['block']);
    for (const v of await linesOf(page, 'table.shelter-table tbody th')) expect(v).toEqual({ text: '清河中学', lines: 1 });
    await page.context().close();
  });

  it('1024×768: the lists stay tables, still without one-character lines', async () => {
    const page = await openList({ width: 1024, height: 768 });
    expect(await rowDisplay(page, 'table.records')).toEqual(['table-row', 'table-row', 'table-row']);
    for (const n of await linesOf(page, 'table.records tbody th a')) expect(n, n.text).toEqual({ text: n.text, lines: 1 });
    await page.context().close();
  });
});
