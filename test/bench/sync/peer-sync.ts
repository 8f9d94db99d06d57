import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../helpers/server-harness';
import { startCountingProxy, type CountingProxy } from '../lib/counting-proxy';
import { BENCH_DIR, loadPouchDB, type PouchStatic } from '../lib/peer-packages';
import { RssMonitor } from '../lib/proc-rss';
import type { WorkloadRecord } from '../workload/generate';
import type { SyncPhase, SyncResult } from './sync-result';

export interface PeerServer {
  url: string;
  port: number;
  rss: RssMonitor;
  stop(): Promise<void>;
}

/**
 * express-pouchdb 4.2 on PouchDB 9, in a child process (test/bench/peer/peer-server.cjs): on the
 * memory adapter, or on LevelDB in a temp directory (on disk, as deployed).
 */
export async function startPeerServer(adapter: 'memory' | 'leveldb' = 'memory'): Promise<PeerServer> {
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'tidemark-peer-'));
  const child = spawn(process.execPath, [join(BENCH_DIR, 'peer/peer-server.cjs')], { cwd, env: { ...process.env, PORT: String(port), PEER_ADAPTER: adapter }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`peer server did not start:\n${output}`)), 30_000);
    const onData = (d: Buffer) => {
      output += String(d);
      if (output.includes('peer listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`peer server exited with ${code}:\n${output}`)));
  });
  const rss = new RssMonitor(child.pid!);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    rss,
    async stop() {
      rss.stop();
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** The same record as a CouchDB document: the record's fields, its id as _id, entity and form version beside them. */
export function toDoc(r: WorkloadRecord): Record<string, unknown> {
  const { id, ...fields } = r.fields;
  return { _id: id, entity: r.entity, formVersion: r.formVersion, ...fields };
}

/**
 * The peer a team would otherwise pick: PouchDB 9 (memory adapter) replicating to express-pouchdb 4.2
 * (memory), with PouchDB's default replication settings (batch_size 100, batches_limit 10), then a
 * fresh PouchDB replicating everything back. Same records, same proxy, same counting as Tidemark.
 */
export async function benchPeerSync(records: WorkloadRecord[], options: { log?: (line: string) => void } = {}): Promise<SyncResult> {
  const log = options.log ?? (() => undefined);
  const PouchDB: PouchStatic = loadPouchDB();
  const server = await startPeerServer();
  const proxy = await startCountingProxy(server.port);
  let requests = 0;
  let counting = false;
  const countingFetch = (url: string, opts: unknown) => {
    if (counting) requests++;
    return PouchDB.fetch(url, opts);
  };
  const remote = () => new PouchDB(`${proxy.url}/bench`, { fetch: countingFetch, skip_setup: true });
  const tag = Date.now();
  try {
    await fetch(`${server.url}/bench`, { method: 'PUT' }); // the database exists before the run, as Tidemark's schema does
    const local = new PouchDB(`bench-src-${tag}`, { adapter: 'memory' });
    log(`peer: saving ${records.length} documents in local PouchDB (bulkDocs)`);
    const t0 = performance.now();
    for (let i = 0; i < records.length; i += 1000) {
      const res: { error?: unknown }[] = await local.bulkDocs(records.slice(i, i + 1000).map(toDoc));
      if (res.some((x) => x.error)) throw new Error('peer: bulkDocs failed');
    }
    const localSaveMs = performance.now() - t0;

    const phase = async (run: () => Promise<void>): Promise<SyncPhase> => {
      proxy.reset();
      requests = 0;
      counting = true;
      const start = performance.now();
      await run();
      const ms = performance.now() - start;
      counting = false;
      const { up, down } = proxy.counts();
      return { ms, requests, up, down };
    };

    log('peer: push (PouchDB.replicate local → express-pouchdb)');
    const push = await phase(async () => {
      const r = await PouchDB.replicate(local, remote());
      if (r.docs_written !== records.length) throw new Error(`peer push wrote ${r.docs_written} of ${records.length}`);
    });
    log('peer: pull (a fresh PouchDB replicates everything back)');
    const dst = new PouchDB(`bench-dst-${tag}`, { adapter: 'memory' });
    const pull = await phase(async () => {
      await PouchDB.replicate(remote(), dst);
    });
    const info = (await dst.info()) as { doc_count: number };
    const first = records[0];
    const doc = first ? ((await dst.get(first.fields.id)) as Record<string, unknown>) : null;
    const verified = info.doc_count === records.length && (!first || JSON.stringify((doc as { head?: unknown } | null)?.head) === JSON.stringify((first.fields as { head?: unknown }).head));
    await local.destroy();
    await dst.destroy();
    return {
      system: 'PouchDB 9 → express-pouchdb 4.2',
      n: records.length,
      localSaveMs,
      push,
      pull,
      serverPeakRss: server.rss.peak(),
      verified,
      notes: verified ? [] : [`fresh PouchDB holds ${info.doc_count} of ${records.length}`],
    };
  } finally {
    await (proxy as CountingProxy).close();
    await server.stop();
  }
}
