import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { setScene, type Scene } from './scene';
import { startServer, type RunningServer } from './server-process';
import { logInOnline } from './ui';

export interface SceneInBrowser {
  server: RunningServer;
  scene: Scene;
  browser: Browser;
}

export interface SceneOptions {
  /** Extra environment for the server process (e.g. SESSION_SECONDS). */
  env?: Record<string, string>;
  /** The scene's worker (setScene's username). */
  worker?: string;
  /** What the file sets up on the server after the scene and before the browser starts. */
  setUp?: (started: { server: RunningServer; scene: Scene }) => Promise<void>;
  /** beforeAll's timeout in ms, when the setup takes longer than the project's hook timeout. */
  timeout?: number;
}

/**
 * The start of most e2e files: a server process, the county's scene on it and one Chromium, made in
 * beforeAll and closed in afterAll. `use` hands them to the file's own variables once they exist, so
 * the tests read `server`, `scene` and `browser` as before. A file's own afterAll registered after this
 * call runs first (vitest runs afterAll hooks in reverse), so its contexts close before the browser.
 */
export function sceneInBrowser(use: (started: SceneInBrowser) => void, options: SceneOptions = {}): void {
  let started: Partial<SceneInBrowser> = {};
  beforeAll(async () => {
    started = {};
    const server = (started.server = await startServer(options.env));
    const scene = (started.scene = await setScene(server, options.worker));
    await options.setUp?.({ server, scene });
    started.browser = await launchBrowser();
    use(started as SceneInBrowser);
  }, options.timeout);
  afterAll(async () => {
    await started.browser?.close();
    await started.server?.cleanup();
  });
}

/**
 * The browser contexts a file opens (push each one), closed in an afterAll. Call it after sceneInBrowser:
 * vitest runs afterAll hooks in reverse, so the contexts close before the browser does.
 */
export function contextsClosedAfterAll(): BrowserContext[] {
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
  });
  return contexts;
}

/** The administrator, logged in on the administration page (系统管理) in a browser of its own (the county office), online. */
export async function openAdminPage({ server, browser }: Pick<SceneInBrowser, 'server' | 'browser'>): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(server.url);
  await logInOnline(page, 'admin', server.adminPassword);
  await page.getByRole('link', { name: '系统管理' }).click();
  await page.getByRole('heading', { name: '系统管理' }).waitFor();
  return page;
}
