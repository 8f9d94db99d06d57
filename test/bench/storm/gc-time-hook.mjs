// Loaded with `node --import` through NODE_OPTIONS (issue 14, storm-gc.ts): sums the server's garbage-collection pauses
// by kind (perf_hooks "gc" entries) and writes the running totals to GC_TIME_LOG every 200 ms.
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { appendFileSync } from 'node:fs';
const totals = { minor: 0, major: 0, incremental: 0, weak: 0, nMinor: 0, nMajor: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const k = e.detail?.kind ?? e.kind;
    if (k === constants.NODE_PERFORMANCE_GC_MINOR) { totals.minor += e.duration; totals.nMinor++; }
    else if (k === constants.NODE_PERFORMANCE_GC_MAJOR) { totals.major += e.duration; totals.nMajor++; }
    else if (k === constants.NODE_PERFORMANCE_GC_INCREMENTAL) totals.incremental += e.duration;
    else totals.weak += e.duration;
  }
}).observe({ entryTypes: ['gc'] });
const t = setInterval(() => appendFileSync(process.env.GC_TIME_LOG ?? `/tmp/tidemark-gc-time-${process.pid}.jsonl`, JSON.stringify({ t: Date.now(), ...totals }) + '\n'), 200);
t.unref();
