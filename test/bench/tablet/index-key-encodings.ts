/**
 * Issue 18, tenth session: what the name index's entry encoding costs a first sync's writes in real
 * Chromium on disk. The same households (the bench workload's, their real name tokens under a random
 * lookup key) are bulk-put in pages of 1,000 (one strict transaction each, as the pull writes them) into
 * a store with the tablet's `records` index list, once per variant of `nameKeys`, each variant in its own
 * origin (its own LevelDB directory, so its size is its own). Pages alternate between the variants, the
 * order rotated page by page, so every variant sees the same moments of a loaded machine.
 *
 *   npx tsx test/bench/tablet/index-key-encodings.ts [rows=10000] [variants=S,N6,N4,BIN,NOINIT,NOVILL,NONE]
 *
 * Variants: S [11-char base64url token, ISO updatedAt] (version 4, today); N6 [first 6 bytes of the HMAC
 * as an integer, updatedAt in ms]; N4 [first 4 bytes, ms]; BIN one binary key (6 token bytes then the ms
 * as 6 bytes big-endian: sorts by token then time); T6 [6-byte integer, ISO]; SMS [11-char token, ms]; NOINIT / NOVILL today's encoding without the pinyin
 * pairs / without the village pairs (a change of what the search finds, measured only for its size);
 * NONE no name index at all (the floor under every variant). With UPGRADE=1, variant S's store is then
 * converted in place as ead8313's version 5 upgrade did (timed). With LAZY=1 (SPEC N9, as shipped), variant
 * S's store is opened as the lazy upgrade does (a key-only look), then with a new multi-entry index no row has
 * (the alternative design), then converted as name-index-numbers.ts does (steps of 50 entries, timed). With
 * WAIT=1 (thirteenth session), copies S, S2, S3 of the same rows are each converted, paced as WAIT_MODES says,
 * while a worker saves a household every 300 ms and searches a token every 700 ms: each save's and search's time.
 * Set TMPDIR to a disk if /tmp is a tmpfs.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { findChromium } from '../../helpers/find-chromium';
import { namesOf } from '../../../src/db/household-list';
import type { Fields } from '../../../src/db/record-fields';
import { loadPinyin } from '../../../src/db/pinyin-initials';
import { toBase64Url, utf8 } from '../../../src/security/bytes';
import { generateHousehold } from '../workload/households';
import { createRng } from '../workload/prng';

interface Shipped {
  id: string;
  shelterSiteId?: string;
  checkInAt: string;
  updatedMs: number;
  idHmacs: string[];
  /** Tokens by kind: name pairs, village pairs, pinyin pairs, three-letter pieces (duplicates across kinds removed, first kind wins). */
  names: string[];
  village: string[];
  initials: string[];
  triples: string[];
  sealedBytes: number;
}

const PAGE = 1000;
const ALL = ['S', 'N6', 'N4', 'BIN', 'NOINIT', 'NOVILL', 'NONE'];

/** A piece's token as version 4 stored it (base64url of the HMAC's first 8 bytes): the page encodes it per variant. */
function textToken(key: CryptoKey, memo: Map<string, Promise<string>>, piece: string): Promise<string> {
  let t = memo.get(piece);
  if (!t) memo.set(piece, (t = crypto.subtle.sign('HMAC', key, utf8(`n2:${piece}`)).then((mac) => toBase64Url(new Uint8Array(mac, 0, 8)))));
  return t;
}

