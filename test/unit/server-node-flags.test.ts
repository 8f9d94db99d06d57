import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
