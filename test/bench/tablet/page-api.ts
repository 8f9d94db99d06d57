/**
 * What the benchmark calls inside a page: tablets made with the app's own createTidemarkClient and
 * save path, and a bare Dexie table beside them. No Node imports: built for Chromium by Vite
 * (tablet/bench-page.ts) and run in Node on fake-indexeddb by the smoke test.
 */
import Dexie, { type Table } from 'dexie';
import { createTidemarkClient, type TidemarkClientWithSession } from '../../../src/app/compose-client';
import { dexieOptions, type DbEnv } from '../../../src/db/db-env';
import type { TidemarkSession } from '../../../src/app/compose-session';
import type { DigestStats } from '../../../src/db/list-digest';
import type { Connectivity } from '../../../src/sync/platform';
import { appSaver, sessionKeys, type AppSaver } from '../lib/app-save';
import { saveRecord, type SaveStep } from '../../../src/db/save-record';
import { HOUSEHOLD_PAGE } from '../../../src/db/household-list';
import type { UserKeys } from '../../../src/security/key-bundle';
import type { OutboxRow, RecordRow } from '../../../src/db/user-db';
import { generateWorkload, type WorkloadOptions } from '../workload/generate';
import { fillFloor, floorSave, floorSaveEach, floorShape, openFloor, type BulkFloor, type FloorDb } from './save-floor';
import type { IdbCounter, IdbCounts } from '../../helpers/idb-counter';
import { indexFields } from '../../../src/db/record-fields';
import { sealBytes } from '../../../src/security/seal';
import { utf8 } from '../../../src/security/bytes';
import { loadPinyin } from '../../../src/db/pinyin-initials';

export interface PageApiDeps {
  /** API origin ('' in the page: same origin). */
  baseUrl: string;
  fetch?: typeof fetch;
  /** IndexedDB for Node (fake-indexeddb); the page uses its own. */
  env?: (name: string) => DbEnv;
  /** PBKDF2 iterations for the tablet's password slot: default the app's 600,000. */
  kdfIterations?: number;
  /** Issue 18: counts IndexedDB's transactions, requests and busy time per sync and per search (test/helpers/idb-counter.ts). */
  counter?: IdbCounter;
}

interface Tablet {
  client: TidemarkClientWithSession;
  session: TidemarkSession;
  save: AppSaver;
  bulk: AppSaver;
  keys: UserKeys;
}

/** Issue 18: where a save's time goes (saveRecord's trace), one entry per save, in ms. */
export interface SaveSteps {
  /** Schema validation and the JSON copy. */
  validate: number[];
  /** Reading the existing row (and opening it when there is one). */
  read: number[];
  /** AES-GCM seal and the keyed index tokens (ID numbers, name pieces), in parallel. */
  seal: number[];
  /** The one strict transaction: record, outbox change (and index marks). */
  write: number[];
  total: number[];
  bare: number[];
}

export interface SyncRun {
  ms: number;
  /** Time with at least one request in flight (awaiting the server and the network); the rest is the client's own. */
  awaitingMs: number;
  requests: number;
  phase: string;
  pending: number;
  rejected: number;
  /** What IndexedDB was asked during the sync (with deps.counter). */
  idb?: IdbCounts;
  /** How long the run waited, before its clock started, for the tablets' housekeeping to finish (settle()). */
  settleMs: number;
}

export interface Latencies {
  app: number[];
  bare: number[];
  /** Issue 18: the same stored row put into a table with `records`' indexes (save-floor.ts), after fillFloor. */
  floor?: number[];
  /** The stored row and its outbox change in one transaction, same indexes. */
  floorWithOutbox?: number[];
  /** The same stored row put into a table without any index. */
  floorPlain?: number[];
  /** The save's shape on the floor: row (add), outbox change and a small third row in a third table, one transaction. */
  floorWithOutboxAndLog?: number[];
  /**
   * Issue 18: each households.save above split by its trace, in the same iteration (ms per save): up to its
   * transaction's end (`written`), then each step after it, and `after` from the last step to the caller.
   */
  appSteps?: Record<'validated' | 'read' | 'sealed' | 'written' | 'fed' | 'returned' | 'told' | 'notified' | 'after', number[]>;
  /**
   * With deps.counter, per households.save above: the IndexedDB transactions and requests begun while it
   * ran (its own is 1 transaction and 3 requests: the record, its outbox change, the write log's row), so
   * that other work beside a save (the sync's counts, the digest, the log's compaction) is seen.
   */
  appIdb?: { transactions: number[]; requests: number[]; methods: Record<string, number> };
}

