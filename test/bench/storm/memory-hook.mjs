// Loaded with `node --import` through NODE_OPTIONS (issue 14, storm-memory.ts): writes the server's
// process.memoryUsage() every 100 ms to MEMORY_LOG, one JSON line each, to see where the storm's peak RSS goes.
import { appendFileSync } from 'node:fs';

const file = process.env.MEMORY_LOG ?? `/tmp/tidemark-memory-${process.pid}.jsonl`;
const timer = setInterval(() => {
  const m = process.memoryUsage();
  appendFileSync(file, `${JSON.stringify({ t: Date.now(), rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers })}\n`);
}, 100);
timer.unref();