async function households(n: number): Promise<Shipped[]> {
  const key = await crypto.subtle.importKey('raw', crypto.getRandomValues(new Uint8Array(32)), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const memo = new Map<string, Promise<string>>();
  const nameToken = (_k: CryptoKey, piece: string) => textToken(key, memo, piece);
  const initialsOf = await loadPinyin();
  const rng = createRng(20250701);
  const start = Date.UTC(2025, 6, 1, 6);
  const out: Shipped[] = [];
  for (let i = 0; i < n; i++) {
    const h = generateHousehold(rng, i, 'event-flood-20250701');
    const fields = h as unknown as Record<string, unknown>;
    const names = namesOf(fields);
    const village = villageOf(fields);
    const seen = new Set<string>();
    const kind = async (pieces: string[]) => {
      const ts: string[] = [];
      for (const p of pieces) {
        const t = await nameToken(key, p);
        if (!seen.has(t)) ts.push(t);
        seen.add(t);
      }
      return ts;
    };
    const nameTokens = await kind(names.flatMap((s) => pairsOf(s.toLowerCase())));
    const villageTokens = await kind(village ? pairsOf(village.toLowerCase()) : []);
    const initialsTokens = await kind(names.flatMap((s) => pairsOf(initialsOf(s))));
    const tripleTokens = await kind([...names.map((s) => s.toLowerCase()), ...(village ? [village.toLowerCase()] : []), ...names.map(initialsOf)].flatMap(letterTriplesOf));
    const idHmacs = await Promise.all((h.members ?? []).map((m) => nameToken(key, `id:${m.idNumber}`)));
    out.push({
      id: h.id,
      ...(h.shelterSiteId ? { shelterSiteId: h.shelterSiteId } : {}),
      checkInAt: h.checkInAt!,
      // A first sync's rows arrive in the server's order: updatedAt grows along the pages (seconds apart).
      updatedMs: start + i * 7_000 + rng.int(0, 999),
      idHmacs: [...new Set(idHmacs)].map((t) => t + t + t + t.slice(0, 10)), // ~43 chars, as the ID HMACs
      names: nameTokens,
      village: villageTokens,
      initials: initialsTokens,
      triples: tripleTokens,
      sealedBytes: JSON.stringify(h).length + 28,
    });
  }
  return out;
}

/** The page: raw IndexedDB, the tablet's `records` index list (Dexie's declaration as IndexedDB indexes). */
const PAGE_HTML = `<!doctype html><meta charset="utf-8"><script>
const b64 = (s) => { const b = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='); return Uint8Array.from(b, (c) => c.charCodeAt(0)); };
const int = (u, n) => { let v = 0; for (let i = 0; i < n; i++) v = v * 256 + u[i]; return v; };
const be6 = (ms, out, at) => { for (let i = 5; i >= 0; i--) { out[at + i] = ms % 256; ms = Math.floor(ms / 256); } };
const enc = {
  S: (t, ms) => [t, new Date(ms).toISOString()],
  S2: (t, ms) => [t, new Date(ms).toISOString()],
  S3: (t, ms) => [t, new Date(ms).toISOString()],
  NOINIT: (t, ms) => [t, new Date(ms).toISOString()],
  NOVILL: (t, ms) => [t, new Date(ms).toISOString()],
  N6: (t, ms) => [int(b64(t), 6), ms],
  N4: (t, ms) => [int(b64(t), 4), ms],
  T6: (t, ms) => [int(b64(t), 6), new Date(ms).toISOString()],
  SMS: (t, ms) => [t, ms],
  BIN: (t, ms) => { const u = new Uint8Array(12); u.set(b64(t).subarray(0, 6)); be6(ms, u, 6); return u; },
};
let db, rows = [], variant;
window.setup = (v) => new Promise((res, rej) => {
  variant = v;
  const r = indexedDB.open('enc', 1);
  r.onupgradeneeded = () => {
    const s = r.result.createObjectStore('records', { keyPath: 'id' });
    for (const k of ['entity', 'eventId', 'shelterSiteId', 'checkInAt', 'syncState']) s.createIndex(k, k);
    s.createIndex('idHmacs', 'idHmacs', { multiEntry: true });
    s.createIndex('[id+rev]', ['id', 'rev']);
    if (v !== 'NONE') s.createIndex('nameKeys', 'nameKeys', { multiEntry: true });
  };
  r.onsuccess = () => { db = r.result; res(true); };
  r.onerror = () => rej(r.error);
});
window.ship = (chunk) => { rows.push(...chunk); return rows.length; };
window.writePage = (p, size) => {
  const out = [];
  let entries = 0;
  for (const h of rows.slice(p * size, (p + 1) * size)) {
    const updatedAt = new Date(h.updatedMs).toISOString();
    const tokens = variant === 'NONE' ? null : [...h.names, ...(variant === 'NOVILL' ? [] : h.village), ...(variant === 'NOINIT' ? [] : h.initials), ...h.triples];
    const ct = crypto.getRandomValues(new Uint8Array(h.sealedBytes));
    const sealed = { iv: crypto.getRandomValues(new Uint8Array(12)), ct };
    const row = {
      id: h.id, entity: 'household', rev: 1, eventId: 'event-flood-20250701', ...(h.shelterSiteId ? { shelterSiteId: h.shelterSiteId, placement: 'centralised' } : { placement: 'dispersed' }),
      checkInAt: h.checkInAt, checkedOut: 0, damageLevel: 'severe', membersCount: 4, idHmacs: h.idHmacs, sealed, sealedServer: sealed,
      formVersion: 3, version: 1, syncState: 'synced', rejection: null, updatedAt, syncedAt: updatedAt,
    };
    if (tokens) { row.nameKeys = tokens.map((t) => enc[variant](t, h.updatedMs)); entries += tokens.length; }
    out.push(row);
  }
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const tx = db.transaction('records', 'readwrite', { durability: 'strict' });
    const s = tx.objectStore('records');
    for (const r of out) s.put(r);
    tx.oncomplete = () => res({ ms: performance.now() - t0, entries });
    tx.onerror = () => rej(tx.error);
  });
};
// Version 5's upgrade on this store (SPEC N8): every row's text entries to numbers in one versionchange
// transaction, a cursor over the rows, as Dexie's modify does.
window.upgradeToNumbers = () => new Promise((res, rej) => {
  db.close();
  const t0 = performance.now();
  let rows = 0;
  const r = indexedDB.open('enc', 2);
  r.onupgradeneeded = () => {
    const c = r.transaction.objectStore('records').openCursor();
    c.onsuccess = () => {
      const cur = c.result;
      if (!cur) return;
      const v = cur.value;
      if (Array.isArray(v.nameKeys)) {
        v.nameKeys = v.nameKeys.map(([t, at]) => [int(b64(t), 6), Date.parse(at)]);
        cur.update(v);
      }
      rows++;
      cur.continue();
    };
  };
  r.onsuccess = () => { db = r.result; res({ ms: performance.now() - t0, rows }); };
  r.onerror = () => rej(r.error);
});
// LAZY=1 (twelfth session, SPEC N9): version 5 as shipped. Its upgrade only looks, key-only, for one text entry.
const reopen = (version, upgrade) => new Promise((res, rej) => {
  db.close();
  const t0 = performance.now();
  const r = indexedDB.open('enc', version);
  let found = null;
  r.onupgradeneeded = () => { found = upgrade(r.transaction.objectStore('records')); };
  r.onsuccess = () => { db = r.result; res({ ms: performance.now() - t0, found: found ? found.result ?? null : null }); };
  r.onerror = () => rej(r.error);
});
const TEXT = () => IDBKeyRange.bound([''], [[]], false, true);
window.lazyOpen = (version) => reopen(version, (s) => s.index('nameKeys').getKey(TEXT()));
// The alternative design: a new multi-entry index on a property no row has yet (Chromium reads every row).
window.newIndexOpen = (version) => reopen(version, (s) => { s.createIndex('nameNums', 'nameNums', { multiEntry: true }); return null; });
// The conversion after unlock (name-index-numbers.ts): per step, up to "entries" text entries' rows read and rewritten in one strict transaction.
window.lazyConvert = (entries) => window.pacedConvert(entries, 0, false); // steps back to back (below)
// The search's read of one token (SPEC N9), raw: while converting, both ranges with a key cursor each (Dexie's
// keys() and primaryKeys() of a range) in one transaction, merged by [ms, id]; after, one getAllKeys of the number's range.
const keysOf = (idx, range) => new Promise((res) => {
  const out = [];
  const c = idx.openKeyCursor(range);
  c.onsuccess = () => { const cur = c.result; if (!cur) return res(out); out.push([cur.key, cur.primaryKey]); cur.continue(); };
});
const numOf = (t) => int(b64(t), 6);
window.searchProbe = async (texts, converting) => {
  const times = [];
  let found = 0;
  for (const t of texts) {
    const n = numOf(t);
    const t0 = performance.now();
    const tx = db.transaction('records', 'readonly');
    const idx = tx.objectStore('records').index('nameKeys');
    const nums = IDBKeyRange.bound([n, -Infinity], [n, [[]]]);
    if (converting) {
      const prefix = t.slice(0, 8);
      const [a, b] = await Promise.all([keysOf(idx, nums), keysOf(idx, IDBKeyRange.bound([prefix, -Infinity], [prefix + '\uffff', [[]]]))]);
      const all = [...a, ...b].map(([k, id]) => [typeof k[1] === 'number' ? k[1] : Date.parse(k[1]), id]);
      all.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
      found += new Set(all.map((e) => e[1])).size;
    } else {
      found += (await new Promise((res) => { idx.getAllKeys(nums).onsuccess = (e) => res(e.target.result); })).length;
    }
    times.push(performance.now() - t0);
  }
  return { times, found };
};
// WAIT=1 (thirteenth session, SPEC N9): a worker saving and searching while the conversion runs. A save as
// save-record.ts does it: read the row (read-only transaction), seal (AES-GCM of the row's size), write the row
// in numbers (strict); its wait is from its start to its commit. The conversion paced as given: "entries" a step,
// a rest of restFactor × the step's time after each, and (yieldToWorker) no step begun while a save or search is
// in flight (foreground.ts; this session's first run, 18:27–18:45 UTC, gated on saves only).
let workerInFlight = 0, workerIdle = [];
const asWorker = async (work) => { workerInFlight++; try { return await work(); } finally { if (--workerInFlight === 0) for (const r of workerIdle.splice(0)) r(); } };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const req = (r) => new Promise((res, rej) => { r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
const stepOnce = (entries) => new Promise((res, rej) => {
  const tx = db.transaction('records', 'readwrite', { durability: 'strict' });
  const st = tx.objectStore('records');
  let count = 0;
  st.index('nameKeys').getAllKeys(TEXT(), entries).onsuccess = (e) => {
    const ids = [...new Set(e.target.result)];
    count = ids.length;
    for (const id of ids) st.get(id).onsuccess = (g) => {
      const v = g.target.result;
      v.nameKeys = v.nameKeys.map(([t, at]) => typeof t === 'string' ? [int(b64(t), 6), Date.parse(at)] : [t, at]);
      st.put(v);
    };
  };
  tx.oncomplete = () => res(count);
  tx.onerror = () => rej(tx.error);
});
window.pacedConvert = async (entries, restFactor, yieldToWorker) => {
  const steps = [];
  let rowsDone = 0;
  const t0 = performance.now();
  for (;;) {
    if (yieldToWorker) while (workerInFlight > 0) await new Promise((r) => workerIdle.push(r));
    const s0 = performance.now();
    const n = await stepOnce(entries);
    const took = performance.now() - s0;
    if (n === 0) break;
    rowsDone += n;
    steps.push(took);
    if (restFactor > 0) await sleep(took * restFactor);
  }
  return { ms: performance.now() - t0, rows: rowsDone, steps };
};
let sealKey;
window.workerLoop = async (saveEveryMs, searchEveryMs, texts, until) => {
  sealKey ??= await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  const saves = [], searches = [];
  const saving = (async () => {
    let i = 0;
    while (!until()) {
      const h = rows[(i++ * 7919) % rows.length];
      const t0 = performance.now();
      await asWorker(async () => {
        const read = req(db.transaction('records', 'readonly').objectStore('records').get(h.id));
        const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: crypto.getRandomValues(new Uint8Array(12)) }, sealKey, new Uint8Array(h.sealedBytes));
        const row = await read;
        const ms = Date.now();
        row.rev++; row.updatedAt = new Date(ms).toISOString(); row.sealed = { iv: new Uint8Array(12), ct: new Uint8Array(ct) };
        row.nameKeys = row.nameKeys.map(([t]) => [typeof t === 'string' ? int(b64(t), 6) : t, ms]);
        await new Promise((res, rej) => {
          const tx = db.transaction('records', 'readwrite', { durability: 'strict' });
          tx.objectStore('records').put(row);
          tx.oncomplete = res; tx.onerror = () => rej(tx.error);
        });
      });
      saves.push(performance.now() - t0);
      await sleep(saveEveryMs);
    }
  })();
  const searching = (async () => {
    let i = 0;
    while (!until()) {
      searches.push((await asWorker(() => window.searchProbe([texts[i++ % texts.length]], true))).times[0]);
      await sleep(searchEveryMs);
    }
  })();
  await Promise.all([saving, searching]);
  return { saves, searches };
};
window.convertWithWorker = async (entries, restFactor, yieldToWorker, saveEveryMs, searchEveryMs, texts) => {
  let done = false;
  const worker = window.workerLoop(saveEveryMs, searchEveryMs, texts, () => done);
  const c = await window.pacedConvert(entries, restFactor, yieldToWorker);
  done = true;
  return { ...c, ...(await worker) };
};
window.tidemarkBenchReady = true;
</script>`;

function serve(): Promise<{ server: Server; port: number }> {
  return new Promise((res) => {
    const server = createServer((_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE_HTML));
    server.listen(0, '127.0.0.1', () => res({ server, port: (server.address() as { port: number }).port }));
  });
}

/** CPU seconds (user + system) of this process's live descendants: the browser's work, whatever waited for a core. */
function descendantsCpu(): number {
  const tick = 100; // USER_HZ on Linux
  const stats = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => {
      try {
        const f = readFileSync(`/proc/${d}/stat`, 'utf8');
        const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
        return { pid: Number(d), ppid: Number(rest[1]), cpu: (Number(rest[11]) + Number(rest[12])) / tick };
      } catch {
        return null;
      }
    })
    .filter((x): x is { pid: number; ppid: number; cpu: number } => x !== null);
  const mine = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of stats) if (!mine.has(s.pid) && mine.has(s.ppid)) grew = mine.add(s.pid) !== null;
  }
  return stats.filter((s) => s.pid !== process.pid && mine.has(s.pid)).reduce((a, s) => a + s.cpu, 0);
}

