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

/**
 * The system's Chromium (else the npm package's), headless, the bench page open in a fresh context.
 * That context is off the record: its IndexedDB is held in memory and never reaches the temp profile's
 * directory, so a strict commit costs no fsync here (measured: sync-issue18.md, eighth session).
 */
export async function openBenchPage(url: string, options: { readyTimeoutMs?: number } = {}): Promise<BenchBrowser> {
  const { executablePath, args } = await findChromium(CHROMIUM_ARGS);
  const browser = await chromium.launch({ executablePath, headless: true, args });
  // Closed when the page does not start: a browser left running kept `npm run bench` from ever exiting
  // after a failed phase (its report was written, the process stayed with Chromium for hours).
  try {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    await page.waitForFunction(() => window.tidemarkBenchReady === true, undefined, { timeout: options.readyTimeoutMs ?? 30_000 }).catch(() => {
      throw new Error(`bench page did not start: ${errors.join('\n')}`);
    });
    return { browser, page, close: () => browser.close() };
  } catch (e) {
    await browser.close().catch(() => undefined);
    throw e;
  }
}

/** The executable the benchmarks run, for the report. */
export async function benchChromiumPath(): Promise<string> {
  return (await findChromium(CHROMIUM_ARGS)).executablePath;
}
