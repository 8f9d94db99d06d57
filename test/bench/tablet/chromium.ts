import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium } from '../../helpers/find-chromium';
const CHROMIUM_ARGS = [
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

/** The system's Chromium (else the npm package's), headless, one fresh profile (its IndexedDB on disk in a temp directory), the bench page open. */
export async function openBenchPage(url: string): Promise<BenchBrowser> {
  const { executablePath, args } = await findChromium(CHROMIUM_ARGS);
  const browser = await chromium.launch({ executablePath, headless: true, args });
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

/** The executable the benchmarks run, for the report. */
export async function benchChromiumPath(): Promise<string> {
  return (await findChromium(CHROMIUM_ARGS)).executablePath;
}