const du = (dir: string): number => {
  try {
    return Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);
  } catch {
    return Number.NaN;
  }
};

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 10_000);
  const variants = (process.argv[3] ?? ALL.join(',')).split(',');
  const t0 = Date.now();
  const rows = await households(n);
  const mean = (f: (h: Shipped) => number) => (rows.reduce((a, h) => a + f(h), 0) / rows.length).toFixed(2);
  console.log(
    `${n} households in ${((Date.now() - t0) / 1000).toFixed(1)} s; name index entries per household ${mean((h) => h.names.length + h.village.length + h.initials.length + h.triples.length)} (names ${mean((h) => h.names.length)}, village ${mean((h) => h.village.length)}, pinyin pairs ${mean((h) => h.initials.length)}, triples ${mean((h) => h.triples.length)})`,
  );
  const { executablePath, args } = await findChromium(['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run']);
  const profile = await mkdtemp(join(tmpdir(), 'tidemark-enc-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args });
  const servers: Server[] = [];
  const pages: { v: string; page: Page; port: number; ms: number[]; entries: number }[] = [];
  try {
    for (const v of variants) {
      const { server, port } = await serve();
      servers.push(server);
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => (window as unknown as { tidemarkBenchReady?: boolean }).tidemarkBenchReady === true);
      await page.evaluate((x) => (window as unknown as { setup(v: string): Promise<boolean> }).setup(x), v);
      for (let i = 0; i < rows.length; i += 2000) await page.evaluate((c) => (window as unknown as { ship(c: Shipped[]): number }).ship(c), rows.slice(i, i + 2000));
      pages.push({ v, page, port, ms: [], entries: 0 });
    }
    console.log(`load at start ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    const cpu0 = descendantsCpu();
    const nPages = Math.ceil(n / PAGE);
    for (let p = 0; p < nPages; p++) {
      for (let k = 0; k < pages.length; k++) {
        const x = pages[(p + k) % pages.length]!;
        const r = await x.page.evaluate(([pp, size]) => (window as unknown as { writePage(p: number, s: number): Promise<{ ms: number; entries: number }> }).writePage(pp, size), [p, PAGE] as const);
        x.ms.push(r.ms);
        x.entries += r.entries;
      }
    }
    const cpu = descendantsCpu() - cpu0;
    console.log(`load at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}; the browser's CPU over all the writes ${cpu.toFixed(1)} s (all variants together)`);
    // UPGRADE=1: then time version 5's conversion of the text entries (variant S) in place.
    if (process.env.UPGRADE === '1')
      for (const x of pages.filter((p) => p.v === 'S')) {
        const u = await x.page.evaluate(() => (window as unknown as { upgradeToNumbers(): Promise<{ ms: number; rows: number }> }).upgradeToNumbers());
        console.log(`upgrade of ${u.rows} rows, text entries to numbers: ${(u.ms / 1000).toFixed(2)} s; load ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
      }
    // LAZY=1: version 5 as shipped (SPEC N9): the open (a key-only look), a new index's open beside it, then the conversion.
    if (process.env.LAZY === '1')
      for (const x of pages.filter((p) => p.v === 'S')) {
        type Page = Window & { lazyOpen(v: number): Promise<{ ms: number; found: unknown }>; newIndexOpen(v: number): Promise<{ ms: number }>; lazyConvert(e: number): Promise<{ ms: number; rows: number; steps: number[] }> };
        const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
        const open = await x.page.evaluate(() => (window as unknown as Page).lazyOpen(2));
        console.log(`lazy open as version 2 (key-only look, found ${JSON.stringify(open.found)}): ${open.ms.toFixed(1)} ms; load ${load()}`);
        const idx = await x.page.evaluate(() => (window as unknown as Page).newIndexOpen(3));
        console.log(`open creating a new multi-entry index no row has: ${(idx.ms / 1000).toFixed(2)} s; load ${load()}`);
        // 40 tokens, one from every 500th household's name pieces: the search's read of each, in text (converting) then in numbers.
        const probe = rows.filter((_, i) => i % Math.max(1, Math.floor(n / 40)) === 0).slice(0, 40).map((h, i) => h.names[i % h.names.length]!);
        const pq = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(f * xs.length))]!;
        const during = await x.page.evaluate((t) => (window as unknown as { searchProbe(t: string[], c: boolean): Promise<{ times: number[]; found: number }> }).searchProbe(t, true), probe);
        console.log(`a token's read while converting (both ranges, key cursors, merged): p50 ${pq(during.times, 0.5).toFixed(1)} ms, p95 ${pq(during.times, 0.95).toFixed(1)} ms, ${during.found} records over 40 tokens; load ${load()}`);
        const c = await x.page.evaluate(() => (window as unknown as Page).lazyConvert(50));
        const st = [...c.steps].sort((a, b) => a - b);
        const q = (f: number) => st[Math.min(st.length - 1, Math.floor(f * st.length))]!;
        console.log(`lazy conversion of ${c.rows} rows in ${st.length} steps of 50 entries: ${(c.ms / 1000).toFixed(1)} s; a step p50 ${q(0.5).toFixed(0)} ms, p95 ${q(0.95).toFixed(0)} ms, max ${st[st.length - 1]!.toFixed(0)} ms; load ${load()}`);
        const done = await x.page.evaluate((t) => (window as unknown as { searchProbe(t: string[], c: boolean): Promise<{ times: number[]; found: number }> }).searchProbe(t, false), probe);
        console.log(`a token's read after (the number's range, one getAllKeys): p50 ${pq(done.times, 0.5).toFixed(1)} ms, p95 ${pq(done.times, 0.95).toFixed(1)} ms, ${done.found} records over 40 tokens; load ${load()}`);
      }
    // WAIT=1: each S copy (S, S2, S3) opened as version 5 then converted while a worker saves and searches, paced as
    // WAIT_MODES says ("variant:entries:restFactor:yield", comma-separated; default today's 50 entries back to back).
    if (process.env.WAIT === '1') {
      const modes = (process.env.WAIT_MODES ?? 'S:50:0:0').split(',').map((m) => m.split(':'));
      const probe = rows.filter((_, i) => i % Math.max(1, Math.floor(n / 40)) === 0).slice(0, 40).map((h, i) => h.names[i % h.names.length]!);
      const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
      const pq = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(f * xs.length))]!;
      const stats = (xs: number[]) => `p50 ${pq(xs, 0.5).toFixed(0)} ms, p95 ${pq(xs, 0.95).toFixed(0)} ms, max ${pq(xs, 1).toFixed(0)} ms (${xs.length})`;
      for (const [v, entries, rest, yieldTo] of modes) {
        const x = pages.find((p) => p.v === v)!;
        await x.page.evaluate(() => (window as unknown as { lazyOpen(v: number): Promise<unknown> }).lazyOpen(2));
        const at = new Date().toISOString().slice(11, 19);
        const load0 = load();
        type Wait = { ms: number; rows: number; steps: number[]; saves: number[]; searches: number[] };
        const r = await x.page.evaluate(
          ([e, f, y, t]) => (window as unknown as { convertWithWorker(e: number, f: number, y: boolean, s: number, q: number, t: string[]): Promise<Wait> }).convertWithWorker(e, f, y, 300, 700, t),
          [Number(entries), Number(rest), yieldTo === '1', probe] as const,
        );
        console.log(
          `WAIT ${v} (${entries} entries a step, rest ${rest}× the step, yield to the worker ${yieldTo === '1' ? 'yes' : 'no'}) at ${at}, load ${load0} → ${load()}: conversion of ${r.rows} rows ${(r.ms / 1000).toFixed(1)} s; a step ${stats(r.steps)}; a save ${stats(r.saves)}; a search's read ${stats(r.searches)}`,
        );
      }
    }
    const dirOf = (port: number) => join(profile, 'Default', 'IndexedDB', `http_127.0.0.1_${port}.indexeddb.leveldb`);
    const sizeNow = pages.map((x) => du(dirOf(x.port)));
    await context.close();
    const sizeClosed = pages.map((x) => du(dirOf(x.port)));
    const base = pages.find((x) => x.v === 'S');
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    console.log('variant | entries/row | write s | vs S | median page ratio vs S (p10–p90) | LevelDB MB at end / after close');
    pages.forEach((x, i) => {
      const ratios = base ? x.ms.map((m, j) => m / base.ms[j]!).sort((a, b) => a - b) : [];
      const q = (f: number) => ratios[Math.min(ratios.length - 1, Math.floor(f * ratios.length))]!;
      console.log(
        `${x.v} | ${(x.entries / n).toFixed(2)} | ${(sum(x.ms) / 1000).toFixed(2)} | ${base ? (sum(x.ms) / sum(base.ms)).toFixed(3) : '-'} | ${base ? `${q(0.5).toFixed(3)} (${q(0.1).toFixed(2)}–${q(0.9).toFixed(2)})` : '-'} | ${(sizeNow[i]! / 1e6).toFixed(1)} / ${(sizeClosed[i]! / 1e6).toFixed(1)}`,
      );
    });
  } finally {
    await context.close().catch(() => undefined);
    for (const s of servers) s.close();
    await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

// The retired name index's pieces (SPEC N1, N6; src/db/name-index.ts until Dexie version 7), kept here for
// this script, which measured that index's encodings.
function villageOf(fields: Fields): string | null {
  const v = (fields as { origin?: { village?: unknown } }).origin?.village;
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}
function pairsOf(s: string): string[] {
  const chars = [...s];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}
function letterTriplesOf(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 3 <= s.length; i++) {
    const p = s.slice(i, i + 3);
    if (/^[a-z]{3}$/.test(p)) out.push(p);
  }
  return out;
}
