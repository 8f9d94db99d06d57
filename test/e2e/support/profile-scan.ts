import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface ProfileHit {
  needle: string;
  encoding: 'utf8' | 'utf16le';
  file: string;
}

export interface ProfileScan {
  files: string[];
  bytes: number;
  hits: ProfileHit[];
}

/** Every regular file under `dir`, recursively (symlinks and sockets such as SingletonSocket skipped). */
function listFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isDirectory()) listFiles(path, out);
    else if (st.isFile()) out.push(path);
  }
  return out;
}

/**
 * Reads every byte of a browser profile on disk — LevelDB logs and tables, IndexedDB blob files, the
 * HTTP cache, service worker storage, preferences — and looks for each needle as UTF-8 (how V8 stores
 * an ASCII string, and how JSON and caches hold text) and as UTF-16LE (how V8 serialises a string with
 * Chinese characters into IndexedDB). Run it on a closed profile, so everything is flushed.
 */
export function scanProfile(dir: string, needles: string[]): ProfileScan {
  const files = listFiles(dir);
  const patterns = needles.flatMap((needle) => [
    { needle, encoding: 'utf8' as const, bytes: Buffer.from(needle, 'utf8') },
    { needle, encoding: 'utf16le' as const, bytes: Buffer.from(needle, 'utf16le') },
  ]);
  const hits: ProfileHit[] = [];
  let bytes = 0;
  for (const file of files) {
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch {
      continue; // a lock file that vanished meanwhile
    }
    bytes += data.length;
    for (const p of patterns) if (data.includes(p.bytes)) hits.push({ needle: p.needle, encoding: p.encoding, file: relative(dir, file) });
  }
  return { files: files.map((f) => relative(dir, f)), bytes, hits };
}
