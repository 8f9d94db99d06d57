import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from '../../helpers/find-chromium';

// Lets context.route() see the service worker's own requests, so "offline" covers them too (PLATFORM-NOTES).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--disable-sync',
  '--no-first-run',
];

/** A system Chromium, else the one shipped in an npm package (test/helpers/find-chromium.ts). */
export async function launchBrowser(): Promise<Browser> {
  const { executablePath, args } = await findChromium(CHROMIUM_ARGS);
  return chromium.launch({ executablePath, headless: true, args });
}

export async function launchPersistent(userDataDir: string): Promise<BrowserContext> {
  const { executablePath, args } = await findChromium(CHROMIUM_ARGS);
  return chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args, locale: 'zh-CN' });
}

/**
 * Cuts the network for the page AND its service worker: setOffline alone does not cover the worker's
 * requests, so every request to the server is aborted as well.
 */
export async function goOffline(context: BrowserContext, serverUrl: string): Promise<void> {
  await context.setOffline(true);
  await context.route(`${serverUrl}/**`, (route) => route.abort('internetdisconnected'));
}

export async function goOnline(context: BrowserContext, serverUrl: string): Promise<void> {
  await context.unroute(`${serverUrl}/**`);
  await context.setOffline(false);
}

/**
 * Waits until the service worker is active and controls the page, so the shell is precached. The first
 * install claims the page (src/sw/claim-first-install.js); the reload is a fallback for an older build.
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (reg.active?.state !== 'activated') {
      await new Promise<void>((ok) => reg.active?.addEventListener('statechange', () => reg.active?.state === 'activated' && ok()));
    }
  });
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 30_000 });
}

/**
 * SIGKILLs every Chromium process of this profile, as a dying battery would: no unload, no clean shutdown.
 * launchPersistentContext does not expose the browser's pid, so the processes are found by their
 * --user-data-dir; `pid` (when the caller has one) is killed as well.
 */
export function killChromium(profileDir: string, pid?: number): void {
  const pids = new Set<number>(pid ? [pid] : []);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes(`--user-data-dir=${profileDir}`) && Number(entry) !== process.pid) pids.add(Number(entry));
    } catch {
      /* the process ended meanwhile */
    }
  }
  expect(pids.size).toBeGreaterThan(0);
  for (const p of pids) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
