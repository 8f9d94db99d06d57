import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function testFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) testFiles(p, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

describe('the sync protocol spec (STYLE habit 4)', () => {
  it('every rule of SPEC.md is cited by at least one test', () => {
    const spec = readFileSync(join(ROOT, 'src/shared/protocol/SPEC.md'), 'utf8');
    const rules = [...spec.matchAll(/^- \*\*([A-Z]\d+)\*\*/gm)].map((m) => m[1]!);
    expect(rules.length).toBeGreaterThan(20);
    const cited = new Set<string>();
    for (const dir of ['src', 'sync-server', 'test']) {
      for (const f of testFiles(join(ROOT, dir))) {
        for (const m of readFileSync(f, 'utf8').matchAll(/\[((?:[A-Z]\d+)(?:\]\[[A-Z]\d+)*)\]/g)) {
          for (const id of m[1]!.split('][')) cited.add(id);
        }
      }
    }
    expect(rules.filter((r) => !cited.has(r))).toEqual([]);
  });
});
