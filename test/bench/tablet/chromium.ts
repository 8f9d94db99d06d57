import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
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
  context: BrowserContext;
  page: Page;
  /** The profile directory on disk (null off the record): its IndexedDB LevelDB's LOG tells when it compacted. */
  profile: string | null;
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>;
}

/**
 * The system's Chromium (else the npm package's), headless, the bench page open on a profile of its own on
 * disk: a fresh temporary directory per page, removed on close. Issue 18's targets keep strict durability,
 * so a strict commit must pay its fsync here as on a tablet: `browser.newContext()` is an off-the-record
 * context whose IndexedDB lives in memory (every Chromium figure before issue 18's eighth session was taken
 * so; the floors about doubled on disk, sync-issue18.md). The directory is under the OS's temp directory:
 * a disk on the bench machines (ext4 at /tmp); on a tmpfs /tmp, set TMPDIR to a directory on disk.
 * `BENCH_IDB=memory` opens the off-the-record context instead, only to put an in-memory figure beside the
 * disk one (what earlier sessions measured); the report's figures are taken on disk.
 */
export async function openBenchPage(url: string, options: { readyTimeoutMs?: number } = {}): Promise<BenchBrowser> {
  const { executablePath, args } = await findChromium(CHROMIUM_ARGS);
  const inMemory = benchIdbInMemory();
  const profile = inMemory ? null : await mkdtemp(join(tmpdir(), 'tidemark-bench-profile-'));
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    // Retried: Chromium's last writes into the profile can land just after the context reports closed.
    if (profile) await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };
  // Closed, profile removed, when the page does not start: a browser left running kept `npm run bench` from
  // ever exiting after a failed phase (its report was written, the process stayed with Chromium for hours).
  try {
    if (profile) context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args, locale: 'zh-CN' });
    else {
      browser = await chromium.launch({ executablePath, headless: true, args });
      context = await browser.newContext({ locale: 'zh-CN' });
    }
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    await page.waitForFunction(() => window.tidemarkBenchReady === true, undefined, { timeout: options.readyTimeoutMs ?? 30_000 }).catch(() => {
      throw new Error(`bench page did not start: ${errors.join('\n')}`);
    });
    return { context, page, profile, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** BENCH_IDB=memory: the bench pages' IndexedDB in memory (off the record), for a figure beside the disk one. */
export function benchIdbInMemory(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.BENCH_IDB;
  if (v === undefined || v === '' || v === 'disk') return false;
  if (v === 'memory') return true;
  throw new Error(`BENCH_IDB is disk or memory, got ${JSON.stringify(v)}`);
}

/** The executable the benchmarks run, for the report. */
export async function benchChromiumPath(): Promise<string> {
  return (await findChromium(CHROMIUM_ARGS)).executablePath;
}