/** Issue 18: the floors under the sync phase's local save of N (saveWorkload with `floor`), total ms of each. */
export interface LocalSaveFloor {
  /** Records per chunk: the saves and each floor alternate chunk by chunk. */
  chunk: number;
  /** (a) A bare Dexie put of each record's JSON (no index), one strict transaction each. */
  bareMs: number;
  /** (b) Each stored row with `records`' indexes and its outbox change, one strict transaction each (save-floor.ts). */
  floorMs: number;
}

export interface SearchRun {
  /** The first query after unlock (before issue 18 it decrypted every record; since Dexie version 7 it waits for the list digest, SPEC N10). */
  coldMs: number;
  times: number[];
  hits: number[];
  /** When each query started (ms since the epoch), to set the times beside LevelDB's log (search-diagnosis.ts). */
  at?: number[];
  /** Per query (not the cold one), with deps.counter: what IndexedDB was asked and how long it was busy. */
  idb?: IdbCounts[];
}

/** Issue 18: what a first sync's preparation costs per record, apart from its writes. */
export interface PrepareCost {
  records: number;
  /** AES-GCM seal of each record's JSON, one at a time, total ms. */
  sealMs: number;
  /** indexFields (the ID-number HMACs; the name index tokens too before Dexie version 7, SPEC N1), one record at a time, total ms. */
  indexMs: number;
  /** Name index entries per record (mean; 0 since version 7), and ID-number entries. */
  nameKeysPerRecord: number;
  idHmacsPerRecord: number;
}

interface BareRow {
  id: string;
  [k: string]: unknown;
}

const alwaysOnline: Connectivity = { isOnline: () => true, subscribe: () => () => undefined };

