import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../helpers/server-node-flags';

// Tests and benches spawn the server with SERVER_NODE_FLAGS so that what they measure (the storm's
// peak RSS above all) is the server `npm start` runs; this keeps the two from drifting apart.
describe('the server runs with the same V8 flags in production and in tests', () => {
  it('npm start passes every flag of SERVER_NODE_FLAGS to node', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> };
    const node = pkg.scripts.start!.split('&&').map((s) => s.trim()).find((s) => s.startsWith('node '));
    expect(node, 'the start script runs node').toBeDefined();
    const flags = node!.split(/\s+/).filter((w) => w.startsWith('--') && w !== '--enable-source-maps');
    expect(flags).toEqual([...SERVER_NODE_FLAGS]);
  });
});

/** The churn (a file: see its header): node prints its old generation's peak and live sizes. */
const CHURN = join(__dirname, '../fixtures/heap-churn.cjs');

describe('the server bounds the garbage it holds (SPEC I6)', () => {
  it('[I6] with the server\'s flags, promoted garbage never grows the old generation past 2.5 times what is live', () => {
    const run = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, CHURN], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const { peak, live, kept } = JSON.parse(run.stdout) as { peak: number; live: number; kept: number };
    expect(kept).toBe(300000);
    // Node's default on a machine with more than ~16 GB lets it reach about 3.9 times with this churn (checked here).
    expect(peak / live).toBeLessThan(2.5);
  }, 60_000);
});

describe('a server started with plain node still bounds its garbage (SPEC I6)', () => {
  it('[I6] without the flags on the command line, the server\'s start-up applies the old generation\'s bound itself', () => {
    // A deployment may start `node dist-server/main.js` by hand, without npm start's flags: main() must
    // still bound the heap's growth. Node started with no flag, the start-up's function called, then the
    // same churn: without the call the ratio is 3.0-3.2 (tsx's own code live beside it).
    const module = pathToFileURL(join(__dirname, '../../sync-server/src/heap-growth.ts')).href;
    const script = `import(${JSON.stringify(module)}).then(({ boundHeapGrowth }) => { boundHeapGrowth(process.execArgv); require(${JSON.stringify(CHURN)}); });`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const { peak, live, kept } = JSON.parse(run.stdout) as { peak: number; live: number; kept: number };
    expect(kept).toBe(300000);
    expect(peak / live).toBeLessThan(2.5);
  }, 60_000);

  it('[I6] a heap-growth flag given on the command line is left as given', async () => {
    const { boundHeapGrowth } = await import('../../sync-server/src/heap-growth');
    expect(boundHeapGrowth(['--heap-growing-percent=80'])).toBe(false);
    expect(boundHeapGrowth(['--enable-source-maps', ...SERVER_NODE_FLAGS])).toBe(false);
  });
});
