import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchIdbInMemory, openBenchPage } from './tablet/chromium';

/** The pids of this process's children, from /proc (Linux, as on every machine the bench runs on). */
function children(): number[] {
  const out: number[] = [];
  for (const task of readdirSync(`/proc/${process.pid}/task`)) {
    const text = readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim();
    if (text) out.push(...text.split(/\s+/).map(Number));
  }
  return out;
}

/** The profile directory a Chromium child runs on: its `--user-data-dir`, read from its command line. */
function userDataDirOf(pid: number): string | undefined {
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  return argv.find((a) => a.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length);
}

/** Every file under a directory, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

/** The temp directories a bench page's profile could be in (whatever the launcher names them). */
function tempDirs(): Set<string> {
  return new Set(readdirSync(tmpdir()));
}

async function serve(html: string): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => res.setHeader('content-type', 'text/html').end(html));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe('the bench page in Chromium', () => {
  it('a page that never starts fails with its reason and leaves no browser running and no profile directory (a failed phase used to keep `npm run bench` from exiting)', async () => {
    // A page without the bench in it: tidemarkBenchReady never comes.
    const { server, url } = await serve('<!doctype html><title>not the bench</title>');
    try {
      const before = new Set(children());
      const dirsBefore = tempDirs();
      await expect(openBenchPage(url, { readyTimeoutMs: 1_000 })).rejects.toThrow(/bench page did not start/);
      // The browser the attempt launched is closed: no child of this process is left from it.
      expect(children().filter((pid) => !before.has(pid))).toEqual([]);
      // Nor is its profile: a bench of failed phases would otherwise fill the disk with them. Only the names
      // a bench page's profile takes (openBenchPage's own, or Playwright's when it makes one): other tests
      // running beside this one make temp directories of their own.
      expect([...tempDirs()].filter((d) => !dirsBefore.has(d) && /^(tidemark-bench-profile-|playwright_chromiumdev_profile-)/.test(d))).toEqual([]);
    } finally {
      server.close();
    }
  }, 60_000);

  it("the page's IndexedDB is on disk, in the profile's directory, which is removed on close (issue 18's strict durability is measured with its fsync; an off-the-record context kept it in memory)", async () => {
    const { server, url } = await serve('<!doctype html><title>bench</title><script>window.tidemarkBenchReady = true</script>');
    try {
      const before = new Set(children());
      const bench = await openBenchPage(url);
      let profile: string | undefined;
      try {
        const launched = children().filter((pid) => !before.has(pid));
        profile = launched.map(userDataDirOf).find((d) => d !== undefined);
        expect(profile, 'the launched Chromium names its profile directory').toBeDefined();
        // 200 rows, each in a strict transaction, as the bench's saves and floors commit them.
        await bench.page.evaluate(async () => {
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            const open = indexedDB.open('disk-check', 1);
            open.onupgradeneeded = () => open.result.createObjectStore('rows');
            open.onsuccess = () => resolve(open.result);
            open.onerror = () => reject(open.error);
          });
          for (let i = 0; i < 200; i++) {
            await new Promise<void>((resolve, reject) => {
              const tx = db.transaction('rows', 'readwrite', { durability: 'strict' });
              tx.objectStore('rows').put({ i, text: `row ${i} `.repeat(40) }, i);
              tx.oncomplete = () => resolve();
              tx.onerror = () => reject(tx.error);
            });
          }
          db.close();
        });
        // Chromium keeps an origin's IndexedDB in `<profile>/Default/IndexedDB/<origin>.indexeddb.leveldb/`.
        const stored = filesUnder(profile!).filter((f) => /IndexedDB\/.*\.indexeddb\.leveldb\//.test(f));
        expect(stored, "the page's IndexedDB files under the profile directory").not.toEqual([]);
      } finally {
        await bench.close();
      }
      // Closed: the browser's processes are gone and its profile with them (a fresh one per page).
      expect(children().filter((pid) => !before.has(pid))).toEqual([]);
      expect(existsSync(profile!)).toBe(false);
    } finally {
      server.close();
    }
  }, 60_000);

  it('BENCH_IDB=memory opens the off-the-record context (the figure earlier sessions took) and leaves no browser behind; anything else but disk is refused', async () => {
    expect(benchIdbInMemory({})).toBe(false);
    expect(benchIdbInMemory({ BENCH_IDB: 'disk' })).toBe(false);
    expect(benchIdbInMemory({ BENCH_IDB: 'memory' })).toBe(true);
    expect(() => benchIdbInMemory({ BENCH_IDB: 'ram' })).toThrow(/disk or memory/);
    const { server, url } = await serve('<!doctype html><title>bench</title><script>window.tidemarkBenchReady = true</script>');
    const saved = process.env.BENCH_IDB;
    process.env.BENCH_IDB = 'memory';
    try {
      const before = new Set(children());
      const dirsBefore = tempDirs();
      const bench = await openBenchPage(url);
      try {
        const launched = children().filter((pid) => !before.has(pid));
        // Playwright's launch gives Chromium a throw-away profile of its own; the context in it is incognito.
        expect(launched.length).toBeGreaterThan(0);
        expect([...tempDirs()].filter((d) => !dirsBefore.has(d) && d.startsWith('tidemark-bench-profile-'))).toEqual([]);
      } finally {
        await bench.close();
      }
      expect(children().filter((pid) => !before.has(pid))).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.BENCH_IDB;
      else process.env.BENCH_IDB = saved;
      server.close();
    }
  }, 60_000);
});
