import { startCountingProxy } from '../lib/counting-proxy';
import { openBenchPage } from '../tablet/chromium';
import type { WorkloadRecord } from '../workload/generate';
import { startPeerServer, toDoc } from './peer-sync';
import type { SyncPhase, SyncResult } from './sync-result';

/** What test/bench/peer/peer-page.html puts on window. */
interface PeerPage {
  save(name: string, docs: Record<string, unknown>[]): Promise<number>;
  saveEach(name: string, docs: Record<string, unknown>[]): Promise<number>;
  push(name: string): Promise<{ ms: number; requests: number; written: number }>;
  pull(name: string): Promise<{ ms: number; requests: number }>;
  count(name: string): Promise<number>;
  get(name: string, id: string): Promise<Record<string, unknown>>;
  adapter(name: string): string;
}
/** Called inside page.evaluate callbacks, where it is the page's own global (peer-page.html defines it). */
declare function peer(): PeerPage;

/**
 * Issue 18's fair peer: what a team would ship in a PWA — PouchDB 9's browser build on Chromium's
 * IndexedDB (adapter `idb`), in a page of the same headless Chromium as Tidemark's client, replicating
 * with its default settings to express-pouchdb 4.2 on LevelDB (on disk). The page and PouchDB's build
 * are served by the peer's own server, through the same counting proxy, so the origin is one and the
 * bytes are counted alike. The N documents are written with bulkDocs in pages of 1000 (timed apart).
 */
export async function benchPeerSyncChromium(records: WorkloadRecord[], options: { log?: (line: string) => void } = {}): Promise<SyncResult> {
  const log = options.log ?? (() => undefined);
  const server = await startPeerServer('leveldb');
  const proxy = await startCountingProxy(server.port);
  const browser = await openBenchPage(`${proxy.url}/__peer/peer-page.html`);
  const { page } = browser;
  try {
    await fetch(`${server.url}/bench`, { method: 'PUT' }); // the database exists before the run, as Tidemark's schema does
    const adapter = await page.evaluate(() => peer().adapter('bench-src'));
    if (adapter !== 'idb') throw new Error(`PouchDB in Chromium runs on ${adapter}, not IndexedDB`);
    log(`peer (chromium): saving ${records.length} documents in PouchDB on IndexedDB (bulkDocs)`);
    let localSaveMs = 0;
    for (let i = 0; i < records.length; i += 1000) {
      const docs = records.slice(i, i + 1000).map(toDoc);
      localSaveMs += await page.evaluate(([d]) => peer().save('bench-src', d), [docs] as const);
    }
    const phase = async (run: () => Promise<{ ms: number; requests: number }>): Promise<SyncPhase> => {
      proxy.reset();
      const r = await run();
      const { up, down } = proxy.counts();
      return { ms: r.ms, requests: r.requests, up, down };
    };
    log('peer (chromium): push (PouchDB.replicate IndexedDB → express-pouchdb on LevelDB)');
    let written = 0;
    const push = await phase(async () => {
      const r = await page.evaluate(() => peer().push('bench-src'));
      written = r.written;
      return r;
    });
    if (written !== records.length) throw new Error(`peer (chromium) push wrote ${written} of ${records.length}`);
    log('peer (chromium): pull (a fresh PouchDB on IndexedDB replicates everything back)');
    const pull = await phase(() => page.evaluate(() => peer().pull('bench-dst')));
    const count = await page.evaluate(() => peer().count('bench-dst'));
    const first = records[0];
    const doc = first ? await page.evaluate((id) => peer().get('bench-dst', id), first.fields.id) : null;
    const verified = count === records.length && (!first || JSON.stringify(doc?.head) === JSON.stringify((first.fields as { head?: unknown }).head));
    // Issue 18: the same N saved one put at a time (strict), into a database of their own; after the
    // sync, so the figures above are measured as before.
    log(`peer (chromium): saving the ${records.length} documents again, one put (one strict transaction) each`);
    let localSaveEachMs = 0;
    for (let i = 0; i < records.length; i += 1000) {
      const docs = records.slice(i, i + 1000).map(toDoc);
      localSaveEachMs += await page.evaluate(([d]) => peer().saveEach('bench-each', d), [docs] as const);
    }
    const each = await page.evaluate(() => peer().count('bench-each'));
    if (each !== records.length) throw new Error(`peer (chromium) put one at a time holds ${each} of ${records.length}`);
    return {
      system: 'PouchDB 9 in Chromium (IndexedDB) → express-pouchdb 4.2 (LevelDB)',
      n: records.length,
      localSaveMs,
      localSaveEachMs,
      push,
      pull,
      serverPeakRss: server.rss.peak(),
      verified,
      notes: verified ? [] : [`fresh PouchDB in Chromium holds ${count} of ${records.length}`],
    };
  } finally {
    await browser.close();
    await proxy.close();
    await server.stop();
  }
}
