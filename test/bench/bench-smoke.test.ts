/**
 * A tiny run of every benchmark (`npm run bench` is the real thing), so the benchmarks keep working as
 * the app changes. Tidemark's side only (the peer's packages are not installed by `npm ci`), N ≈ 50,
 * one shared server child process, and no timing assertions: only that each benchmark runs and checks
 * what it should.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateIdNumber } from '../../src/shared/rules/id-number';
import { ENTITY_DEFINITIONS } from '../../src/shared/schema/registry';
import { benchAbuse } from './abuse/abuse';
import { benchIngestSqlite } from './ingest/ingest-sqlite';
import { parseArgs } from './lib/args';
import { startBenchServer, type BenchServer } from './lib/tidemark-server';
import { renderReport } from './report/markdown';
import { readmeSection, withReport } from './report/readme';
import type { BenchResults } from './report/results';
import { measureBuild } from './size/size';
import { benchStorm } from './storm/storm';
import { benchTidemarkSync } from './sync/tidemark-sync';
import type { SyncResult } from './sync/sync-result';
import { createPageApi } from './tablet/page-api';
import { generateWorkload, householdHead } from './workload/generate';
import { measureWorkload } from './workload/measure';

let server: BenchServer;

beforeAll(async () => {
  server = await startBenchServer();
});

afterAll(async () => {
  await server?.stop();
});

describe('bench smoke', () => {
  it('the workload is deterministic, valid against the shared schemas, stored as parsed, ~1.5 KB a record', () => {
    const records = generateWorkload(50);
    expect(JSON.stringify(generateWorkload(50))).toBe(JSON.stringify(records));
    expect(generateWorkload(10).map((r) => r.fields.id)).toEqual(records.slice(0, 10).map((r) => r.fields.id));
    expect(records.filter((r) => r.entity === 'survey')).toHaveLength(15);
    for (const r of records) {
      const parsed = ENTITY_DEFINITIONS[r.entity]!.schema.safeParse(r.fields);
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(r.fields)); // byte for byte what the app stores
      const head = (r.fields as { head?: { idNumber: string } }).head;
      if (head) expect(validateIdNumber(head.idNumber, { today: '2026-01-01' }).ok).toBe(true);
    }
    const size = measureWorkload(records);
    expect(size.meanRecordBytes).toBeGreaterThan(1200);
    expect(size.meanRecordBytes).toBeLessThan(2000);
    expect(size.gzipBytes).toBeLessThan(size.jsonBytes / 2);
  });

  it('sync: the real client pushes N records to the real server and a fresh tablet pulls them, counted at the socket', async () => {
    const r = await benchTidemarkSync(generateWorkload(40), { server });
    expect(r.verified).toBe(true);
    expect(r.push.requests).toBeGreaterThanOrEqual(2); // one push batch, then the catch-up pull
    expect(r.pull.requests).toBeGreaterThanOrEqual(1);
    for (const ph of [r.push, r.pull]) expect(ph.up).toBeGreaterThan(0);
    // The pull is gzipped on the wire (sync-server/src/http/compress.ts): ~1.5 KB a record as JSON, ~0.3 KB gzipped.
    expect(r.pull.down).toBeGreaterThan(40 * 150);
    expect(r.serverPeakRss).toBeGreaterThan(10e6);
  });

  it('ingest: pushes through the endpoint, then inserts the same rows raw in one transaction', async () => {
    const r = await benchIngestSqlite(generateWorkload(50, { seed: 11 }), { server });
    expect(r.rawRows).toBeGreaterThanOrEqual(150); // records, applied_changes, audit_log
    expect(r.pushMs).toBeGreaterThan(0);
    expect(r.rawMs).toBeGreaterThan(0);
  });

  it('storm: several devices push at once, nothing lost or duplicated', async () => {
    const r = await benchStorm({ devices: 5, perDevice: 10, server, seed: 3 });
    expect(r).toMatchObject({ expected: 50, stored: 50, lost: 0, duplicated: 0, appliedChanges: 50, gaveUp: 0 });
    expect(r.completionMs).toHaveLength(5);
  });

  it('abuse: the storm alone and under attack; honest records stored exactly once either way', async () => {
    const r = await benchAbuse({ devices: 5, perDevice: 4 });
    for (const s of [r.baseline, r.underAttack]) expect(s).toMatchObject({ expected: 20, stored: 20, lost: 0, duplicated: 0, appliedChanges: 20, gaveUp: 0 });
    expect(r.attack.map((a) => a.kind)).toEqual(['trickle-fake-token', 'trickle-valid-token', 'flood-fake-token', 'guess-passwords']);
    // The made-up tokens are refused (401), then limited (429); never a push slot (no 503 for them).
    expect(r.attack.find((a) => a.kind === 'flood-fake-token')!.answers['503']).toBeUndefined();
  });

  it('tablet page API: saves, syncs, searches and the bare Dexie put, in Node on fake-indexeddb', async () => {
    const a = await server.createWorker(`smoke_tab_a_${Date.now()}`);
    const b = await server.createWorker(`smoke_tab_b_${Date.now()}`);
    const factory = new IDBFactory();
    const api = createPageApi({ baseUrl: server.url, env: () => ({ indexedDB: factory, IDBKeyRange }), kdfIterations: 1000 });
    await api.login('a', a.username, a.password);
    const workload = { surveyShare: 0, seed: 5 };
    expect((await api.saveWorkload('a', 12, workload)).saved).toBe(12);
    expect(await api.syncNow('a')).toMatchObject({ phase: 'synced', pending: 0, rejected: 0 });
    await api.login('b', b.username, b.password);
    const pull = await api.syncNow('b');
    expect(pull.requests).toBeGreaterThanOrEqual(1);
    expect(await api.recordCount('b')).toBeGreaterThanOrEqual(12);
    expect((await api.fillBare(12, workload)).count).toBe(12);
    // Issue 18: the floor tables take a copy of every row the tablet holds, then each save's row again.
    const held = await api.recordCount('b');
    expect(await api.fillFloor('b')).toMatchObject({ rows: held, pages: 1 });
    const saves = await api.measureSaves('b', 3, { ...workload, from: 12 });
    expect(saves.app).toHaveLength(3);
    expect(saves.bare).toHaveLength(3);
    expect(saves.floor).toHaveLength(3);
    expect(saves.floorWithOutbox).toHaveLength(3);
    expect(saves.floorPlain).toHaveLength(3);
    expect(saves.floorWithOutboxAndLog).toHaveLength(3);
    // Issue 18: each households.save split by its trace in the same loop, the steps after its transaction too.
    for (const k of ['validated', 'written', 'fed', 'returned', 'told', 'notified', 'after'] as const) expect(saves.appSteps![k]).toHaveLength(3);
    expect(saves.appSteps!.written.every((ms, i) => ms <= saves.app[i]!)).toBe(true);
    const heads = generateWorkload(12, workload).map(householdHead);
    const byName = await api.searchByName('b', heads.slice(0, 3).map((h) => [...h.name].slice(0, 2).join('')));
    expect(byName.hits.every((h) => h >= 1)).toBe(true);
    const byId = await api.searchById('b', heads.slice(0, 3).map((h) => h.idNumber));
    expect(byId.hits).toEqual([1, 1, 1]);
    // Issue 18: the sync phase's local save, chunk by chunk beside its floors (bare puts; rows + outbox changes).
    const before = await api.recordCount('a');
    const beside = await api.saveWorkload('a', 5, { ...workload, from: 20, floor: 2 });
    expect(beside).toMatchObject({ saved: 5, floor: { chunk: 2 } });
    expect(beside.floor!.bareMs).toBeGreaterThan(0);
    expect(beside.floor!.floorMs).toBeGreaterThan(0);
    expect(await api.recordCount('a')).toBe(before + 5);
    await api.close();
  });

  it('size: initial JS from index.html and the precache from sw.js', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-size-'));
    try {
      mkdirSync(join(dir, 'assets'));
      const html = '<script type="module" crossorigin src="/assets/a.js"></script><link rel="modulepreload" crossorigin href="/assets/b.js"><link rel="stylesheet" href="/assets/c.css">';
      writeFileSync(join(dir, 'index.html'), html);
      writeFileSync(join(dir, 'assets/a.js'), 'a'.repeat(1000));
      writeFileSync(join(dir, 'assets/b.js'), 'b'.repeat(500));
      writeFileSync(join(dir, 'assets/c.css'), 'c'.repeat(300));
      writeFileSync(join(dir, 'sw.js'), 'e.precacheAndRoute([{url:"assets/a.js",revision:null},{url:"assets/c.css",revision:null},{url:"index.html",revision:"x"}])');
      const s = measureBuild(dir);
      expect(s.initialJs.files).toEqual(['/assets/a.js', '/assets/b.js']);
      expect(s.initialJs.rawBytes).toBe(1500);
      expect(s.precache.entries).toBe(3);
      expect(s.precache.rawBytes).toBe(1300 + Buffer.byteLength(html));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the report: every section, its targets marked, failures and skips shown, and the README section', () => {
    const phase = { ms: 1000, requests: 10, up: 1000, down: 500 };
    const sync = (system: string, f: number): SyncResult => ({ system, n: 100, localSaveMs: 10, push: { ...phase, ms: phase.ms * f, requests: 10 * f }, pull: { ...phase, requests: 10 * f }, serverPeakRss: 50e6, verified: true, notes: [] });
    const results: BenchResults = {
      startedAt: '2026-01-01T00:00:00.000Z',
      machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 24, node: 'v20', os: 'linux', loadAverage: 0.1, chromium: 'Chromium 1', postgres: null },
      n: 100,
      tabletN: 1000,
      workload: { records: 100, jsonBytes: 150_000, meanRecordBytes: 1500, gzipBytes: 20_000 },
      tidemarkClient: 'chromium',
      sync: {
        status: 'ok',
        value: {
          tidemark: { ...sync('Tidemark', 1), localSaveMs: 50, localSaveFloor: { chunk: 250, bareMs: 20, floorMs: 25 }, push: { ...phase, awaitingMs: 600 } },
          peer: sync('peer', 40),
          peerChromium: { status: 'ok', value: { ...sync('PouchDB in Chromium', 15), localSaveEachMs: 30 } },
        },
      },
      ingestSqlite: { status: 'ok', value: { store: 'SQLite', n: 100, pushMs: 100, rawMs: 10, rawRows: 300, serverPeakRss: 1 } },
      ingestPostgres: { status: 'skipped', reason: 'DATABASE_URL is not set' },
      storm: { status: 'failed', error: 'boom' },
      abuse: { status: 'skipped', reason: 'not selected' },
      tablet: { status: 'ok', value: { stored: 1000, initialPullMs: 5000, initialPullRequests: 2, initialPullAwaitingMs: 3000, seedCountMs: 2000, idlePull: { ms: 4000, awaitingMs: 1500, requests: 2 }, saves: { app: [3, 4, 5], bare: [1, 2, 2], floor: [2, 2, 3], floorWithOutbox: [2, 3, 4], floorPlain: [1, 1, 2] }, bulkFloor: { rows: 1000, pages: 1, indexedMs: 800, plainMs: 200 }, saveSteps: { validate: [1], read: [1], seal: [1], write: [1], total: [4], bare: [1] }, nameSearch: { coldMs: 300, times: [10, 20, 30], hits: [1, 2, 3] }, initialsSearch: { coldMs: 5, times: [4, 5, 6], hits: [1, 1, 2] }, idSearch: { coldMs: Number.NaN, times: [1, 2, 3], hits: [1, 1, 1] } } },
      size: { status: 'ok', value: { initialJs: { files: ['/a.js'], rawBytes: 500_000, gzipBytes: 150_000 }, precache: { entries: 30, rawBytes: 900_000, gzipBytes: 300_000 } } },
    };
    const md = renderReport(results);
    expect(md).toContain('| Measure | Tidemark | Compared with | Ratio | Target | |');
    expect(md).toContain('Test CPU, 2 cores, 24 GiB, Node v20');
    // Issue 18: ≥ 3× the in-memory peer, ≥ 10× PouchDB on IndexedDB in Chromium (a second section).
    expect(md).toMatch(/\| push \+ pull wall time \| 2\.00 s \| 41\.0 s \| 20\.5× faster \| ≥ 3× faster \| ✅ met \|/);
    expect(md).toMatch(/\| push \+ pull wall time \| 2\.00 s \| 16\.0 s \| 8\.00× faster \| ≥ 10× faster \| ❌ missed \|/);
    expect(md).toMatch(/\| push: client's own time \(wall − awaiting the server\) \/ awaiting \| 400 ms \/ 600 ms \| — \| 40 % own \|/);
    expect(md).not.toMatch(/pull: client's own time/); // not measured there: no row
    // Issue 18: the floors under the local save, each as a multiple of the in-memory peer's save (10 ms here).
    expect(md).toMatch(/\| local save of N before the push \(not sync\) \| 50\.0 ms \| 10\.0 ms \| 5\.00× slower \|/);
    expect(md).toMatch(/\| local save floor \(a\): 100 bare Dexie puts of the records' JSON, one strict transaction each, beside the save \(vs the in-memory peer's save\) \| 20\.0 ms \| 10\.0 ms \| 2\.00× the peer \| — \|/);
    expect(md).toMatch(/\| local save floor \(b\): 100 stored rows with records' indexes \+ their outbox changes, one strict transaction each, beside the save \(vs the in-memory peer's save\) \| 25\.0 ms \| 10\.0 ms \| 2\.50× the peer \| — \|/);
    expect(md).toMatch(/\| local save of N vs its floor \(b\), same page, same moments \(Tidemark's code above IndexedDB's work\) \| 50\.0 ms \| 25\.0 ms \| 2\.00× \|/);
    expect(md).toMatch(/\| local save floor \(c\): PouchDB 9 in Chromium saving the 100 one put \(one strict transaction\) each \(vs the in-memory peer's save\) \| 30\.0 ms \| 10\.0 ms \| 3\.00× the peer \| — \|/);
    // Issue 18, eighth session: every Chromium figure is taken with IndexedDB on disk (strict commits pay their fsync).
    expect(md).toMatch(/Chromium's pages \(Tidemark's and PouchDB's alike\) each run on a fresh profile of their own in a temporary directory on disk, so their IndexedDB is on disk/);
    expect(md).toMatch(/- Tablet: a page of headless Chromium on a fresh profile on disk/);
    expect(md).toMatch(/\| HTTP requests, total \| 20 \| 800 \| 0\.025× \| ≤ 1\/20 \(0\.05×\) \| ✅ met \|/);
    expect(md).toMatch(/SQLite, 100 records .*\| 1,000 rec\/s \| 10,000 rec\/s \| 10\.0 % \| ≥ 50 % \| ❌ missed \|/);
    expect(md).toContain('PostgreSQL: skipped: DATABASE_URL is not set');
    expect(md).toContain('FAILED: boom');
    // Issue 18: the floor rows, beside the save's row and target (unchanged).
    expect(md).toMatch(/\| save one household, p50 \(3 saves; vs bare Dexie put\) \| 4\.00 ms \| 2\.00 ms \| 2\.00× \| ≤ 2× \| ✅ met \|/);
    expect(md).toMatch(/\| save one household, p50 \/ p95 \(vs a put of the same stored row into a table with records' indexes: the floor\) \| 4\.00 ms \/ 5\.00 ms \| 2\.00 ms \/ 3\.00 ms \| 2\.00× \/ 1\.67× \| — \|/);
    expect(md).toMatch(/\| the floor itself: put of the stored row with records' indexes, p50 \/ p95 \(vs bare Dexie put\) \| 2\.00 ms \/ 3\.00 ms \| 2\.00 ms \/ 2\.00 ms \| 1\.00× \/ 1\.50× \|/);
    expect(md).toMatch(/\| the same stored row put into a table without any index, p50 \/ p95 \(vs bare Dexie put\) \| 1\.00 ms \/ 2\.00 ms \| 2\.00 ms \/ 2\.00 ms \| 0\.50× \/ 1\.00× \|/);
    expect(md).toMatch(/\| first sync \(vs its floor: bulkPut of the same 1,000 stored rows in 1 pages, strict, with records' indexes\) \| 5\.00 s \| 800 ms \| 6\.25× \|/);
    expect(md).toMatch(/\| the first sync's floor itself: with records' indexes \(vs the same pages without any index\) \| 800 ms \| 200 ms \| 4\.00× \|/);
    // Issue 18: the first sync both ways — beside the server's count of the seed, and with the server idle — each with its time in flight.
    expect(md).toMatch(/\| first sync: pull 1,000 households \(2 requests\) \| 5\.00 s \|/);
    expect(md).toMatch(/\| first sync while the server counts the seed \(its count took 2\.00 s after the last push\): total; with a request in flight \| 5\.00 s; 3\.00 s \|/);
    expect(md).toMatch(/\| first sync with the server idle, its count done \(a second tablet, 2 requests\): total; with a request in flight \| 4\.00 s; 1\.50 s \|/);
    expect(md).toMatch(/\| first sync with the server idle \(vs the same floor\) \| 4\.00 s \| 800 ms \| 5\.00× \|/);
    expect(md).toMatch(/initial JS, gzip -9 \(1 eager scripts\) \| 150\.0 KB .*✅ met/);
    expect(md).toMatch(/Targets met: \d+, missed: \d+\./);
    expect(readmeSection(md)).toMatch(/^## Performance\n[\s\S]*npm run bench[\s\S]*\| Measure \|/);
    // Only the table between the markers is replaced; the text around it stays.
    const readme = `# T\n\nintro\n\n${readmeSection('old table')}\nanalysis by hand\n\n## Later\n`;
    const updated = withReport(readme, 'new table');
    expect(updated).toContain('new table');
    expect(updated).not.toContain('old table');
    expect(updated).toMatch(/intro[\s\S]*new table[\s\S]*analysis by hand[\s\S]*## Later/);
    expect(withReport('# T\n', 'first')).toMatch(/^# T\n\n## Performance[\s\S]*first/);
  });

  it('arguments: --n, BENCH_N, --only, --client', () => {
    expect(parseArgs([], {})).toMatchObject({ n: 10_000, tabletN: 50_000, tidemarkClient: 'chromium', stormDevices: 200 });
    expect(parseArgs([], { BENCH_N: '500' }).n).toBe(500);
    const a = parseArgs(['--n', '2000', '--only=sync,size', '--client', 'node', '--readme'], { BENCH_N: '500' });
    expect(a).toMatchObject({ n: 2000, tidemarkClient: 'node', readme: true });
    expect([...a.phases]).toEqual(['sync', 'size']);
    expect(() => parseArgs(['--n', '0'], {})).toThrow(/positive/);
    expect(() => parseArgs(['--only', 'nope'], {})).toThrow(/unknown phase/);
  });
});
