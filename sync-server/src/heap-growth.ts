import { setFlagsFromString } from 'node:v8';

/** SPEC I6's bound on the old generation's growth (npm start passes it on the command line too). */
export const HEAP_GROWTH_FLAG = '--heap-growing-percent=50';

/**
 * Applies SPEC I6's heap-growth bound when node was started without it — a deployment running
 * `node dist-server/main.js` by hand, or a service unit that dropped npm start's flags — so the bound
 * holds by design, not by how the server was launched. V8 reads this flag at every full collection, so
 * setting it at start-up has the command line's effect (test/unit/server-node-flags.test.ts measures
 * it: about 2.2 times what is live against about 4 without). A value given on the command line is an
 * operator's choice and is left alone. The young generation's size (`--max-semi-space-size`) is fixed
 * when the heap is set up and cannot be changed here; it only lowers the peak further. Returns whether
 * it set the flag.
 */
export function boundHeapGrowth(execArgv: readonly string[]): boolean {
  if (execArgv.some((arg) => arg.startsWith('--heap-growing-percent'))) return false;
  setFlagsFromString(HEAP_GROWTH_FLAG);
  return true;
}
