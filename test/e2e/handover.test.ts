import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DONGFENG, DONGFENG_QINGHE } from '../fixtures/areas';
import { createHandoverSigningKey, writeHandoverFile } from '../helpers/handover-file';
import { householdFields } from '../../sync-server/test/fixtures';
import { Api } from './support/api';
import { goOffline, goOnline, waitForServiceWorker } from './support/browser';
import { madeUpIdNumber } from './support/ids';
import { scanProfile } from './support/profile-scan';
import { COUNTY, serverRecords, type Scene } from './support/scene';
import { sceneInBrowser } from './support/scene-in-browser';
import type { RunningServer } from './support/server-process';
import { logInOnline, registerHousehold, syncStatus, waitForSyncText } from './support/ui';

/**
 * Issue 17, done-when, in Chromium against the real server process: a tablet offline exports its
 * queue as one encrypted file; the county supervisor imports it on the hand-over page; the records
 * are in the county report; the tablet then syncs, sends nothing again, and its queue is empty.
 * The same file twice changes nothing; one flipped byte, or a file of another county's account, is
 * refused with a clear message. The file holds no readable ID number or name (the profile scan's
 * search, with a control that the search finds them in clear).
 */
const FIRST = { idNumber: madeUpIdNumber(171), name: '欧阳交接' };
const SECOND = { idNumber: madeUpIdNumber(172), name: '司马文件' };
const NEEDLES = [FIRST.idNumber, FIRST.name, SECOND.idNumber, SECOND.name];

