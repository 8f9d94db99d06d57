/**
 * Issue 18, ninth session: why name search is slower with IndexedDB on disk than in memory. The name
 * searches run again after the reported ones (fresh queries at once, fresh queries after the store was
 * left idle, the reported queries with their rows cached), and Chromium's LevelDB log says when the
 * store compacted (its LOG lines, read from the page's profile on disk).
 */
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SearchRun } from './page-api';

export interface Compactions {
  /** Compactions (LevelDB "Compacting …" lines) while the reported searches ran, during the idle wait, and in all. */
  duringSearch: number;
  duringIdle: number;
  total: number;
  /** Level-0 tables written (memtable flushes) in all. */
  flushes: number;
  /** Each compaction and memtable flush as [start, end] in ms since the epoch. */
  busy: [number, number][];
  summary: string;
}

export interface SearchDiagnosis {
  idleMs: number;
  freshAtOnce: SearchRun;
  freshAfterIdle: SearchRun;
  cachedAgain: SearchRun;
  compactions: Compactions | null;
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! : Number.NaN;
};
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** p50, p95, max and cold of a search run, and what IndexedDB was asked per query (means). */
export function describeSearch(r: SearchRun): string {
  const t = `cold ${r.coldMs.toFixed(1)} ms, p50 ${quantile(r.times, 0.5).toFixed(1)}, p95 ${quantile(r.times, 0.95).toFixed(1)}, max ${Math.max(...r.times).toFixed(1)} ms; hits p50 ${quantile(r.hits, 0.5)}`;
  if (!r.idb || r.idb.length === 0) return t;
  const requests = r.idb.map((c) => Object.values(c.requests).reduce((a, b) => a + b, 0));
  return `${t}; per query: ${mean(r.idb.map((c) => c.transactions)).toFixed(1)} transactions, ${mean(requests).toFixed(1)} requests, ${mean(r.idb.map((c) => c.cursorSteps)).toFixed(1)} cursor steps, IndexedDB busy p50 ${quantile(
    r.idb.map((c) => c.busyMs),
    0.5,
  ).toFixed(1)} ms p95 ${quantile(
    r.idb.map((c) => c.busyMs),
    0.95,
  ).toFixed(1)} ms`;
}

async function logFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await logFiles(p)));
    else if ((e.name === 'LOG' || e.name === 'LOG.old') && dir.includes('indexeddb')) out.push(p);
  }
  return out;
}

/** LevelDB's LOG time stamp ("2026/12/06-06:45:26.123456", the machine's local time) in ms since the epoch. */
function stamp(line: string): number | null {
  const m = /^(\d{4})\/(\d\d)\/(\d\d)-(\d\d):(\d\d):(\d\d)\.(\d{3})/.exec(line);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
  return new Date(y!, mo! - 1, d!, h!, mi!, s!, ms!).getTime();
}

/** The compactions of the profile's IndexedDB LevelDB stores, counted in the search and idle windows. */
export async function compactionsBetween(profile: string, w: { searchStart: number; searchEnd: number; idleStart: number; idleEnd: number }): Promise<Compactions | null> {
  const files = await logFiles(join(profile, 'Default', 'IndexedDB'));
  if (files.length === 0) return null;
  let duringSearch = 0;
  let duringIdle = 0;
  let total = 0;
  let flushes = 0;
  const busy: [number, number][] = [];
  // A compaction ("Compacting …" → "Compacted …") and a memtable flush ("Level-0 table #n: started" → "… bytes OK") run on threads of their own: paired apart.
  const open: { compaction: number | null; flush: number | null } = { compaction: null, flush: null };
  const pair = (kind: 'compaction' | 'flush', at: number) => {
    if (open[kind] !== null) busy.push([open[kind]!, at]);
    open[kind] = null;
  };
  for (const f of files) {
    for (const line of (await readFile(f, 'utf8')).split('\n')) {
      const at = stamp(line);
      if (at !== null) {
        if (/Compacting /.test(line)) open.compaction = at;
        else if (/Compacted /.test(line)) pair('compaction', at);
        else if (/Level-0 table #\d+: started/.test(line)) open.flush = at;
        else if (/Level-0 table #\d+: .*bytes/.test(line)) pair('flush', at);
      }
      if (/Level-0 table #\d+: started/.test(line)) flushes++;
      if (!/Compacting /.test(line)) continue;
      total++;
      const t = stamp(line);
      if (t === null) continue;
      if (t >= w.searchStart && t <= w.searchEnd) duringSearch++;
      if (t >= w.idleStart && t <= w.idleEnd) duringIdle++;
    }
  }
  return { duringSearch, duringIdle, total, flushes, busy, summary: `${total} in all (${flushes} memtable flushes), ${duringSearch} while the reported searches ran, ${duringIdle} during the idle wait (${files.length} LOG files)` };
}

/** A run's query times split by whether LevelDB was compacting or flushing while the query ran. */
export function beside(r: SearchRun, c: Compactions | null): string {
  if (!c || !r.at) return 'no LevelDB log';
  const during: number[] = [];
  const clear: number[] = [];
  r.times.forEach((t, i) => {
    const from = r.at![i]!;
    (c.busy.some(([a, b]) => a <= from + t && b >= from) ? during : clear).push(t);
  });
  const d = (xs: number[]) => (xs.length ? `${xs.length} queries, p50 ${quantile(xs, 0.5).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms` : 'none');
  return `while LevelDB compacted or flushed: ${d(during)}; otherwise: ${d(clear)}`;
}

/** BENCH_KEEP_LEVELDB_LOG=<dir>: the profile's LevelDB LOG files copied there before the profile is removed, to check the intervals above. */
export async function keepLogs(profile: string, dir: string | undefined): Promise<void> {
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  const files = await logFiles(join(profile, 'Default', 'IndexedDB'));
  await Promise.all(files.map((f, i) => copyFile(f, join(dir, `${i}-${f.split('/').pop()}`))));
}
