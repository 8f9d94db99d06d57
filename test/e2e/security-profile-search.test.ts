import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goOffline, launchPersistent, waitForServiceWorker } from './support/browser';
import { scanProfile } from './support/profile-scan';
import { serverRecords, setScene, type Scene } from './support/scene';
import { createWorker, pushFromAnotherTablet, rawRecords, userDatabases } from './support/security';
import { startServer, type RunningServer } from './support/server-process';
import { logInOnline, registerHousehold, waitForSyncText } from './support/ui';

/**
 * Issue 6 §3: a lost tablet reveals nothing. Known ID numbers and names are planted three ways — a
 * record registered and synced, one registered offline (still in the outbox), one another tablet
 * uploaded that this one pulled — then the browser is closed and every file of the Chromium profile is
 * searched for them, as UTF-8 and as UTF-16LE: not found. The control writes the same values
 * unencrypted into the same IndexedDB store of a second profile, and the same scan finds them, so the
 * search can fail. (Made-up ID numbers and names.)
 */
const SYNCED = { idNumber: '11010519491231002X', name: '欧阳明月' };
const UNSYNCED = { idNumber: '330106198503121231', name: '司马青山' };
const PULLED = { idNumber: '110105194912310046', name: '诸葛白云' };
const NEEDLES = [SYNCED.idNumber, SYNCED.name, UNSYNCED.idNumber, UNSYNCED.name, PULLED.idNumber, PULLED.name];

describe('a lost tablet’s browser profile', () => {
  let server: RunningServer;
  let scene: Scene;
  const dirs: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    scene = await setScene(server);
    const colleague = await createWorker(scene.admin, 'lina', '李娜');
    await pushFromAnotherTablet(server.url, scene, colleague, PULLED);
  });
  afterAll(async () => {
    await server?.cleanup();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const profile = () => {
    const d = mkdtempSync(join(tmpdir(), 'tidemark-profile-'));
    dirs.push(d);
    return d;
  };

  it('holds none of the planted ID numbers and names in any file: synced, unsynced or pulled', async () => {
    const dir = profile();
    const context = await launchPersistent(dir);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await waitForServiceWorker(page);
    await logInOnline(page, scene.worker.username, scene.worker.password);
    await waitForSyncText(page, /已同步/);
    await expect.poll(() => page.getByText(PULLED.name).count()).toBeGreaterThan(0);

    await registerHousehold(page, { ...SYNCED, members: 3, village: '河东村', siteName: '清河中学' });
    await page.getByRole('button', { name: '同步', exact: true }).click();
    await waitForSyncText(page, /已同步/);
    await expect.poll(async () => (await serverRecords(scene.admin, 'household')).length).toBe(2);

    await goOffline(context, server.url);
    await registerHousehold(page, { ...UNSYNCED, members: 2, village: '河西村' });
    await waitForSyncText(page, /1 条待上传/);

    // The three are on the tablet, each sealed (ciphertext with a 12-byte IV).
    const [dbName] = await userDatabases(page);
    const rows = await rawRecords(page, dbName!);
    expect(rows.filter((r) => r.entity === 'household').map((r) => r.syncState).sort()).toEqual(['pending', 'synced', 'synced']);
    expect(rows.every((r) => r.sealedIsCiphertext)).toBe(true);
    await context.close();

    const scan = scanProfile(dir, NEEDLES);
    // The scan read the IndexedDB files (where the records are) and the rest of the profile.
    expect(scan.files.some((f) => f.includes('IndexedDB'))).toBe(true);
    expect(scan.bytes).toBeGreaterThan(100_000);
    expect(scan.hits).toEqual([]);
  });

  it('the control: the same values stored unencrypted in the same IndexedDB store are found by the same scan', async () => {
    const dir = profile();
    const context = await launchPersistent(dir);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await waitForServiceWorker(page);
    await logInOnline(page, scene.worker.username, scene.worker.password);
    await waitForSyncText(page, /已同步/);
    const [dbName] = await userDatabases(page);
    // What the app would write if `seal` were the identity: the record's fields in clear.
    await page.evaluate(
      async ({ name, planted }) => {
        const db = await new Promise<IDBDatabase>((ok, fail) => {
          const r = indexedDB.open(name);
          r.onsuccess = () => ok(r.result);
          r.onerror = () => fail(r.error);
        });
        const tx = db.transaction('records', 'readwrite', { durability: 'strict' });
        planted.forEach((p, i) =>
          tx.objectStore('records').put({
            id: `plaintext-control-${i}`, entity: 'household', rev: 1, checkedOut: 0, idHmacs: [], sealed: { head: p }, sealedServer: null,
            formVersion: 1, version: 0, syncState: 'pending', rejection: null, updatedAt: new Date().toISOString(), syncedAt: null,
          }),
        );
        await new Promise<void>((ok, fail) => {
          tx.oncomplete = () => ok();
          tx.onerror = () => fail(tx.error);
        });
        db.close();
      },
      { name: dbName!, planted: [SYNCED, UNSYNCED, PULLED] },
    );
    await context.close();

    const scan = scanProfile(dir, NEEDLES);
    const found = new Set(scan.hits.map((h) => h.needle));
    expect([...found].sort()).toEqual([...NEEDLES].sort());
    // ASCII ID numbers as one byte per character; Chinese names as UTF-16LE (V8's serialisation).
    expect(scan.hits.filter((h) => h.needle === SYNCED.idNumber).map((h) => h.encoding)).toContain('utf8');
    expect(scan.hits.filter((h) => h.needle === SYNCED.name).map((h) => h.encoding)).toContain('utf16le');
  });
});
