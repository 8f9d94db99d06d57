/**
 * Which Chromium the e2e tests and benchmarks drive. A system one first (`CHROMIUM_PATH`, then Debian's
 * and Google's usual paths); otherwise the headless Chromium inside the `@sparticuz/chromium` npm
 * package, so `npm install && npm test` needs nothing else on a fresh machine (PLATFORM-NOTES "A browser
 * from the npm registry": its args minus --single-process and --no-zygote, which break Playwright's
 * contexts). `TIDEMARK_NO_SYSTEM_CHROMIUM=1` skips the system paths, to test the fallback here.
 */
import { existsSync } from 'node:fs';

const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export interface ChromiumChoice {
  executablePath: string;
  args: string[];
  /** Where it came from, for the log and the benchmark report. */
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

const UNWANTED_PACKAGE_ARGS = new Set(['--single-process', '--no-zygote']);

let chosen: Promise<ChromiumChoice> | null = null;

export function findChromium(baseArgs: readonly string[]): Promise<ChromiumChoice> {
  chosen ??= choose(baseArgs);
  return chosen;
}

async function choose(baseArgs: readonly string[]): Promise<ChromiumChoice> {
  const given = process.env.CHROMIUM_PATH;
  if (given) {
    if (existsSync(given)) return { executablePath: given, args: [...baseArgs], source: 'CHROMIUM_PATH' };
    console.warn(`CHROMIUM_PATH=${given} does not exist; looking elsewhere`);
  }
  if (process.env.TIDEMARK_NO_SYSTEM_CHROMIUM !== '1') {
    const found = SYSTEM_CHROMIUM_PATHS.find((p) => existsSync(p));
    if (found) return { executablePath: found, args: [...baseArgs], source: 'system' };
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  const executablePath = await packaged.executablePath();
  const args = [...new Set([...packaged.args.filter((a) => !UNWANTED_PACKAGE_ARGS.has(a.split('=')[0]!)), ...baseArgs])];
  console.log(`No system Chromium: using the one in @sparticuz/chromium (${executablePath})`);
  return { executablePath, args, source: '@sparticuz/chromium' };
}
