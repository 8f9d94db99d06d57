import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { openBenchPage } from './tablet/chromium';

/** The pids of this process's children, from /proc (Linux, as on every machine the bench runs on). */
function children(): number[] {
  const out: number[] = [];
  for (const task of readdirSync(`/proc/${process.pid}/task`)) {
    const text = readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim();
    if (text) out.push(...text.split(/\s+/).map(Number));
  }
  return out;
}

describe('the bench page in Chromium', () => {
  it('a page that never starts fails with its reason and leaves no browser running (a failed phase used to keep `npm run bench` from exiting)', async () => {
    // A page without the bench in it: tidemarkBenchReady never comes.
    const server = createServer((_req, res) => res.end('<!doctype html><title>not the bench</title>'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const before = new Set(children());
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      await expect(openBenchPage(url, { readyTimeoutMs: 1_000 })).rejects.toThrow(/bench page did not start/);
      // The browser the attempt launched is closed: no child of this process is left from it.
      expect(children().filter((pid) => !before.has(pid))).toEqual([]);
    } finally {
      server.close();
    }
  }, 60_000);
});
