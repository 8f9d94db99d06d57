import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
];

export interface BenchBrowser {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, one fresh profile (its IndexedDB on disk in a temp directory), the bench page open. */
export async function openBenchPage(url: string): Promise<BenchBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => window.tidemarkBenchReady === true, undefined, { timeout: 30_000 }).catch(() => {
    throw new Error(`bench page did not start: ${errors.join('\n')}`);
  });
  return {
    browser,
    page,
    close: () => browser.close(),
  };
}
