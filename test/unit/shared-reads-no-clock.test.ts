import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHARED = join(ROOT, 'src/shared');

/** Reading the machine's clock: `new Date()` with no argument (or none at all), `Date.now()`. */
const READS_CLOCK = /new\s+Date\s*(\(\s*\)|(?!\s*\())|\bDate\.now\s*\(/;

function productionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return productionFiles(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/**
 * src/shared runs on the server, whose clock is injected (sync-server/src/context.ts), and on the tablet,
 * whose `now` is injected too: a shared function that needs "now" takes it (issue 12).
 */
describe('src/shared never reads the clock', () => {
  it('the pattern catches what it is meant to catch', () => {
    for (const bad of ['new Date()', 'new Date( )', 'const d = new Date;', 'Date.now()', 'x = Date.now ()']) expect(bad).toMatch(READS_CLOCK);
    for (const good of ['new Date(ms)', 'new Date(Date.UTC(y, m, d))', 'Date.parse(iso)', 'new Date(\n  now.getTime())', 'todayInChina(now)']) expect(good).not.toMatch(READS_CLOCK);
  });

  it('no production file of src/shared calls new Date() or Date.now()', () => {
    const files = productionFiles(SHARED);
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (READS_CLOCK.test(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offenders).toEqual([]);
  });
});