describe('hand-over file: export offline, import at the county, acknowledged at the next sync [F5][F7][F9][F10]', () => {
  let server: RunningServer;
  let browser: Browser;
  let scene: Scene;
  const contexts: BrowserContext[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-handover-'));
  let worker: { context: BrowserContext; page: Page };
  let office: Page;
  let file: string;

  sceneInBrowser((started) => ({ server, scene, browser } = started), {
    setUp: async ({ scene }) => {
      await scene.admin.call('POST', '/api/admin/users', { username: 'qiansup', password: 'super-pass-789', role: 'supervisor', township: null, county: COUNTY, displayName: '钱主任' });
      await scene.admin.call('POST', '/api/admin/users', { username: 'dfworker', password: 'worker-pass-999', role: 'worker', township: DONGFENG_QINGHE, county: DONGFENG, displayName: '东丰员' });
    },
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(server.url);
    return { context, page };
  }

  async function importFile(path: string): Promise<void> {
    await office.getByLabel('选择交接文件').setInputFiles(path);
  }

  it('the tablet, offline, exports its queue: counts and size shown, nothing leaves the queue, no readable value in the file', async () => {
    worker = await open();
    const { context, page } = worker;
    await waitForServiceWorker(page);
    await logInOnline(page, scene.worker.username, scene.worker.password);
    await waitForSyncText(page, /已同步/);
    await goOffline(context, server.url);
    await registerHousehold(page, { ...FIRST, members: 3, village: '河东村', siteName: '清河中学' });
    await registerHousehold(page, { ...SECOND, members: 2, village: '河西村', siteName: '清河中学' });
    await waitForSyncText(page, /2 条待上传/);

    await page.getByRole('link', { name: '文件交接' }).click();
    await expect.poll(() => page.getByText('待导出：2 户/份记录（2 条更改），0 张照片或签名。').count()).toBe(1);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出待上传数据' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^tidemark-handover-.+\.tdmho$/);
    file = join(dir, 'export', download.suggestedFilename());
    await download.saveAs(file);
    await expect.poll(() => page.getByText(/已导出 2 条更改、0 张照片或签名，文件大小 [\d.]+ KB/).count()).toBe(1);
    // Nothing left the queue.
    await waitForSyncText(page, /2 条待上传/);

    // The file: the planted values are nowhere in it; the control (the same values in clear beside it) is found.
    expect(scanProfile(join(dir, 'export'), NEEDLES).hits).toEqual([]);
    writeFileSync(join(dir, 'control.json'), JSON.stringify([FIRST, SECOND]));
    const control = scanProfile(dir, NEEDLES);
    expect(new Set(control.hits.filter((h) => h.file === 'control.json').map((h) => h.needle))).toEqual(new Set(NEEDLES));
    expect(control.hits.filter((h) => h.file !== 'control.json')).toEqual([]);
  });

  it('the county imports it; the records are in the county report; the same file again changes nothing', async () => {
    office = (await open()).page;
    await logInOnline(office, 'qiansup', 'super-pass-789');
    await office.getByRole('link', { name: '文件交接' }).click();
    await importFile(file);
    const result = office.getByRole('region', { name: '导入结果' });
    await expect.poll(() => result.locator('[data-count="applied"]').textContent(), { timeout: 30_000 }).toBe('2');
    expect(await result.locator('[data-count="alreadyHeld"]').textContent()).toBe('0');
    const names = (await serverRecords(scene.admin, 'household')).map((r) => (r.fields.head as { name?: string } | undefined)?.name).sort();
    expect(names).toEqual([FIRST.name, SECOND.name].sort());

    // 县级统计报表: the five people relocated by the two households.
    await office.goto(`${server.url}/#/county-report`);
    await office.getByRole('button', { name: '生成报表' }).click();
    const row = office.getByRole('row', { name: /紧急转移安置人口（累计）/ });
    await expect.poll(async () => (await row.getByRole('cell').allTextContents()).at(-1)?.trim(), { timeout: 30_000 }).toBe('5');

    await office.goto(`${server.url}/#/handover`);
    await importFile(file);
    await expect.poll(() => office.getByRole('region', { name: '导入结果' }).locator('[data-count="alreadyHeld"]').textContent(), { timeout: 30_000 }).toBe('2');
    expect(await office.getByRole('region', { name: '导入结果' }).locator('[data-count="applied"]').textContent()).toBe('0');
    expect((await serverRecords(scene.admin, 'household')).map((r) => r.version)).toEqual([1, 1]);
  });

  it('a file with one flipped byte is refused, with a message that says so; nothing is written', async () => {
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    const damaged = join(dir, 'damaged.tdmho');
    writeFileSync(damaged, bytes);
    await importFile(damaged);
    await expect.poll(() => office.getByRole('alert').textContent(), { timeout: 30_000 }).toContain('未导入：文件在导出后被改动或已损坏');
  });

  it('a file of an account of another county is refused', async () => {
    // 东丰员's tablet, done by script: log in, register the signing key, write a file (the tablet's own code).
    const login = await new Api(server.url).call<{ token: string; user: { id: string } }>('POST', '/api/auth/login', { username: 'dfworker', password: 'worker-pass-999', deviceId: 'e2e-dongfeng-tablet' });
    const api = new Api(server.url, login.token);
    const key = await createHandoverSigningKey();
    const { serverKey } = await api.call<{ serverKey: Parameters<typeof writeHandoverFile>[0]['serverKey'] }>('POST', '/api/handover/keys', { publicKey: key.publicKey });
    const id = 'dongfeng-household-0001';
    const bytes = await writeHandoverFile({
      clientId: 'e2e-dongfeng-tablet', userId: login.user.id, signingKey: key, serverKey,
      changes: [{ seq: 1, entity: 'household', id, baseVersion: 0, fields: householdFields(id, { eventId: scene.eventId }), formVersion: 1, changedAt: new Date().toISOString() }],
    });
    const other = join(dir, 'dongfeng.tdmho');
    writeFileSync(other, bytes);
    await importFile(other);
    await expect.poll(() => office.getByRole('alert').textContent(), { timeout: 30_000 }).toContain('该文件属于您辖区以外的账户');
    expect((await serverRecords(scene.admin, 'household')).map((r) => r.id)).not.toContain(id);
  });

  it('the tablet syncs: it sends no change again, its queue is empty, and it says 已通过文件上交', async () => {
    const { context, page } = worker;
    const pushes: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/sync/push')) pushes.push(r.url());
    });
    await goOnline(context, server.url);
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /已同步/);
    expect(await syncStatus(page)).toContain('已通过文件上交 2 条');
    expect(await syncStatus(page)).not.toMatch(/待上传/);
    expect(pushes).toEqual([]);
    expect((await serverRecords(scene.admin, 'household')).map((r) => r.version)).toEqual([1, 1]);
  });
});
