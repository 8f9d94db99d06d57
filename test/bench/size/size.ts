import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface SizeResult {
  /** Scripts index.html loads eagerly: the entry module and every modulepreload. */
  initialJs: { files: string[]; rawBytes: number; gzipBytes: number };
  /** Everything in the service worker's precache manifest (sw.js), as stored on disk. */
  precache: { entries: number; rawBytes: number; gzipBytes: number };
}

const gz = (buf: Buffer) => gzipSync(buf, { level: 9 }).length;

/** Sizes of a built app directory (dist/ or the bench's own build of it). */
export function measureBuild(dir: string): SizeResult {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
  const files = [...new Set([...scripts, ...preloads])].filter((u) => !/^https?:/.test(u));
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const f of files) {
    const buf = readFileSync(join(dir, f.replace(/^\//, '')));
    rawBytes += buf.length;
    gzipBytes += gz(buf);
  }
  const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
  const urls = [...new Set([...sw.matchAll(/\burl:\s*"([^"]+)"/g)].map((m) => m[1]!))];
  let preRaw = 0;
  let preGz = 0;
  for (const u of urls) {
    const path = join(dir, u.replace(/^\//, ''));
    if (!existsSync(path)) continue;
    preRaw += statSync(path).size;
    preGz += gz(readFileSync(path));
  }
  return { initialJs: { files, rawBytes, gzipBytes }, precache: { entries: urls.length, rawBytes: preRaw, gzipBytes: preGz } };
}
