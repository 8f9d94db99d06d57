import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/server-harness';
import { BENCH_DIR } from '../lib/peer-packages';

export interface StaticBuild {
  /** Served as the server's STATIC_DIR: the app at /, the bench page at /__bench/. */
  dir: string;
  benchPage: string;
}

/**
 * Builds the app exactly as `npm run build` does, but into test/bench/.build/static (so a benchmark
 * never races other work on dist/), then the bench-only page into its __bench/ folder.
 */
export function buildStatic(log: (line: string) => void): StaticBuild {
  const dir = join(BENCH_DIR, '.build', 'static');
  log('building the app (vite build, the project config) into test/bench/.build/static ...');
  execFileSync('npx', ['vite', 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  log('building the bench page (test/bench/tablet) into .../static/__bench ...');
  execFileSync('npx', ['vite', 'build', '--config', join(BENCH_DIR, 'tablet', 'vite.config.ts'), '--outDir', join(dir, '__bench'), '--emptyOutDir'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (!existsSync(join(dir, 'index.html')) || !existsSync(join(dir, '__bench', 'index.html'))) throw new Error('bench: the static build is incomplete');
  return { dir, benchPage: '/__bench/index.html' };
}
