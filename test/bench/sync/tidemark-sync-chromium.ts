import { startCountingProxy } from '../lib/counting-proxy';
import { startBenchServer } from '../lib/tidemark-server';
import { openBenchPage } from '../tablet/chromium';
import type { StaticBuild } from '../tablet/build-static';
import { generateWorkload } from '../workload/generate';
import type { SyncPhase, SyncResult } from './sync-result';

/** Issue 18: records per chunk when the local save alternates with its floors (tablet/page-api.ts saveWorkload). */
const FLOOR_CHUNK = 250;

/**
 * Tidemark's real sync client running where it runs in the field: the app's data layer
 * (createTidemarkClient, Dexie on Chromium's IndexedDB, WebCrypto) in a page served by the real
 * server (child process, SQLite), every byte through the counting proxy. Tablet A saves N records
 * through the app's save function (timed apart), "Sync now" pushes them; tablet B, a colleague's
 * fresh tablet in the same browser, logs in and "Sync now" pulls them. Times are taken in the page.
 */
export async function benchTidemarkSyncChromium(n: number, build: StaticBuild, options: { log?: (line: string) => void } = {}): Promise<SyncResult> {
  const log = options.log ?? (() => undefined);
  const server = await startBenchServer({ env: { STATIC_DIR: build.dir } });
  const proxy = await startCountingProxy(Number(new URL(server.url).port));
  const browser = await openBenchPage(`${proxy.url}${build.benchPage}`);
  const { page } = browser;
  const notes: string[] = [];
  try {
    const a = await server.createWorker(`sync_a_${Date.now()}`);
    const b = await server.createWorker(`sync_b_${Date.now()}`);
    await page.evaluate(([u, p]) => window.tidemarkBench.login('a', u, p), [a.username, a.password] as const);
    log(`tidemark (chromium): saving ${n} records on tablet A (validate + seal + outbox), each chunk of ${FLOOR_CHUNK} beside its floors`);
    const local = await page.evaluate(([count, chunk]) => window.tidemarkBench.saveWorkload('a', count, { mode: 'bulk', floor: chunk }), [n, FLOOR_CHUNK] as const);
    if (local.floor) log(`tidemark (chromium): local save ${(local.ms / 1000).toFixed(1)} s; floors: bare puts ${(local.floor.bareMs / 1000).toFixed(1)} s, rows with records' indexes + outbox ${(local.floor.floorMs / 1000).toFixed(1)} s`);

    const phase = async (name: string): Promise<SyncPhase> => {
      proxy.reset();
      const run = await page.evaluate((t) => window.tidemarkBench.syncNow(t), name);
      log(`tidemark (chromium): ${name}: waited ${run.settleMs.toFixed(0)} ms for the tablets' housekeeping before the clock started; ${(run.ms / 1000).toFixed(1)} s`);
      const { up, down } = proxy.counts();
      if (run.phase !== 'synced' || run.pending !== 0 || run.rejected !== 0) throw new Error(`tidemark sync on ${name} did not finish: ${JSON.stringify(run)}`);
      return { ms: run.ms, awaitingMs: run.awaitingMs, requests: run.requests, up, down };
    };
    // What the service worker's precache serves in the app, fetched before the bytes are counted (page-api.ts).
    await page.evaluate(() => window.tidemarkBench.loadLazyChunks());
    log('tidemark (chromium): push (Sync now on tablet A)');
    const push = await phase('a');
    await page.evaluate(([u, p]) => window.tidemarkBench.login('b', u, p), [b.username, b.password] as const);
    log('tidemark (chromium): pull (Sync now on a fresh tablet B)');
    const pull = await phase('b');

    const count = await page.evaluate(() => window.tidemarkBench.recordCount('b'));
    const sample = generateWorkload(Math.min(n, 50)).filter((r) => r.entity === 'household');
    let same = true;
    for (const r of sample) same &&= JSON.stringify(await page.evaluate((id) => window.tidemarkBench.household('b', id), r.fields.id)) === JSON.stringify(r.fields);
    const verified = count === n && same;
    if (!verified) notes.push(`tablet B holds ${count} of ${n} records${same ? '' : ', a sample differs'}`);
    await page.evaluate(() => window.tidemarkBench.close());
    return { system: 'Tidemark', n, localSaveMs: local.ms, ...(local.floor ? { localSaveFloor: local.floor } : {}), push, pull, serverPeakRss: server.rss.peak(), verified, notes };
  } finally {
    await browser.close();
    await proxy.close();
    await server.stop();
  }
}