export function createPageApi(deps: PageApiDeps) {
  const tablets = new Map<string, Tablet>();
  let requests = 0;
  // Issue 18: how long the client waits on the server, as the union of the intervals with a request in
  // flight (request start → body read), so the client's own share of a sync is wall time minus this.
  let inFlight = 0;
  let busySince = 0;
  let awaitingMs = 0;
  const inner = deps.fetch ?? ((i: RequestInfo | URL, o?: RequestInit) => globalThis.fetch(i, o));
  const countingFetch: typeof fetch = async (i, o) => {
    requests++;
    if (inFlight++ === 0) busySince = performance.now();
    try {
      const res = await inner(i, o);
      const body = await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      if (--inFlight === 0) awaitingMs += performance.now() - busySince;
    }
  };
  const envFor = (name: string): DbEnv => ({ ...(deps.env?.(name) ?? {}), prefix: `${name}-` });
  let bare: (Dexie & { rows: Table<BareRow, string> }) | null = null;
  let floor: FloorDb | null = null;

  /**
   * Issue 18: waits until no open tablet's housekeeping is running before a timed phase starts. Each sync
   * starts a purge (a scan of every stored row) and the audit sending; run into the next phase, tablet A's
   * purge after its push was timed as part of tablet B's pull. Returns the ms waited.
   */
  async function settle(): Promise<number> {
    const t0 = performance.now();
    await Promise.all([...tablets.values()].map((t) => t.session.housekeepingIdle()));
    return performance.now() - t0;
  }

  function tablet(name: string): Tablet {
    const t = tablets.get(name);
    if (!t) throw new Error(`no tablet ${name}`);
    return t;
  }

  function openBare(): Dexie & { rows: Table<BareRow, string> } {
    if (bare) return bare;
    // Same durability as the app's databases (strict: every commit reaches the disk).
    const db = new Dexie('bench-bare-dexie', dexieOptions(deps.env?.('bare') ?? {})) as Dexie & { rows: Table<BareRow, string> };
    db.version(1).stores({ rows: 'id' });
    bare = db;
    return db;
  }

  return {
    async login(name: string, username: string, password: string): Promise<{ userId: string }> {
      const env = envFor(name);
      const client = createTidemarkClient({
        baseUrl: deps.baseUrl,
        fetch: countingFetch,
        db: env,
        connectivity: alwaysOnline,
        sync: { autoSync: false },
        deviceName: `bench ${name}`,
        ...(deps.kdfIterations ? { kdfIterations: deps.kdfIterations } : {}),
      });
      const session = (await client.loginOnline(username, password)) as TidemarkSession;
      const keys = await sessionKeys(env, session.user.id, password);
      tablets.set(name, { client, session, save: appSaver(session, keys, 'session'), bulk: appSaver(session, keys, 'bulk'), keys });
      return { userId: session.user.id };
    },

    /**
     * Saves records [from, from + n) of the workload through the app's save function; returns the wall
     * time. With `floor` (issue 18, the sync phase), the saves run in chunks of `floor` records, each
     * chunk followed by its floors (their order alternating from chunk to chunk): (a) a bare Dexie put
     * of each record's JSON, one strict transaction each, and (b) each stored row and its outbox change
     * written again into the floor tables (save-floor.ts), one strict transaction each. `ms` is then
     * the sum of the chunks' save times, and the floors are timed the same way, so all three see the
     * same moments of the machine and stores of the same size.
     */
    async saveWorkload(name: string, n: number, options: WorkloadOptions & { from?: number; mode?: 'bulk' | 'session'; floor?: number } = {}): Promise<{ ms: number; saved: number; floor?: LocalSaveFloor }> {
      const t = tablet(name);
      await settle(); // timed alone, not beside a purge (issue 18)
      const from = options.from ?? 0;
      const records = generateWorkload(from + n, options).slice(from);
      const save = options.mode === 'session' ? t.save : t.bulk;
      const chunk = options.floor ?? records.length;
      const db = options.floor ? openBare() : null;
      if (options.floor) floor ??= openFloor(t.session.db, deps.env?.('floor') ?? {});
      const out: LocalSaveFloor = { chunk, bareMs: 0, floorMs: 0 };
      let ms = 0;
      for (let i = 0; i < records.length; i += chunk) {
        const part = records.slice(i, i + chunk);
        const t0 = performance.now();
        for (const r of part) await save(r);
        ms += performance.now() - t0;
        if (!db || !floor) continue;
        const bare = async () => {
          const t1 = performance.now();
          for (const r of part) await db.rows.put({ ...r.fields, id: `save-${r.fields.id}` });
          out.bareMs += performance.now() - t1;
        };
        const rows = async () => {
          out.floorMs += await floorSaveEach(t.session.db, floor!, part.map((r) => r.fields.id));
        };
        if ((i / chunk) % 2 === 0) {
          await bare();
          await rows();
        } else {
          await rows();
          await bare();
        }
      }
      t.session.engine.localChange();
      return options.floor ? { ms, saved: records.length, floor: out } : { ms, saved: records.length };
    },

    /** One "Sync now" (push, catch-up pull, attachments), timed, with the requests it made. */
    async syncNow(name: string): Promise<SyncRun> {
      const { session } = tablet(name);
      const settleMs = await settle();
      requests = 0;
      awaitingMs = 0;
      deps.counter?.reset();
      const t0 = performance.now();
      await session.sync.syncNow();
      const ms = performance.now() - t0;
      const s = session.sync.state();
      const idb = deps.counter?.read();
      return { ms, awaitingMs, requests, phase: s.phase, pending: s.pending, rejected: s.rejected, settleMs, ...(idb ? { idb } : {}) };
    },

    /** Waits until no tablet of this page has housekeeping running (its purge after a sync): another page's sync is then timed alone. Returns the ms waited. */
    async housekeepingIdle(): Promise<number> {
      return settle();
    },

    async recordCount(name: string): Promise<number> {
      return tablet(name).session.db.records.count();
    },

    async household(name: string, id: string): Promise<unknown> {
      return tablet(name).session.households.get(id);
    },

    /** Fills the bare Dexie table with the same household JSON the app holds (bulkPut, not timed as a result). */
    async fillBare(n: number, options: WorkloadOptions = {}): Promise<{ ms: number; count: number }> {
      const db = openBare();
      const records = generateWorkload(n, { surveyShare: 0, ...options });
      const t0 = performance.now();
      for (let i = 0; i < records.length; i += 1000) await db.rows.bulkPut(records.slice(i, i + 1000).map((r) => ({ ...r.fields })));
      return { ms: performance.now() - t0, count: await db.rows.count() };
    },

    /**
     * Issue 18: the floor tables (save-floor.ts) filled with copies of every row the tablet holds, in pages
     * of 1,000; the time of those writes is the first sync's floor, with and without the index entries.
     */
    async fillFloor(name: string, options: { withoutNames?: boolean } = {}): Promise<BulkFloor> {
      const { session } = tablet(name);
      await settle(); // timed alone, not beside a purge (issue 18)
      floor ??= openFloor(session.db, deps.env?.('floor') ?? {}, options);
      return fillFloor(session.db, floor, 1000);
    },

    /**
     * `k` new households saved one at a time through the form's path (households.save, told they are new as
     * the form tells it on a new household's first save), each
     * followed by a bare Dexie put of the same JSON into a table holding as many rows: interleaved,
     * so both see the same disk and the same moment. After fillFloor, each is also followed by the
     * floor's writes of the row just saved (save-floor.ts).
     */
    /**
     * `shapeFirst` (issue 18, twenty-first session): the floor's save shape is written at the start of each
     * iteration, before the save (with the previous record), instead of last: so that it, not the save,
     * is the first write after the floor's others and floorSave's read of the tablet's database.
     */
    async measureSaves(name: string, k: number, options: WorkloadOptions & { from: number; shapeFirst?: boolean }): Promise<Latencies> {
      const t = tablet(name);
      await settle(); // timed alone, not beside a purge (issue 18)
      const db = openBare();
      const records = generateWorkload(options.from + k, { surveyShare: 0, ...options }).slice(options.from);
      const app: number[] = [];
      const bareTimes: number[] = [];
      const floorTimes: number[] = [];
      const withOutbox: number[] = [];
      const withLog: number[] = [];
      const plain: number[] = [];
      const steps = ['validated', 'read', 'sealed', 'written', 'fed', 'returned', 'told', 'notified', 'after'] as const;
      const appSteps = Object.fromEntries(steps.map((k) => [k, [] as number[]])) as NonNullable<Latencies['appSteps']>;
      const appIdb: NonNullable<Latencies['appIdb']> = { transactions: [], requests: [], methods: {} };
      let previous: { row: RecordRow; unsent: Omit<OutboxRow, 'seq'>; id: string } | null = null;
      for (const r of records) {
        if (floor && options.shapeFirst && previous) withLog.push(await floorShape(floor, previous.row, previous.unsent, `floor3-${previous.id}`));
        let t0 = performance.now();
        let last = t0;
        const at: Partial<Record<(typeof steps)[number], number>> = {};
        const trace = (step: SaveStep) => {
          const now = performance.now();
          at[step] = (at[step] ?? 0) + (now - last);
          last = now;
        };
        // New households, registered through the form: it says they are new (its first save of each).
        deps.counter?.reset();
        await t.save(r, { newRecord: true, trace });
        const end = performance.now();
        const idb = deps.counter?.read();
        if (idb) {
          appIdb.transactions.push(idb.transactions);
          appIdb.requests.push(Object.values(idb.requests).reduce((a, b) => a + b, 0));
          for (const [m, n] of Object.entries(idb.requests)) appIdb.methods[m] = (appIdb.methods[m] ?? 0) + n;
        }
        app.push(end - t0);
        at.after = end - last;
        for (const k of steps) appSteps[k].push(at[k] ?? 0);
        const row = { ...r.fields, id: `bare-${r.fields.id}` };
        t0 = performance.now();
        await db.rows.put(row);
        bareTimes.push(performance.now() - t0);
        if (floor) {
          const f = await floorSave(t.session.db, floor, r.fields.id, { shape: !options.shapeFirst });
          previous = { row: f.row, unsent: f.unsent, id: r.fields.id };
          floorTimes.push(f.put);
          withOutbox.push(f.withOutbox);
          if (!options.shapeFirst) withLog.push(f.withOutboxAndLog);
          plain.push(f.plain);
        }
      }
      return floor ? { app, bare: bareTimes, floor: floorTimes, floorWithOutbox: withOutbox, floorWithOutboxAndLog: withLog, floorPlain: plain, appSteps, ...(deps.counter ? { appIdb } : {}) } : { app, bare: bareTimes, appSteps, ...(deps.counter ? { appIdb } : {}) };
    },

    /**
     * `k` new households through saveRecord (what households.save calls) with its trace, each beside a
     * bare Dexie put: the time of each step of a save (issue 18's breakdown).
     */
    async measureSaveSteps(name: string, k: number, options: WorkloadOptions & { from: number }): Promise<SaveSteps> {
      const t = tablet(name);
      await settle(); // timed alone, not beside a purge (issue 18)
      const db = openBare();
      const records = generateWorkload(options.from + k, { surveyShare: 0, ...options }).slice(options.from);
      const out: SaveSteps = { validate: [], read: [], seal: [], write: [], total: [], bare: [] };
      let last = 0;
      const at: Partial<Record<SaveStep, number>> = {};
      const trace = (step: SaveStep) => {
        const now = performance.now();
        at[step] = (at[step] ?? 0) + (now - last);
        last = now;
      };
      const ctx = { db: t.session.db, keys: t.keys, now: () => new Date(), newId: () => globalThis.crypto.randomUUID(), trace };
      for (const r of records) {
        for (const key of Object.keys(at)) delete at[key as SaveStep];
        const t0 = performance.now();
        last = t0;
        await saveRecord(ctx, 'household', r.fields, { newRecord: true }); // new, as in measureSaves
        out.total.push(performance.now() - t0);
        out.validate.push(at.validated ?? 0);
        out.read.push(at.read ?? 0);
        out.seal.push(at.sealed ?? 0);
        out.write.push(at.written ?? 0);
        const row = { ...r.fields, id: `bare-${r.fields.id}` };
        const t1 = performance.now();
        await db.rows.put(row);
        out.bare.push(performance.now() - t1);
      }
      t.session.engine.localChange();
      return out;
    },

    /**
     * The household list's search box, as the screen runs it since SPEC N7: the first page
     * (households.search({ text }, HOUSEHOLD_PAGE)); hits are the rows shown.
     */
    async searchByName(name: string, queries: string[]): Promise<SearchRun> {
      const { session } = tablet(name);
      await settle(); // timed alone, not beside a purge (issue 18)
      let t0 = performance.now();
      await session.households.search({ text: queries[0] ?? '' }, HOUSEHOLD_PAGE);
      const coldMs = performance.now() - t0;
      const times: number[] = [];
      const hits: number[] = [];
      const idb: IdbCounts[] = [];
      const at: number[] = [];
      for (const q of queries) {
        deps.counter?.reset();
        t0 = performance.now();
        at.push(performance.timeOrigin + t0);
        const found = await session.households.search({ text: q }, HOUSEHOLD_PAGE);
        times.push(performance.now() - t0);
        if (deps.counter) idb.push(deps.counter.read());
        hits.push(found.items.length);
      }
      return deps.counter ? { coldMs, times, hits, at, idb } : { coldMs, times, hits, at };
    },

    /** Issue 18 (SPEC N10): the list digest's state (steps run, complete or not), to tell whether it worked during a phase. */
    digestStats(name: string): DigestStats {
      return tablet(name).session.listDigest.stats();
    },

    /** Issue 18 (SPEC N10): waits until the list digest is complete; returns the ms waited. */
    async digestReady(name: string): Promise<number> {
      const t0 = performance.now();
      await tablet(name).session.listDigest.ready();
      return performance.now() - t0;
    },

    /**
     * Issue 18 (SPEC N10, N11): lock (`lock`, once the digest's sealed copy is written), then unlock offline (the digest starts from the copy), and at once the first
     * search (cold, before the digest is ready); then waits for the digest. Times from the unlock's end.
     */
    async lock(name: string): Promise<{ savedMs: number }> {
      const t = tablet(name);
      await settle();
      // N11: the digest's sealed copy written first (its first round waits only for writes to pause), so
      // the unlock after this lock restores from it, as a worker's would after a pause.
      const t0 = performance.now();
      await t.session.listDigest.saved();
      const savedMs = performance.now() - t0;
      t.client.lock();
      await t.client.settled();
      return { savedMs };
    },

    async unlockAndSearch(name: string, password: string, query: string): Promise<{ unlockMs: number; firstMs: number; firstAnsweredByDigest: boolean; readyMs: number; stats: DigestStats }> {
      const t = tablet(name);
      let t0 = performance.now();
      const session = (await t.client.unlockOffline(t.session.user.username, password)) as TidemarkSession;
      const unlockMs = performance.now() - t0;
      tablets.set(name, { ...t, session, save: appSaver(session, t.keys, 'session'), bulk: appSaver(session, t.keys, 'bulk') });
      t0 = performance.now();
      await session.households.search({ text: query }, HOUSEHOLD_PAGE);
      const firstMs = performance.now() - t0;
      const firstAnsweredByDigest = session.listDigest.stats().answered > 0;
      await session.listDigest.ready();
      return { unlockMs, firstMs, firstAnsweredByDigest, readyMs: performance.now() - t0, stats: session.listDigest.stats() };
    },

    /** Look-up by ID number (keyed HMAC index), as the duplicate check runs it. */
    async searchById(name: string, idNumbers: string[]): Promise<SearchRun> {
      const { session } = tablet(name);
      await settle(); // timed alone, not beside a purge (issue 18)
      const times: number[] = [];
      const hits: number[] = [];
      for (const id of idNumbers) {
        const t0 = performance.now();
        const found = await session.households.findByIdNumber(id);
        times.push(performance.now() - t0);
        hits.push(found.length);
      }
      return { coldMs: Number.NaN, times, hits };
    },

    /**
     * Issue 18: a first sync's preparation of `n` workload records apart from its writes: the seal and the
     * index tokens (indexFields) timed separately, one record at a time, and the index entries per record.
     */
    async prepareCost(name: string, n: number, options: WorkloadOptions = {}): Promise<PrepareCost> {
      const { keys } = tablet(name);
      await settle(); // timed alone, not beside a purge (issue 18)
      const records = generateWorkload(n, { surveyShare: 0, ...options });
      const out: PrepareCost = { records: records.length, sealMs: 0, indexMs: 0, nameKeysPerRecord: 0, idHmacsPerRecord: 0 };
      for (const r of records) {
        let t0 = performance.now();
        await sealBytes(keys.dataKey, r.fields.id, utf8(JSON.stringify(r.fields)));
        out.sealMs += performance.now() - t0;
        t0 = performance.now();
        const index = await indexFields(r.fields, keys.lookupKey);
        out.indexMs += performance.now() - t0;
        out.idHmacsPerRecord += index.idHmacs.length / records.length;
      }
      return out;
    },

    /**
     * The app's lazy pinyin chunk (N3; ~225 KB gzip), loaded now. The app's service worker precaches it, so a
     * sync on a tablet never fetches it over the network; this page has no service worker, and a first pull
     * loads it (pull.ts), so without this the sync bench counted it as the push's bytes (1.29× the gzip floor
     * against 1.16×: sync-issue18.md, twentieth session).
     */
    async loadLazyChunks(): Promise<void> {
      await loadPinyin();
    },

    async close(): Promise<void> {
      for (const t of tablets.values()) t.client.lock();
      await Promise.all([...tablets.values()].map((t) => t.client.settled()));
      tablets.clear();
      bare?.close();
      bare = null;
      floor?.close();
      floor = null;
    },
  };
}

export type PageApi = ReturnType<typeof createPageApi>;
