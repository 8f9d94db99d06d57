import { bytes, count } from './format';
import type { BenchResults } from './results';
import { buildRows } from './rows';
import { formatTable, summarise } from './table';

/** The whole results file: what ran, on what machine, the table, and how the figures were taken. */
export function renderReport(r: BenchResults): string {
  const m = r.machine;
  const rows = buildRows(r);
  const { met, missed } = summarise(rows);
  const client = r.tidemarkClient === 'chromium'
    ? "Tidemark's client is the app's own data layer (createTidemarkClient, Dexie on IndexedDB, WebCrypto) in a page of headless Chromium served by the real server, with the app's default PBKDF2 (600,000 iterations)"
    : "Tidemark's client is the app's own data layer on fake-indexeddb in Node (PBKDF2 at 1,000 iterations instead of the app's 600,000: login is not measured)";
  return [
    `Run ${r.startedAt} · N = ${count(r.n)} records (${count(r.workload.jsonBytes)} bytes of JSON, ${Math.round(r.workload.meanRecordBytes)} B mean; gzip floor ${bytes(r.workload.gzipBytes)}) · tablet: ${count(r.tabletN)} households`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.os}, load average ${m.loadAverage} at start; ${m.chromium ?? 'no Chromium'}; PostgreSQL: ${m.postgres ?? 'not used (DATABASE_URL unset)'}.`,
    '',
    formatTable(rows),
    '',
    `Targets met: ${met}, missed: ${missed}.`,
    '',
    'How the figures are taken:',
    `- Sync: ${client}; the peer is PouchDB 9 (memory adapter) in Node with its default replication settings; the second peer (issue 18) is PouchDB 9's browser build on IndexedDB (adapter idb) in a page of the same headless Chromium, replicating with its default settings to express-pouchdb 4.2 on LevelDB on disk (page, PouchDB build and database served by the peer's server, through the same counting proxy). "Client's own time" is the wall time minus the time with at least one request in flight (measured at the client's fetch, request start to body read). Both servers run as child processes on 127.0.0.1 (Tidemark: sync-server/src/main.ts on SQLite, production settings except SCRYPT_COST=1024 so that logins stay cheap). Bytes are counted at a TCP proxy between client and server (both directions, headers and bodies); requests by wrapping the client's fetch; server peak RSS is the child's VmHWM. Push = one "Sync now" on the tablet that saved the records (push, then its catch-up pull); pull = one "Sync now" on a colleague's fresh tablet. The local save of N is timed apart; in Chromium it runs in chunks of 250, each chunk followed by its floors in the same page (issue 18): (a) a bare Dexie put of each record's JSON and (b) each stored row with records' indexes and its outbox change written again into tables declared like the app's, one strict transaction per record in both; (c) is PouchDB in Chromium saving the same N one put at a time (each its own transaction, made strict), after its sync. Chromium's pages (Tidemark's and PouchDB's alike) each run on a fresh profile of their own in a temporary directory on disk, so their IndexedDB is on disk and a strict commit pays its fsync (before issue 18's eighth session the pages ran off the record, IndexedDB in memory: the Chromium figures of earlier runs are not comparable).`,
    '- Ingest: raw protocol pushes (500 changes, gzip) from one device, one after another; then the rows the server wrote for that account (records, person_keys, applied_changes, audit_log, and the dashboard’s counted_keys and counted_spans) are inserted into a fresh database from the same migrations, once in one transaction and once in as many transactions as the server committed for the pushes (its store’s count, SPEC I4: the flag writes after a push are commits too), each holding its share of every table (SQLite: WAL + synchronous=FULL, prepared statements; PostgreSQL: 500-row INSERTs). Two workloads: households and surveys (7:3), and the weeks after a flood: 4 households, 2 surveys and 4 relief hand-outs in every 10 records, 1 hand-out in 50 repeated (double hand-out flags).',
    '- Storm: each simulated device is its own account, logged in; all push their records (one request each) at the same instant, honouring 429/503 Retry-After with jittered exponential back-off (at most 40 attempts, 5 min); then a fresh device pulls everything and applied_changes is counted.',
    '- Abuse (issue 11): the storm twice, each on a fresh server with the production limits (cheap scrypt only): once alone, once while 20 clients misbehave, each from a loopback address of its own — 8 announce a 1 MB push with a made-up token and send a byte every 5 s, 4 do the same with a real account\'s token, 4 push with made-up tokens as fast as answers come, 4 try one password across new user names. Latency is per honest device, start to acknowledged.',
    '- Tablet: a page of headless Chromium on a fresh profile on disk, as above (IndexedDB on disk); the households reach the tablet through its own sync; saves go through households.save (validate, seal, record + outbox in one strict transaction), each followed by a bare Dexie put of the same JSON into a table holding as many rows (strict durability too). Name search is the list screen\'s search, its first page as the screen asks for it (households.search({ text }, 50), SPEC N7: only the page is decrypted); ID look-up is findByIdNumber (keyed-HMAC index).',
    '- Size: the app built with the project\'s vite config; initial JS is the entry script plus its modulepreloads in index.html; precache is every URL in sw.js\'s manifest.',
    '',
  ].join('\n');
}
