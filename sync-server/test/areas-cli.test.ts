import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAreasCli } from '../src/areas-cli';
import { openSqliteStore } from '../src/store/sqlite-store';

/** `npm run areas`: the administrator loads official codes from a CSV and manages the registry. */
describe('npm run areas (areas-cli.ts)', () => {
  let dataDir: string;
  let out: string[];
  let err: string[];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  const run = (...argv: string[]) => runAreasCli(argv, { DATA_DIR: dataDir }, io);
  const csv = (name: string, text: string) => {
    const file = join(dataDir, name);
    writeFileSync(file, text);
    return file;
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tidemark-areas-cli-'));
    out = [];
    err = [];
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('imports a CSV of codes and names (BOM, header, names normalised), parents first, and again changes nothing', async () => {
    // Children before parents in the file, a full-width space and a zero-width character in names.
    const file = csv('codes.csv', '\uFEFF统计用区划代码,名称\n130101001000,清河\u3000镇\n130101000000,安平县\n130100000000,测试市\n130000000000,测试省\n130102000000,东丰县\n130102001000,清\u200B河镇\n');
    expect(await run('import', file)).toBe(0);
    expect(out).toEqual(['Imported 6 divisions (0 already registered).']);
    expect(await run('import', file)).toBe(0);
    expect(out.at(-1)).toBe('Imported 0 divisions (6 already registered).');
    out = [];
    expect(await run('list', '--level', 'township')).toBe(0);
    expect(out).toEqual(['130101001000\ttownship\t清河镇', '130102001000\ttownship\t清河镇']);
    const store = openSqliteStore({ file: join(dataDir, 'tidemark.sqlite') });
    try {
      expect((await store.listAudit({ action: 'division.import', limit: 5 })).map((e) => e.detail)).toEqual([
        { added: 0, skipped: 6, by: 'cli' }, { added: 6, skipped: 0, by: 'cli' },
      ]);
    } finally {
      await store.close();
    }
  });

  it('refuses a file with a bad line, a missing parent or a name taken in the parent, and imports nothing', async () => {
    expect(await run('import', csv('bad.csv', '130000000000,测试省\n13010000000,测试市\n'))).toBe(1);
    expect(err.join('\n')).toMatch(/2\.code: division\.code\.invalid/);
    err = [];
    expect(await run('import', csv('orphan.csv', '130000000000,测试省\n130101000000,安平县\n'))).toBe(1);
    expect(err.join('\n')).toMatch(/division\.parent\.missing/);
    err = [];
    expect(await run('import', csv('twice.csv', '130000000000,测试省\n130100000000,测试市\n130101000000,安平县\n130102000000,安平县\n'))).toBe(1);
    expect(err.join('\n')).toMatch(/division\.name\.takenInParent/);
    out = [];
    expect(await run('list')).toBe(0);
    expect(out).toEqual([]);
  });

  it('adds, renames, retires with a successor, and refuses a retired successor', async () => {
    await run('import', csv('codes.csv', '130000000000,测试省\n130100000000,测试市\n130101000000,安平县\n130101001000,清河镇\n130101002000,柳林乡\n'));
    expect(await run('add', '--code', '130101003000', '--name', '新华街道')).toBe(0);
    expect(await run('rename', '--code', '130101003000', '--name', '新华路街道')).toBe(0);
    expect(await run('retire', '--code', '130101002000', '--successor', '130101001000')).toBe(0);
    expect(await run('retire', '--code', '130101003000', '--successor', '130101002000')).toBe(1);
    expect(err.join('\n')).toMatch(/successorCode: division\.retired/);
    out = [];
    await run('list', '--level', 'township');
    expect(out).toEqual(['130101001000\ttownship\t清河镇', '130101002000\ttownship\t柳林乡\tretired → 130101001000', '130101003000\ttownship\t新华路街道']);
    expect(await run('frobnicate')).toBe(2);
  });
});
