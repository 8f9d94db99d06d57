import { join } from 'node:path';
import { pushBodies, rawLogin, rawPushAll } from '../lib/raw-protocol';
import { watchCounting } from '../ingest/until-counted';
import { SQLITE_FILE_NAME } from '../../../sync-server/src/store/open-store';
import { startBenchServer } from '../lib/tidemark-server';
import { loadPinyin } from '../../../src/db/pinyin-initials';
import { generateWorkload, householdHead } from '../workload/generate';
import type { DigestStats } from '../../../src/db/list-digest';
import type { StaticBuild } from './build-static';
import { openBenchPage } from './chromium';
import type { Latencies, PrepareCost, SaveSteps, SearchRun, SyncRun } from './page-api';
import type { BulkFloor } from './save-floor';
import { beside, compactionsBetween, describeSearch, keepLogs, type SearchDiagnosis } from './search-diagnosis';

const TABLET_SEED = 50_000;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : Number.NaN;
};

/** p50 of each step of a save, and of the bare put beside it. */
export function describeSteps(s: SaveSteps): string {
  const parts = (['validate', 'read', 'seal', 'write', 'total', 'bare'] as const).map((k) => `${k} ${median(s[k]).toFixed(2)}`);
  return parts.join(', ');
}

export interface TabletOptions {
  stored?: number;
  samples?: number;
  queries?: number;
  log?: (line: string) => void;
}

export interface TabletResult {
  stored: number;
  /** The tablet's first "Sync now" that pulled the stored households (initial sync in Chromium). */
  initialPullMs: number;
  initialPullRequests: number;
  /** Issue 18: of initialPullMs, the time with a request in flight (the server's share and the network's). */
  initialPullAwaitingMs?: number;
  /**
   * Issue 18: the seed's count (SPEC D9), from the last push until no mark is left; the first sync above ran
   * beside it, as a field tablet meets a server still counting a storm's pushes.
   */
  seedCountMs?: number;
  /** Issue 18: a second tablet's first sync of the same households once the count is done (the server idle). */
  idlePull?: Pick<SyncRun, 'ms' | 'awaitingMs' | 'requests'>;
  saves: Latencies;
  /** Issue 18: the first sync's floor, the tablet's rows written again in pages of 1,000 with and without their index entries (save-floor.ts). */
  bulkFloor?: BulkFloor;
  /** Issue 18: the steps of a save (saveRecord's trace), beside a bare put. */
  saveSteps: SaveSteps;
  nameSearch: SearchRun;
  /** Issue 18 (SPEC N3): the heads' pinyin initials (张建国 → zjg), what a worker types first. */
  initialsSearch: SearchRun;
  idSearch: SearchRun;
  /** Issue 18: the first sync's preparation apart from its writes (page-api prepareCost), on a sample. */
  prepareCost?: PrepareCost;
  /** Issue 18: name search again, on fresh queries at once and after the store has been left idle (search-diagnosis.ts). */
  searchDiagnosis?: SearchDiagnosis;
  /** Issue 18 (SPEC N10): the list digest after a lock and unlock: the first search, the wait for it, the JS heap in MB. */
  listDigest?: { unlockMs: number; firstMs: number; firstAnsweredByDigest: boolean; readyMs: number; stats?: DigestStats; heapBeforeMb: number; heapAfterMb: number; duringSaves: { steps: number; stepMs: number } };
}

/**
 * The tablet in real Chromium: the app's data layer in a page served by the real server, holding
 * `stored` households (pushed to the server, then pulled by the tablet's own sync). Then: saving one
 * household through the form's save path against a bare Dexie put in the same page, and the list's
 * name search and the ID-number look-up over everything stored.
 */
