import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = fileURLToPath(new URL('../', import.meta.url));

/**
 * The peer's packages (PouchDB 9, express-pouchdb 4.2) live in test/bench/node_modules, from
 * test/bench/package.json, so the app's install never carries them. Installed on the first
 * `npm run bench` (npm ci against test/bench/package-lock.json).
 */
export function ensurePeerPackages(log: (line: string) => void): void {
  const marker = ['pouchdb', 'pouchdb-adapter-memory', 'express-pouchdb', 'express'].map((p) => `${BENCH_DIR}node_modules/${p}/package.json`);
  if (marker.every((m) => existsSync(m))) return;
  log('installing the sync peer (PouchDB 9, express-pouchdb 4.2) into test/bench/node_modules ...');
  const lock = existsSync(`${BENCH_DIR}package-lock.json`);
  execFileSync('npm', [lock ? 'ci' : 'install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: BENCH_DIR, stdio: 'inherit' });
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the peer ships no types, and it must not be a dependency of the app */
export type PouchStatic = any;

/** PouchDB with the memory adapter registered, loaded from test/bench/node_modules. */
export function loadPouchDB(): PouchStatic {
  const require = createRequire(`${BENCH_DIR}package.json`);
  return require('pouchdb').plugin(require('pouchdb-adapter-memory'));
}
