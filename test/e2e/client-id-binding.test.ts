import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { goOffline, goOnline, waitForServiceWorker } from './support/browser';
import { madeUpIdNumber } from './support/ids';
import { COUNTY, TOWNSHIP, serverRecords, type Scene } from './support/scene';
import type { RunningServer } from './support/server-process';
import { logInOnline, registerHousehold, waitForSyncText } from './support/ui';
import { sceneInBrowser } from './support/scene-in-browser';

/**
 * Issue 10 findings 3 and 4 in real Chromium against the real server process: another writer on the
 * tablet's client id made the server answer the tablet's change with someone else's result, the tablet
 * marked it synced, and the record was never stored. Now the tablet moves its outbox to a fresh client
 * id (SPEC P9) and the record is stored exactly once. Rule ids from src/shared/protocol/SPEC.md.
 */
describe('client ids bound, in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let scene: Scene;
  let n = 0;
  const password = 'worker-pass-123';
  const newWorker = async () => {
    n += 1;
    const username = `binder${n}`;
    await scene.admin.call('POST', '/api/admin/users', {
      username, password, role: 'worker', township: TOWNSHIP, county: COUNTY, displayName: `工作人员${n}`,
    });
    return username;
  };

  sceneInBrowser((started) => ({ server, scene, browser } = started));

  /** Logs in on a fresh tablet and returns the page and the client id its login named. */
  async function tabletLoggedIn(context: BrowserContext, username: string): Promise<{ page: Page; clientIds: string[]; pushes: number[] }> {
    const page = await context.newPage();
    const clientIds: string[] = [];
    const pushes: number[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/auth/login')) clientIds.push((JSON.parse(r.postData() ?? '{}') as { deviceId: string }).deviceId);
    });
    page.on('response', (r) => {
      if (r.url().endsWith('/api/sync/push')) pushes.push(r.status());
    });
    await page.goto(server.url);
    await waitForServiceWorker(page);
    await logInOnline(page, username, password);
    await waitForSyncText(page, /已同步/);
    return { page, clientIds, pushes };
  }

  /** Logs in through the API with a chosen client id: what another writer does. */
  async function apiLogin(username: string, deviceId: string): Promise<{ status: number; token?: string; code?: string }> {
    const r = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password, deviceId }),
    });
    const body = (await r.json()) as { token?: string; error?: { code: string } };
    return { status: r.status, ...(body.token ? { token: body.token } : {}), ...(body.error ? { code: body.error.code } : {}) };
  }

  /** Pushes one household at `seq` under `deviceId`, as another writer would. */
  async function pushHousehold(token: string, deviceId: string, seq: number, name: string, idNo: number): Promise<number> {
    const id = crypto.randomUUID();
    const fields = {
      id, eventId: scene.eventId, head: { name, idNumber: madeUpIdNumber(idNo) }, membersCount: 2, origin: { village: '西村' },
      damage: { level: 'severe' }, placement: 'centralised', shelterSiteId: scene.siteId, checkInAt: '2026-06-20T10:00:00+08:00',
    };
    const r = await fetch(`${server.url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ protocol: 2, deviceId, changes: [{ seq, entity: 'household', id, baseVersion: 0, fields, formVersion: 1, changedAt: '2026-06-20T02:00:00.000Z' }] }),
    });
    return r.status;
  }

  const namesOnServer = async (prefix: string) =>
    (await serverRecords(scene.admin, 'household')).map((r) => (r.fields.head as { name: string }).name).filter((x) => x.startsWith(prefix));

  it('[A4][P9] another account cannot take the tablet’s client id; the household saved offline is stored exactly once', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const owner = await newWorker();
    const { page, clientIds, pushes } = await tabletLoggedIn(context, owner);
    const clientId = clientIds.at(-1)!;
    await goOffline(context, server.url);
    await registerHousehold(page, { idNumber: madeUpIdNumber(301), name: '绑定甲', members: 2, village: '东村', siteName: '清河中学' });

    // Another worker logs in with the tablet's client id (the release before re-bound it) and pushes seq 1.
    const other = await newWorker();
    const stolen = await apiLogin(other, clientId);
    if (stolen.token) await pushHousehold(stolen.token, clientId, 1, '冒用乙', 302);
    expect(stolen).toMatchObject({ status: 409, code: 'CLIENT_ID_TAKEN' });

    // A database upgraded from the release before may still hold such a re-binding: the tablet's push
    // under that id is refused, and it moves to a fresh one.
    const db = new Database(join(server.dataDir, 'tidemark.sqlite'));
    const otherId = (db.prepare('SELECT id FROM users WHERE username = ?').get(other) as { id: string }).id;
    db.prepare('UPDATE devices SET user_id = ? WHERE id = ?').run(otherId, clientId);
    db.close();

    await goOnline(context, server.url);
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /已同步/);
    await expect.poll(() => namesOnServer('绑定甲')).toEqual(['绑定甲']);
    expect(pushes).toContain(409);
    expect(pushes.at(-1)).toBe(200);
    // Another sync sends nothing new and stores nothing twice.
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /已同步/);
    expect(await namesOnServer('绑定甲')).toEqual(['绑定甲']);
    await context.close();
  });

  it('[P8][P9] another writer used the tablet’s (client id, seq) with other content: the tablet’s household is stored exactly once', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const worker = await newWorker();
    const { page, clientIds, pushes } = await tabletLoggedIn(context, worker);
    const clientId = clientIds.at(-1)!;
    await goOffline(context, server.url);
    await registerHousehold(page, { idNumber: madeUpIdNumber(311), name: '内容丙', members: 3, village: '东村', siteName: '清河中学' });

    // A copy of this tablet's profile (same account, same client id) pushes seq 1 with another household.
    const copy = await apiLogin(worker, clientId);
    expect(copy.status).toBe(200);
    expect(await pushHousehold(copy.token!, clientId, 1, '副本丁', 312)).toBe(200);

    await goOnline(context, server.url);
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /已同步/);
    await expect.poll(() => namesOnServer('内容丙')).toEqual(['内容丙']);
    expect(await namesOnServer('副本丁')).toEqual(['副本丁']);
    expect(pushes.filter((s) => s === 409)).toHaveLength(1);
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /已同步/);
    expect(await namesOnServer('内容丙')).toEqual(['内容丙']);
    await context.close();
  });
});
