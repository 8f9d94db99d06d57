import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { goOffline, goOnline, waitForServiceWorker } from './support/browser';
import { serverRecords, type Scene } from './support/scene';
import type { RunningServer } from './support/server-process';
import { logInOnline, registerHousehold, waitForSyncText } from './support/ui';
import { sceneInBrowser } from './support/scene-in-browser';

/**
 * Issue 6 §2: offline unlock after one online login; five wrong passwords discard the unlock material
 * (even the right password then fails offline: an online login is needed); the online login restores
 * access, the unsynced record is still there and uploads once. (A made-up ID number and name.)
 */
const RECORD = { idNumber: '11010519491231002X', name: '欧阳明月' };

describe('offline unlock with wrong passwords', () => {
  let server: RunningServer;
  let scene: Scene;
  let browser: Browser;

  sceneInBrowser((started) => ({ server, scene, browser } = started));

  const tryUnlock = async (page: Page, password: string) => {
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '解锁', exact: true }).click();
    // Each try runs PBKDF2 (600,000 iterations): wait for the answer.
    await page.getByRole('button', { name: '解锁', exact: true }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: '解锁', exact: true }).isEnabled()).toBe(true);
  };
  const alert = (page: Page) => page.getByRole('alert').textContent();
  /** The account rows of the device database, read raw. */
  const deviceAccounts = (page: Page) =>
    page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const r = indexedDB.open('tidemark-device');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      const rows = await new Promise<any[]>((ok) => {
        const r = db.transaction('accounts').objectStore('accounts').getAll();
        r.onsuccess = () => ok(r.result);
      });
      db.close();
      return rows.map((a) => {
        const k = a.keys.pepperKey as CryptoKey | null;
        return {
          iterations: a.keys.passwordSlot?.iterations ?? null,
          pepper: k ? { type: k.type, extractable: k.extractable, usages: k.usages } : null,
          passwordSlot: !!a.keys.passwordSlot,
          recovery: !!a.keys.recoverySlot,
          failed: a.failedAttempts,
        };
      });
    });

  it('five wrong passwords wipe the offline unlock; an online login brings everything back, the unsynced record uploads once', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForServiceWorker(page);
    await logInOnline(page, scene.worker.username, scene.worker.password);
    await waitForSyncText(page, /已同步/);

    // The offline unlock material the online login left: PBKDF2 with ≥ 600,000 iterations over a
    // password peppered with a non-extractable key derived from the server's secret.
    expect(await deviceAccounts(page)).toEqual([
      { iterations: 600_000, pepper: { type: 'secret', extractable: false, usages: ['sign'] }, passwordSlot: true, recovery: true, failed: 0 },
    ]);

    await goOffline(context, server.url);
    await registerHousehold(page, { ...RECORD, members: 2, village: '河东村' });
    await waitForSyncText(page, /1 条待上传/);
    // The tablet restarts while offline: only an offline unlock can open it.
    await page.reload();
    await page.getByRole('button', { name: '解锁', exact: true }).waitFor({ timeout: 60_000 });
    expect(await page.getByText(RECORD.name).count()).toBe(0);

    for (let i = 1; i <= 4; i++) {
      await tryUnlock(page, `wrong-password-${i}`);
      await expect.poll(() => alert(page)).toBe(`密码错误，还可尝试 ${5 - i} 次。`);
    }
    await tryUnlock(page, 'wrong-password-5');
    await expect.poll(() => alert(page)).toContain('离线密钥已清除，请联网重新登录');
    // The material is gone: the right password no longer unlocks offline.
    await tryUnlock(page, scene.worker.password);
    await expect.poll(() => alert(page)).toContain('请联网重新登录');
    expect(await page.getByRole('button', { name: '退出登录' }).count()).toBe(0);
    // …and the tablet really dropped it: no password slot, no pepper key, the recovery slot kept.
    expect(await deviceAccounts(page)).toEqual([{ iterations: null, pepper: null, passwordSlot: false, recovery: true, failed: 5 }]);

    // Online: the login restores access through the recovery slot; the unsynced record is there and uploads.
    await goOnline(context, server.url);
    await page.getByRole('button', { name: '在线登录' }).click();
    await logInOnline(page, scene.worker.username, scene.worker.password);
    await expect.poll(() => page.getByText(RECORD.name).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /已同步/);
    const stored = (await serverRecords(scene.admin, 'household')).filter((r) => (r.fields.head as { name: string }).name === RECORD.name);
    expect(stored).toHaveLength(1);

    // And offline unlock works again with the right password (a new password slot was wrapped).
    await page.getByRole('button', { name: '锁定' }).click();
    await page.getByLabel('密码').fill(scene.worker.password);
    await page.getByRole('button', { name: '解锁', exact: true }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor({ timeout: 60_000 });
    await context.close();
  });
});
