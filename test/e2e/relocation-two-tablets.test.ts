import { afterAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CountyReport } from '../../src/shared/rules/relocation/report-types';
import { goOffline, goOnline, waitForServiceWorker } from './support/browser';
import { madeUpIdNumber } from './support/ids';
import { COUNTY, TOWNSHIP, serverRecords, type Scene } from './support/scene';
import type { RunningServer } from './support/server-process';
import { drawSignature, logInOnline, registerHousehold, waitForSyncText } from './support/ui';
import { sceneInBrowser } from './support/scene-in-browser';

interface FlagRow {
  id: string;
  kind: 'duplicate-person' | 'double-handout';
  status: 'open' | 'resolved';
  recordIds: string[];
  itemKind?: string;
  round?: string;
  key: string;
}

/** At the relief desk: 2 quilts of round 1 to the household, the head signs. */
async function handOutQuilts(page: Page, headName: string): Promise<void> {
  await page.getByRole('link', { name: `为 ${headName} 户登记发放` }).click();
  await page.getByRole('heading', { name: `${headName} 户的救灾款物发放` }).waitFor();
  await page.getByLabel('发放项目').selectOption('quilt');
  await expect.poll(() => page.getByLabel('数量').inputValue()).toBe('4');
  await page.getByLabel('数量').fill('2');
  await expect.poll(() => page.getByLabel('折款（元）').inputValue()).toBe('100');
  await drawSignature(page);
  await page.getByRole('button', { name: '保存发放记录' }).click();
  await page.getByText('发放已登记').first().waitFor({ timeout: 30_000 });
}

/**
 * Issue 4's story: two tablets of the same township, both offline, register the same household (same
 * head ID number) and hand it the same item in the same round. Each tablet can only know its own
 * records, so each accepts. After both sync, the server counts the household's people once in the
 * county report and lists one duplicate-person and one double hand-out flag for the county to resolve.
 */
describe('two tablets, one household, offline', () => {
  let server: RunningServer;
  let browser: Browser;
  let scene: Scene;
  const contexts: BrowserContext[] = [];

  sceneInBrowser((started) => ({ server, scene, browser } = started), {
    setUp: async ({ scene }) => {
      await scene.admin.call('POST', '/api/admin/users', {
        username: 'lisi', password: 'worker-pass-456', role: 'worker', township: TOWNSHIP, county: COUNTY, displayName: '李四',
      });
      await scene.admin.call('POST', '/api/admin/entitlements', {
        eventId: scene.eventId, round: 1, itemKind: 'quilt', maxQuantity: 4, unit: '床', maxValue: 200, oncePerRound: true, township: null,
      });
    },
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
  });

  async function tablet(username: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1024, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForServiceWorker(page);
    await logInOnline(page, username, password);
    // The event, the shelter and the entitlement arrive as reference data on the first sync.
    await waitForSyncText(page, /已同步/);
    return { context, page };
  }

  it('counts the person once and flags one duplicate person and one double hand-out after sync', async () => {
    const a = await tablet(scene.worker.username, scene.worker.password);
    const b = await tablet('lisi', 'worker-pass-456');
    await goOffline(a.context, server.url);
    await goOffline(b.context, server.url);
    await waitForSyncText(a.page, /离线/);
    await waitForSyncText(b.page, /离线/);

    const head = { idNumber: madeUpIdNumber(41), name: '张卫国', members: 4, village: '河西村', siteName: '清河中学' };
    for (const t of [a, b]) {
      await registerHousehold(t.page, head);
      await handOutQuilts(t.page, head.name);
      await t.page.getByRole('link', { name: '受灾户', exact: true }).click();
      await waitForSyncText(t.page, /2 条待上传/);
    }

    for (const t of [a, b]) {
      await goOnline(t.context, server.url);
      await t.page.getByRole('button', { name: '同步', exact: true }).click();
      await waitForSyncText(t.page, /已同步/);
    }

    // Both registrations and both hand-outs reached the server: nothing is dropped.
    expect(await serverRecords(scene.admin, 'household')).toHaveLength(2);
    const handouts = await serverRecords(scene.admin, 'relief');
    expect(handouts).toHaveLength(2);
    for (const h of handouts) expect(h.fields).toMatchObject({ item: { category: 'goods', kind: 'quilt' }, quantity: 2, unit: '床', round: 1, recipient: { confirmation: 'signature' } });
    // The drawn signatures followed their records (SPEC T1): two PNGs, none missing on the server.
    const hashes = handouts.map((h) => (h.fields.recipient as { attachmentSha256: string }).attachmentSha256);
    expect(new Set(hashes).size).toBe(2);
    // Attachments are held by (area, hash) (SPEC T3): the administrator names the township asked about.
    await expect.poll(async () => (await scene.admin.call<{ missing: string[] }>('POST', '/api/attachments/missing', { hashes, township: TOWNSHIP })).missing).toEqual([]);

    // The county report counts the household's four people once.
    const at = new Date().toISOString();
    const { report } = await scene.admin.call<{ report: CountyReport }>('GET', `/api/reports/relocation?eventId=${scene.eventId}&at=${encodeURIComponent(at)}`);
    expect(report.total.relocated).toMatchObject({ cumulative: 4, current: 4, centralised: { cumulative: 4, current: 4 }, dispersed: { cumulative: 0, current: 0 } });
    expect(report.total.relief).toMatchObject({ goods: [{ kind: 'quilt', unit: '床', quantity: 4, valueYuan: 200 }], householdsReached: 1 });
    expect(report.townships.map((t) => t.township)).toEqual([TOWNSHIP]);

    // One duplicate-person flag and one double hand-out flag, open for the county.
    const flagsOf = async () => (await scene.admin.call<{ flags: FlagRow[] }>('GET', `/api/flags?eventId=${scene.eventId}`)).flags;
    await expect.poll(async () => (await flagsOf()).length).toBe(2);
    const flags = await flagsOf();
    const duplicate = flags.filter((f) => f.kind === 'duplicate-person');
    const double = flags.filter((f) => f.kind === 'double-handout');
    expect(duplicate).toHaveLength(1);
    expect(double).toHaveLength(1);
    expect(duplicate[0]).toMatchObject({ status: 'open', recordIds: expect.arrayContaining((await serverRecords(scene.admin, 'household')).map((h) => h.id)) });
    expect(double[0]).toMatchObject({ status: 'open', itemKind: 'quilt', round: '1', recordIds: expect.arrayContaining(handouts.map((h) => h.id)) });
    // The flag names the head masked, never the full number.
    for (const f of flags) expect(f.key).not.toContain(head.idNumber);

    // The county office sees the same on its page, and resolves the double hand-out there.
    const office = await tablet('admin', server.adminPassword);
    await office.page.getByRole('link', { name: '县级统计' }).click();
    await office.page.getByRole('button', { name: '生成报表' }).click();
    const row = office.page.getByRole('row', { name: /紧急转移安置人口（累计）/ });
    await expect.poll(() => row.textContent()).toContain('4');
    await office.page.getByRole('button', { name: /^处理：.*棉被/ }).click();
    await office.page.getByLabel('合并（确为同一户或同一次发放）').check();
    await office.page.getByLabel('理由').fill('两台平板重复发放，已收回 2 床');
    await office.page.getByRole('button', { name: '提交处理' }).click();
    await expect.poll(async () => (await flagsOf()).find((f) => f.kind === 'double-handout')?.status).toBe('resolved');
    expect((await flagsOf()).find((f) => f.kind === 'duplicate-person')?.status).toBe('open');
  });
});
