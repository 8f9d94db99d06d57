import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createTidemarkClient } from '../../../src/app/compose-client';
import type { DbEnv } from '../../../src/db/db-env';
import { ManualConnectivity } from '../../helpers/manual-env';
import { appSaver, sessionKeys } from '../lib/app-save';
import { startCountingProxy, type CountingProxy } from '../lib/counting-proxy';
import { startBenchServer, type BenchServer } from '../lib/tidemark-server';
import type { WorkloadRecord } from '../workload/generate';
import { countingFetch } from './counting-fetch';
import type { SyncPhase, SyncResult } from './sync-result';

export interface TidemarkSyncOptions {
  /** PBKDF2 iterations for the tablet's password slot (the app's default is 600,000; the bench uses 1,000: login is not measured). */
  kdfIterations?: number;
  /** Use this server instead of starting one (the smoke test); its RSS is then not meaningful. */
  server?: BenchServer;
  log?: (line: string) => void;
}

function tablet(proxy: CountingProxy, fetchImpl: typeof fetch, name: string, kdfIterations: number) {
  const env: DbEnv = { indexedDB: new IDBFactory(), IDBKeyRange, prefix: `${name}-` };
  const client = createTidemarkClient({
    baseUrl: proxy.url,
    fetch: fetchImpl,
    kdfIterations,
    db: env,
    connectivity: new ManualConnectivity(true),
    sync: { autoSync: false },
    deviceName: `bench ${name}`,
  });
  return { client, env };
}

/**
 * Tidemark's real sync client (src/db + src/sync on fake-indexeddb) against the real server (child
 * process, SQLite), through a counting proxy. Tablet A saves N records through the app's save function
 * (saveRecord: validate, seal, record + outbox in one transaction; timed apart), then "Sync now" pushes them; tablet B, a colleague's fresh tablet, logs in and
 * "Sync now" pulls them. Each phase is exactly one syncNow(), as the button runs it: push, then the
 * catch-up pull, then attachments.
 */
export async function benchTidemarkSync(records: WorkloadRecord[], options: TidemarkSyncOptions = {}): Promise<SyncResult> {
  const log = options.log ?? (() => undefined);
  const kdf = options.kdfIterations ?? 1000;
  const server = options.server ?? (await startBenchServer());
  const proxy = await startCountingProxy(Number(new URL(server.url).port));
  const counter = countingFetch();
  const notes: string[] = [];
  try {
    const a = await server.createWorker(`bench_a_${Date.now()}`);
    const b = await server.createWorker(`bench_b_${Date.now()}`);
    const ta = tablet(proxy, counter.fetch, 'bench-a', kdf);
    const sa = await ta.client.loginOnline(a.username, a.password);
    const save = appSaver(sa, await sessionKeys(ta.env, sa.user.id, a.password), 'bulk');

    log(`tidemark: saving ${records.length} records on tablet A (validate + seal + outbox)`);
    const t0 = performance.now();
    for (const r of records) await save(r);
    const localSaveMs = performance.now() - t0;
    sa.engine.localChange();

    log('tidemark: push (Sync now on tablet A)');
    const push = await phase(proxy, counter, () => sa.sync.syncNow());
    const sState = sa.sync.state();
    if (sState.phase !== 'synced' || sState.pending !== 0 || sState.rejected !== 0) {
      throw new Error(`tidemark push did not finish: ${JSON.stringify(sState)}`);
    }

    const tb = tablet(proxy, counter.fetch, 'bench-b', kdf);
    const sb = await tb.client.loginOnline(b.username, b.password);
    // Issue 18: tablet A's purge and audit sending after its push finish before B's pull is timed.
    await sa.housekeepingIdle();
    log('tidemark: pull (Sync now on a fresh tablet B)');
    const pull = await phase(proxy, counter, () => sb.sync.syncNow());
    const count = await sb.db.records.count();
    const sample = records.filter((r) => r.entity === 'household').slice(0, 20);
    let same = true;
    for (const r of sample) same &&= JSON.stringify(await sb.households.get(r.fields.id)) === JSON.stringify(r.fields);
    const verified = count === records.length && same && sb.sync.state().phase === 'synced';
    if (!verified) notes.push(`tablet B holds ${count} of ${records.length} records${same ? '' : ', sample differs'}`);

    ta.client.lock();
    tb.client.lock();
    await Promise.all([ta.client.settled(), tb.client.settled()]);
    return { system: 'Tidemark', n: records.length, localSaveMs, push, pull, serverPeakRss: server.rss.peak(), verified, notes };
  } finally {
    await proxy.close();
    if (!options.server) await server.stop();
  }
}

async function phase(proxy: CountingProxy, counter: ReturnType<typeof countingFetch>, run: () => Promise<void>): Promise<SyncPhase> {
  proxy.reset();
  counter.start();
  const t0 = performance.now();
  await run();
  const ms = performance.now() - t0;
  const requests = counter.stop();
  const { up, down } = proxy.counts();
  return { ms, requests, up, down };
}
