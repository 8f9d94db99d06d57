// Loaded with `node --import` through NODE_OPTIONS (issue 14, storm-memory.ts): writes the server's
// process.memoryUsage() every 100 ms to MEMORY_LOG, one JSON line each, to see where the storm's peak RSS goes.
// Also (twelfth session) the RSS split into anonymous and file-backed pages (/proc/self/smaps_rollup) and
// V8's committed size per heap space, so a peak can be told apart: young generation, old generation, code,
// or memory outside V8 (malloc: SQLite's page cache, zlib, the HTTP parser).
import { appendFileSync, readFileSync } from 'node:fs';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

const file = process.env.MEMORY_LOG ?? `/tmp/tidemark-memory-${process.pid}.jsonl`;
const kb = (text, field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
const timer = setInterval(() => {
  const m = process.memoryUsage();
  const rollup = readFileSync('/proc/self/smaps_rollup', 'utf8');
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.physical_space_size]));
  const line = {
    t: Date.now(), rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers,
    anon: kb(rollup, 'Anonymous'), file: kb(rollup, 'Pss_File'), malloced: getHeapStatistics().malloced_memory,
    newSpace: spaces.new_space ?? 0, oldSpace: spaces.old_space ?? 0, codeSpace: spaces.code_space ?? 0, largeObject: spaces.large_object_space ?? 0,
  };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}, 100);
timer.unref();
