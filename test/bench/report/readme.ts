import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/server-harness';

const TABLE_START = '<!-- bench:latest:start -->';
const TABLE_END = '<!-- bench:latest:end -->';

/**
 * Puts the latest report into the README's "## Performance" section: between the bench markers when
 * they are there (the hand-written analysis around them stays), else as a new section at the end.
 */
export function updateReadme(report: string): void {
  const path = join(REPO_ROOT, 'README.md');
  writeFileSync(path, withReport(readFileSync(path, 'utf8'), report));
}

export function withReport(readme: string, report: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start >= 0 && end > start) return `${readme.slice(0, start + TABLE_START.length)}\n\n${report.trim()}\n\n${readme.slice(end)}`;
  return `${readme.replace(/\s*$/, '')}\n\n${readmeSection(report)}`;
}

export function readmeSection(report: string): string {
  return [
    '## Performance',
    '',
    '`npm run bench` measures Tidemark against a real peer on the same data, in the same run, on the same machine (issue 7). Reproduce it with:',
    '',
    '```sh',
    'npm ci && apt-get install -y chromium        # once; the peer (PouchDB) installs itself into test/bench/node_modules on the first run',
    'DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench   # without DATABASE_URL the PostgreSQL ingest row is skipped',
    'npm run bench -- --n 2000 --tablet-n 5000 --only sync,tablet         # smaller or partial runs (BENCH_N also sets N)',
    '```',
    '',
    'It takes about 10 minutes with the defaults on 2 cores and writes `test/bench/results/latest.md`; `npm run bench -- --readme` also puts the table below into this README. `npm test` only runs a tiny smoke version (`test/bench/bench-smoke.test.ts`). The latest full run:',
    '',
    TABLE_START,
    '',
    report.trim(),
    '',
    TABLE_END,
    '',
  ].join('\n');
}

