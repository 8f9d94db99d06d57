import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { goOffline, goOnline, killChromium, launchPersistent, waitForServiceWorker } from './support/browser';
import { madeUpIdNumber } from './support/ids';
import { COUNTY, serverRecords, TOWNSHIP, type Scene } from './support/scene';
import type { RunningServer } from './support/server-process';
import { logInOnline, registerHousehold, unlockOffline, waitForSyncText } from './support/ui';
import { sceneInBrowser } from './support/scene-in-browser';

/**
 * Issue 5's fault tests in real Chromium against the real server process. Rule ids from
 * src/shared/protocol/SPEC.md.
 */
describe('sync faults in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let scene: Scene;
  let n = 0;
  const nextUser = async () => {
    n += 1;
    const username = `worker${n}`;
    await scene.admin.call('POST', '/api/admin/users', {
      username, password: scene.worker.password, role: 'worker', township: TOWNSHIP, county: COUNTY, displayName: `工作人员${n}`,
    });
    return username;
  };

  sceneInBrowser((started) => ({ server, scene, browser } = started));

  async function openLoggedIn(context: BrowserContext, username: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForServiceWorker(page);
    await logInOnline(page, username, scene.worker.password);
    await waitForSyncText(page, /已同步/);
    return page;
  }

  const headNames = async () =>
    (await serverRecords(scene.admin, 'household')).map((r) => (r.fields.head as { name: string }).name);

  it('[P2][P6] the reply is lost after the server committed: the retry applies the batch once', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await openLoggedIn(context, await nextUser());
    await goOffline(context, server.url);
    await registerHousehold(page, { idNumber: madeUpIdNumber(11), name: '回复丢失甲', members: 2, village: '东村', siteName: '清河中学' });
    await registerHousehold(page, { idNumber: madeUpIdNumber(12), name: '回复丢失乙', members: 3, village: '东村' });
    let cut = 0;
    // Routed before going online: coming online starts a sync at once.
    await page.route('**/api/sync/push', async (route) => {
      if (cut === 0) {
        cut += 1;
        await route.fetch(); // the server applies the batch…
        await route.abort('connectionreset'); // …and the tablet never hears back
      } else {
        await route.continue();
      }
    });
    await goOnline(context, server.url);
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await expect.poll(() => cut).toBe(1);
    // The server has the batch; the tablet still counts both as waiting.
    await expect.poll(async () => (await headNames()).filter((x) => x.startsWith('回复丢失')).length).toBe(2);
    // The tablet did not hear back, so it sends the batch again (its back-off, or the worker's tap).
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /已同步/);
    await waitForSyncText(page, /无待上传记录|已同步/);
    const names = (await headNames()).filter((x) => x.startsWith('回复丢失'));
    expect(names.sort()).toEqual(['回复丢失乙', '回复丢失甲']);
    await context.close();
  });

  it('[P6][E3] the network is cut in the middle of an upload: it resumes and nothing is doubled', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await openLoggedIn(context, await nextUser());
    await goOffline(context, server.url);
    // The upload is cut once in the middle; the next attempt sends what the server did not confirm.
    const saved = await saveManyThroughUi(page, 3);
    expect(saved).toBe(3);
    await goOnline(context, server.url);
    let pushes = 0;
    await page.route('**/api/sync/push', async (route) => {
      pushes += 1;
      if (pushes === 1) await route.abort('connectionreset');
      else await route.continue();
    });
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /已同步/, 120_000);
    const names = (await headNames()).filter((x) => x.startsWith('断网续传'));
    expect(names).toHaveLength(3);
    expect(new Set(names).size).toBe(3);
    await context.close();
  });

  async function saveManyThroughUi(page: Page, count: number): Promise<number> {
    for (let i = 0; i < count; i++) {
      await registerHousehold(page, { idNumber: madeUpIdNumber(100 + i), name: `断网续传${i}`, members: 1, village: '西村' });
    }
    return count;
  }

  it('a browser killed after "saved" was shown keeps the record', async () => {
    const username = await nextUser();
    const dir = mkdtempSync(join(tmpdir(), 'tidemark-profile-'));
    try {
      let context = await launchPersistent(dir);
      let page = await openLoggedIn(context, username);
      await goOffline(context, server.url);
      await registerHousehold(page, { idNumber: madeUpIdNumber(21), name: '强杀浏览器', members: 5, village: '南村', siteName: '清河中学' });
      // Kill Chromium outright, as a dying battery would: no unload, no clean shutdown.
      const pid = (context.browser() as unknown as { process?: () => { pid: number } } | null)?.process?.().pid;
      killChromium(dir, pid);
      await context.close().catch(() => undefined);

      context = await launchPersistent(dir);
      await goOffline(context, server.url);
      page = context.pages()[0] ?? (await context.newPage());
      await page.goto(server.url);
      await unlockOffline(page, scene.worker.password);
      await expect.poll(() => page.getByText('强杀浏览器').count()).toBeGreaterThan(0);
      await goOnline(context, server.url);
      await page.getByRole('button', { name: '同步', exact: true }).click();
      await waitForSyncText(page, /已同步/);
      expect((await headNames()).filter((x) => x === '强杀浏览器')).toHaveLength(1);
      await context.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a page reloaded in the middle of saving leaves the record whole or absent, never half', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await openLoggedIn(context, await nextUser());
    await goOffline(context, server.url);
    for (let i = 0; i < 4; i++) {
      await page.getByRole('button', { name: '登记受灾户' }).click();
      await page.getByLabel('身份证号').fill(madeUpIdNumber(300 + i));
      await page.getByLabel('户主姓名').fill(`重载中保存${i}`);
      await page.getByLabel('家庭人数').fill('2');
      await page.getByLabel('原住村').fill('北村');
      await page.getByLabel('未损坏', { exact: true }).check();
      await page.getByLabel('分散安置', { exact: true }).check();
      // Reload a little after the tap, at a different moment each time.
      await page.getByRole('button', { name: '保存' }).click({ noWaitAfter: true });
      await page.waitForTimeout(i * 15);
      await page.goto(server.url); // a full navigation, like a reload, but back to the list
      await unlockOffline(page, scene.worker.password);
    }
    // Every record on the tablet has its outbox change, and every outbox change its record.
    const check = await page.evaluate(async () => {
      const dbs = (await indexedDB.databases()).map((d) => d.name!).filter((name) => name.startsWith('tidemark-u-'));
      const out: { records: string[]; outbox: string[] }[] = [];
      // Records pulled from other workers of the township are synced and have no outbox change: leave them out.
      for (const name of dbs) {
        const db = await new Promise<IDBDatabase>((ok, fail) => {
          const r = indexedDB.open(name);
          r.onsuccess = () => ok(r.result);
          r.onerror = () => fail(r.error);
        });
        const all = (store: string) =>
          new Promise<{ id: string; entity?: string; syncState?: string }[]>((ok, fail) => {
            const r = db.transaction(store).objectStore(store).getAll();
            r.onsuccess = () => ok(r.result);
            r.onerror = () => fail(r.error);
          });
        out.push({
          records: (await all('records')).filter((r) => r.syncState !== 'synced').map((r) => r.id),
          outbox: (await all('outbox')).map((r) => r.id),
        });
        db.close();
      }
      return out;
    });
    const mine = check.find((c) => c.records.length > 0) ?? { records: [], outbox: [] };
    expect(new Set(mine.outbox)).toEqual(new Set(mine.records));
    await goOnline(context, server.url);
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /已同步/);
    const names = (await headNames()).filter((x) => x.startsWith('重载中保存'));
    expect(names.length).toBe(mine.records.length);
    expect(new Set(names).size).toBe(names.length);
    await context.close();
  });

  it('a storage quota 1 MiB above what the installed app uses: the worker is told storage is full, the form is kept, nothing earlier is lost', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(server.url);
    await waitForServiceWorker(page);
    await logInOnline(page, await nextUser(), scene.worker.password);
    await waitForSyncText(page, /已同步/);
    // The quota is set from what the origin holds once the app is installed and synced. A fixed 3 MiB
    // (until the seventeenth session) left, after the filler below was deleted, a few KB for the save
    // (11.5 KB once the precached app was 2.9 MB of it): the app's size decided the test, not the app.
    const used = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    expect(used).toBeGreaterThan(0);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: server.url, quotaSize: used + 1024 * 1024 });
    await goOffline(context, server.url);
    await registerHousehold(page, { idNumber: madeUpIdNumber(41), name: '配额之前', members: 2, village: '中村' });
    // Fill what is left of the quota with incompressible bytes in another database of the origin (photos would do this).
    const filled = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const r = indexedDB.open('quota-filler', 1);
        r.onupgradeneeded = () => r.result.createObjectStore('blobs');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      let total = 0;
      for (let chunk = 256 * 1024; chunk >= 1024; chunk = Math.floor(chunk / 2)) {
        for (;;) {
          const bytes = new Uint8Array(chunk);
          for (let o = 0; o < chunk; o += 65536) crypto.getRandomValues(bytes.subarray(o, Math.min(chunk, o + 65536)));
          const ok = await new Promise<boolean>((res) => {
            const tx = db.transaction('blobs', 'readwrite');
            tx.objectStore('blobs').put(bytes, `b${total}-${chunk}`);
            tx.oncomplete = () => res(true);
            tx.onabort = () => res(false);
            tx.onerror = () => res(false);
          });
          if (!ok) break;
          total += chunk;
        }
      }
      db.close();
      return total;
    });
    expect(filled).toBeGreaterThan(0);
    await page.getByRole('button', { name: '登记受灾户' }).click();
    await page.getByLabel('身份证号').fill(madeUpIdNumber(42));
    await page.getByLabel('户主姓名').fill('配额之后');
    await page.getByLabel('家庭人数').fill('3');
    await page.getByLabel('原住村').fill('中村');
    await page.getByLabel('未损坏', { exact: true }).check();
    await page.getByLabel('分散安置', { exact: true }).check();
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('存储空间已满').first().waitFor({ timeout: 30_000 });
    // The form keeps what was typed.
    expect(await page.getByLabel('户主姓名').inputValue()).toBe('配额之后');
    // Free the space (as syncing and deleting photos would), then the same form saves, and the earlier record is intact.
    await page.evaluate(() => new Promise((ok) => { const r = indexedDB.deleteDatabase('quota-filler'); r.onsuccess = r.onerror = r.onblocked = () => ok(null); }));
    await page.getByRole('button', { name: '保存' }).click();
    // The form closes on this save ("已保存" alone could still be the first save's confirmation, shown 4 s).
    await page.getByLabel('户主姓名').waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByText('已保存').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByText('配额之前').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('配额之后').count()).toBeGreaterThan(0);
    await context.close();
  });
});