export async function benchTablet(build: StaticBuild, options: TabletOptions = {}): Promise<TabletResult> {
  const stored = options.stored ?? 50_000;
  const samples = options.samples ?? 200;
  const queryCount = options.queries ?? 40;
  const log = options.log ?? (() => undefined);
  const idleMs = Number(process.env.BENCH_SEARCH_IDLE_MS ?? 60_000);
  const workload = { surveyShare: 0, seed: TABLET_SEED };
  const records = generateWorkload(stored, workload);
  const server = await startBenchServer({ env: { STATIC_DIR: build.dir } });
  try {
    const office = await server.createWorker(`tablet_office_${Date.now()}`);
    const worker = await server.createWorker(`tablet_worker_${Date.now()}`);
    log(`tablet: loading ${stored} households into the server (raw pushes)`);
    const pusher = await rawLogin(server.url, office.username, office.password);
    await rawPushAll(pusher, pushBodies(pusher.deviceId, records));
    // Issue 18: the server counts the seed after its pushes (SPEC D9, ~19 s at 50,000) and the first sync
    // below starts at once, beside that count. Watched from here on the server's file (a read connection of
    // its own, polled slowly so the watching costs the machine little), to time the count and to run a
    // second first sync once the server is idle.
    const counting = watchCounting(join(server.process.dataDir, SQLITE_FILE_NAME), 250);

    const browser = await openBenchPage(`${server.url}${build.benchPage}`).catch((e: unknown) => {
      counting.stop();
      throw e;
    });
    const { page } = browser;
    try {
      await page.evaluate(([u, p]) => window.tidemarkBench.login('t', u, p), [worker.username, worker.password] as const);
      log(`tablet: the tablet pulls the ${stored} households (Sync now, in Chromium)`);
      const pull = await page.evaluate(() => window.tidemarkBench.syncNow('t'));
      log(`tablet: first sync ${(pull.ms / 1000).toFixed(1)} s, of which ${(pull.awaitingMs / 1000).toFixed(1)} s with a request in flight (${pull.requests} requests; housekeeping awaited before: ${pull.settleMs.toFixed(0)} ms)`);
      if (pull.idb) log(`tablet: first sync's IndexedDB: ${pull.idb.transactions} transactions, busy ${(pull.idb.busyMs / 1000).toFixed(1)} s, requests ${JSON.stringify(pull.idb.requests)}`);
      // Issue 18 (SPEC N10): the list digest warmed up after the first sync (it waits for the sync to end),
      // before anything else is measured: the floor's writes go to another database, which its wait for
      // writes to pause does not see, so a floor begun at once ran beside the warm-up (117–151 s against
      // 84 s, tablet-issue18.md, sixteenth session). Then whether it did any work during the saves.
      const digestWaitMs = await page.evaluate(() => window.tidemarkBench.digestReady('t'));
      log(`tablet: list digest complete after the first sync, before the floor and the saves (waited ${(digestWaitMs / 1000).toFixed(1)} s)`);
      const seedCountMs = await counting.counted;
      counting.stop();
      log(`tablet: the server's count of the seed took ${(seedCountMs / 1000).toFixed(1)} s after the last push (the first sync above ran beside it)`);
      const idlePull = await firstSyncIdle(server.url, build, worker, stored, () => page.evaluate(() => window.tidemarkBench.housekeepingIdle()), log);
      const prepareCost = await page.evaluate((o) => window.tidemarkBench.prepareCost('t', 1000, o), workload);
      log(
        `tablet: preparing ${prepareCost.records} records (one at a time): seal ${prepareCost.sealMs.toFixed(0)} ms, index tokens ${prepareCost.indexMs.toFixed(0)} ms; ${prepareCost.nameKeysPerRecord.toFixed(1)} name index entries and ${prepareCost.idHmacsPerRecord.toFixed(1)} ID entries per record`,
      );
      const count = await page.evaluate(() => window.tidemarkBench.recordCount('t'));
      if (count !== stored || pull.phase !== 'synced') throw new Error(`tablet holds ${count} of ${stored} (${pull.phase})`);
      log(`tablet: a bare Dexie table with the same ${stored} households`);
      await page.evaluate(([n, o]) => window.tidemarkBench.fillBare(n, o), [stored, workload] as const);
      log(`tablet: the floor tables: the tablet's ${stored} rows written again, with and without records' indexes`);
      // BENCH_FLOOR_SPLIT=1 (issue 18): the same pages also written without their name index entries, to split the floor.
      const withoutNames = process.env.BENCH_FLOOR_SPLIT === '1';
      const bulkFloor = await page.evaluate((o) => window.tidemarkBench.fillFloor('t', o), { withoutNames });
      log(`tablet: floor bulkPut of ${bulkFloor.rows} rows in ${bulkFloor.pages} pages: ${(bulkFloor.indexedMs / 1000).toFixed(1)} s with records' indexes, ${(bulkFloor.plainMs / 1000).toFixed(1)} s without`);
      if (bulkFloor.noNamesMs !== undefined) log(`tablet: the same pages with every index but the name index (rows without nameKeys): ${(bulkFloor.noNamesMs / 1000).toFixed(1)} s`);

      const digestBeforeSaves = await page.evaluate(() => window.tidemarkBench.digestStats('t'));
      log(`tablet: list digest before the saves: ${JSON.stringify(digestBeforeSaves)}`);
      log(`tablet: ${samples} saves through households.save, each beside a bare Dexie put and the floor's writes`);
      // BENCH_SHAPE_FIRST=1 (issue 18): the floor's save shape written first in each iteration, before the save (page-api measureSaves).
      const shapeFirst = process.env.BENCH_SHAPE_FIRST === '1';
      if (shapeFirst) log('tablet: BENCH_SHAPE_FIRST=1: the floor\'s save shape is written before each save (with the previous record), not last');
      const saves = await page.evaluate(([k, o]) => window.tidemarkBench.measureSaves('t', k, o), [samples, { ...workload, from: stored, shapeFirst }] as const);
      log(`tablet: save p50 ms: households.save ${median(saves.app).toFixed(2)}, bare put ${median(saves.bare).toFixed(2)}, floor put ${median(saves.floor ?? []).toFixed(2)}, floor put + outbox ${median(saves.floorWithOutbox ?? []).toFixed(2)}, floor add + outbox + a third row (the save's shape) ${median(saves.floorWithOutboxAndLog ?? []).toFixed(2)}`);
      if (saves.appIdb) {
        const { transactions, requests, methods } = saves.appIdb;
        const alone = saves.app.filter((_, i) => transactions[i] === 1 && requests[i] === 3);
        const beside = saves.app.filter((_, i) => !(transactions[i] === 1 && requests[i] === 3));
        log(`tablet: IndexedDB begun during each households.save: ${alone.length} of ${saves.app.length} saves alone (1 transaction, 3 requests), p50 ${median(alone).toFixed(2)} ms; ${beside.length} with other work, p50 ${median(beside).toFixed(2)} ms; transactions ${transactions.reduce((a, b) => a + b, 0)}, requests ${JSON.stringify(methods)}`);
      }
      if (saves.appSteps) log(`tablet: households.save traced in the same loop, p50 ms: ${Object.entries(saves.appSteps).map(([k, v]) => `${k} ${median(v).toFixed(2)}`).join(', ')}; mean ms: ${Object.entries(saves.appSteps).map(([k, v]) => `${k} ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(2)}`).join(', ')}`);

      log(`tablet: ${samples} saves through saveRecord with its trace (where a save's time goes)`);
      const saveSteps = await page.evaluate(([k, o]) => window.tidemarkBench.measureSaveSteps('t', k, o), [samples, { ...workload, from: stored + samples }] as const);
      log(`tablet: save steps, p50 ms: ${describeSteps(saveSteps)}`);
      const digestAfterSaves = await page.evaluate(() => window.tidemarkBench.digestStats('t'));
      log(`tablet: list digest after the saves: ${JSON.stringify(digestAfterSaves)}; steps during the saves: ${digestAfterSaves.steps - digestBeforeSaves.steps} (${(digestAfterSaves.stepMs - digestBeforeSaves.stepMs).toFixed(0)} ms)`);

      const step = Math.max(1, Math.floor(stored / queryCount));
      const picks = Array.from({ length: Math.min(queryCount, stored) }, (_, i) => householdHead(records[i * step]!));
      // Surname plus the first character of the given name: what a worker types to find a household.
      const prefixes = picks.map((h) => [...h.name].slice(0, 2).join(''));
      log(`tablet: ${prefixes.length} name searches and ${picks.length} ID-number look-ups over ${stored + samples}`);
      // Issue 18 (SPEC N10): lock and unlock, the first search at once (cold, the digest not ready), then the
      // wait for the digest, the JS heap (after a GC) before the lock and once it is ready.
      const cdp = await page.context().newCDPSession(page);
      const heapMb = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize / 1e6;
      };
      const { savedMs } = await page.evaluate(() => window.tidemarkBench.lock('t'));
      log(`tablet: list digest's sealed copy (N11) written before the lock (waited ${savedMs.toFixed(0)} ms): ${JSON.stringify(await page.evaluate(() => window.tidemarkBench.digestStats('t')))}`);
      const heapBefore = await heapMb();
      const relock = await page.evaluate(([p, q]) => window.tidemarkBench.unlockAndSearch('t', p, q), [worker.password, prefixes[0] ?? ''] as const);
      const heapAfter = await heapMb();
      log(
        `tablet: list digest: unlock ${relock.unlockMs.toFixed(0)} ms; first search after unlock ${relock.firstMs.toFixed(1)} ms (by the digest: ${relock.firstAnsweredByDigest}); ready ${(relock.readyMs / 1000).toFixed(1)} s after unlock; ${JSON.stringify(relock.stats)}; JS heap ${heapBefore.toFixed(1)} MB (locked) → ${heapAfter.toFixed(1)} MB (unlocked, digest complete)`,
      );
      const listDigest = { ...relock, heapBeforeMb: heapBefore, heapAfterMb: heapAfter, duringSaves: { steps: digestAfterSaves.steps - digestBeforeSaves.steps, stepMs: digestAfterSaves.stepMs - digestBeforeSaves.stepMs } };
      const searchStart = Date.now();
      const nameSearch = await page.evaluate((q) => window.tidemarkBench.searchByName('t', q), prefixes);
      log(`tablet: name search ${describeSearch(nameSearch)}`);
      // The same heads by their names' pinyin initials, as the app computes them (SPEC N3).
      const initials = await loadPinyin();
      const initialsQueries = picks.map((h) => initials(h.name)).filter((q) => q.length >= 2);
      const initialsSearch = await page.evaluate((q) => window.tidemarkBench.searchByName('t', q), initialsQueries);
      if (initialsSearch.hits.some((h) => h < 1)) throw new Error('tablet: a pinyin-initials search found nothing');
      const idSearch = await page.evaluate((q) => window.tidemarkBench.searchById('t', q), picks.map((h) => h.idNumber));
      if (idSearch.hits.some((h) => h < 1)) throw new Error('tablet: an ID-number look-up found nothing');
      const searchEnd = Date.now();

      // Issue 18: why name search is slower on disk. The same kind of query on households not searched yet
      // (their rows not in the cache), at once and then after the store was left idle; and the reported
      // queries again (rows cached: the index read alone).
      const freshPrefixes = (offset: number) => Array.from({ length: Math.min(queryCount, stored) }, (_, i) => [...householdHead(records[(i * step + offset) % stored]!).name].slice(0, 2).join(''));
      const freshAtOnce = await page.evaluate((q) => window.tidemarkBench.searchByName('t', q), freshPrefixes(Math.floor(step / 3)));
      log(`tablet: name search, fresh queries at once: ${describeSearch(freshAtOnce)}`);
      log(`tablet: idle ${idleMs / 1000} s`);
      const idleStart = Date.now();
      await new Promise((r) => setTimeout(r, idleMs));
      const idleEnd = Date.now();
      const freshAfterIdle = await page.evaluate((q) => window.tidemarkBench.searchByName('t', q), freshPrefixes(Math.floor((2 * step) / 3)));
      log(`tablet: name search, fresh queries after idle: ${describeSearch(freshAfterIdle)}`);
      const cachedAgain = await page.evaluate((q) => window.tidemarkBench.searchByName('t', q), prefixes);
      log(`tablet: name search, the reported queries again (rows cached): ${describeSearch(cachedAgain)}`);
      const compactions = browser.profile ? await compactionsBetween(browser.profile, { searchStart, searchEnd, idleStart, idleEnd }) : null;
      if (compactions) log(`tablet: LevelDB compactions: ${compactions.summary}`);
      if (browser.profile) await keepLogs(browser.profile, process.env.BENCH_KEEP_LEVELDB_LOG);
      const runs = { 'name search': nameSearch, 'initials search': initialsSearch, 'fresh at once': freshAtOnce, 'fresh after idle': freshAfterIdle, 'cached again': cachedAgain };
      for (const [k, r] of Object.entries(runs)) log(`tablet: ${k}: ${beside(r, compactions)}`);
      const searchDiagnosis: SearchDiagnosis = { idleMs, freshAtOnce, freshAfterIdle, cachedAgain, compactions };
      await page.evaluate(() => window.tidemarkBench.close());
      return { stored, initialPullMs: pull.ms, initialPullRequests: pull.requests, initialPullAwaitingMs: pull.awaitingMs, seedCountMs, idlePull, saves, bulkFloor, saveSteps, nameSearch, initialsSearch, idSearch, prepareCost, searchDiagnosis, listDigest };
    } finally {
      counting.stop();
      await browser.close();
    }
  } finally {
    await server.stop();
  }
}

