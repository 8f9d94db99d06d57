import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/server-harness';

/** Replaces the README's "## Performance" section (appended when missing) with the latest report and how to reproduce it. */
export function updateReadme(report: string): void {
  const path = join(REPO_ROOT, 'README.md');
  const readme = readFileSync(path, 'utf8');
  const at = readme.indexOf('\n## Performance\n');
  if (at < 0) {
    writeFileSync(path, `${readme.replace(/\s*$/, '')}\n\n${readmeSection(report)}`);
    return;
  }
  const next = readme.indexOf('\n## ', at + 1);
  const tail = next >= 0 ? `\n${readme.slice(next + 1)}` : '';
  writeFileSync(path, `${readme.slice(0, at)}\n\n${readmeSection(report)}${tail}`);
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
    'It takes about 10 minutes with the defaults on 2 cores and writes `test/bench/results/latest.md`; `--readme` also replaces this section. `npm test` only runs a tiny smoke version (`test/bench/bench-smoke.test.ts`). The latest full run:',
    '',
    report.trim(),
    '',
  ].join('\n');
}