/**
 * Issue 18: the first sync of the same households with the server idle (its count of the seed done): a
 * second tablet in a browser of its own (a fresh profile, so the first tablet's rows and their compactions
 * are not under it), the first tablet's housekeeping awaited first. Its floor is the first tablet's (the same
 * rows written by a bare Dexie: the server plays no part in it). The browser is closed before the first
 * tablet's phases go on.
 */
async function firstSyncIdle(
  url: string,
  build: StaticBuild,
  worker: { username: string; password: string },
  stored: number,
  firstIdle: () => Promise<number>,
  log: (line: string) => void,
): Promise<NonNullable<TabletResult['idlePull']>> {
  const browser = await openBenchPage(`${url}${build.benchPage}`);
  try {
    const { page } = browser;
    await page.evaluate(([u, p]) => window.tidemarkBench.login('idle', u, p), [worker.username, worker.password] as const);
    const waited = await firstIdle();
    log(`tablet: a second tablet (a browser of its own) pulls the ${stored} households with the server's count done (the first tablet's housekeeping awaited: ${waited.toFixed(0)} ms)`);
    const pull = await page.evaluate(() => window.tidemarkBench.syncNow('idle'));
    const count = await page.evaluate(() => window.tidemarkBench.recordCount('idle'));
    if (count !== stored || pull.phase !== 'synced') throw new Error(`the idle tablet holds ${count} of ${stored} (${pull.phase})`);
    log(`tablet: first sync with the server idle ${(pull.ms / 1000).toFixed(1)} s, of which ${(pull.awaitingMs / 1000).toFixed(1)} s with a request in flight (${pull.requests} requests)`);
    await page.evaluate(() => window.tidemarkBench.close());
    return { ms: pull.ms, awaitingMs: pull.awaitingMs, requests: pull.requests };
  } finally {
    await browser.close();
  }
}
