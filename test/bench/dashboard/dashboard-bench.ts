/**
 * Issue 16: the county report and the event dashboard over a county-sized event — 57,000 households,
 * 200,000 relocated people — on SQLite and PostgreSQL. The records are written straight into a fresh
 * store (what a season of pushes leaves), counted by the backfill (the same derivation a push runs),
 * then each query is timed: the report as it was computed before issue 16 (every household loaded and
 * de-duplicated in JS, the baseline), the report from the counted rows, the dashboard, and the SQL
 * statements under them one by one. Also: the re-count a push batch of 100 households adds to its
 * transaction. Ratios against the baseline of the same run; no timed assertions anywhere.
 *
 * `npm run bench -- --only dashboard`, or alone: `npx tsx test/bench/dashboard/dashboard-bench.ts [households]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idCheckChar } from '../../../src/shared/rules/id-number';
import { countyReport } from '../../../src/shared/rules/relocation/county-report';
import { disasterEventSchema } from '../../../src/shared/schema/disaster-event';
import { createContext } from '../../../sync-server/src/context';
import { recountAll, recountAllRelief } from '../../../sync-server/src/dashboard/backfill';
import { countedFiguresAt } from '../../../sync-server/src/dashboard/counted-figures';
import { analyzeCounted, countedDb, selectDayChanges, selectSitePeopleAt } from '../../../sync-server/src/dashboard/counted-queries';
import { selectReliefAt } from '../../../sync-server/src/dashboard/counted-relief-queries';
import { dashboardOverview, daysBetween } from '../../../sync-server/src/dashboard/overview';
import { countWritten } from '../../../sync-server/src/dashboard/count-written';
import { counterOf } from '../../../sync-server/src/dashboard/counter';
import { countedReport } from '../../../sync-server/src/reports/counted-report';
import { loadEventData } from '../../../sync-server/src/reports/load-event-data';
import { openPostgresStore } from '../../../sync-server/src/store/postgres-store';
import { openSqliteStore } from '../../../sync-server/src/store/sqlite-store';
import type { RecordWrite, Store } from '../../../sync-server/src/store/store';

const EVENT_ID = 'event-bench-flood';
const TOWNSHIPS = Array.from({ length: 12 }, (_, i) => `4115230${String(i + 1).padStart(2, '0')}`);
const AT = '2026-07-05T12:00:00+08:00';

/** A valid made-up ID number for person n (a birth date per 999 people). */
function idOf(n: number): string {
  const birth = new Date(Date.UTC(1940, 0, 1) + Math.floor(n / 999) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `411523${birth}${String((n % 999) + 1).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

const day = (d: number, h: number) => new Date(Date.parse('2026-06-20T00:00:00+08:00') + d * 86_400_000 + h * 3_600_000).toISOString();

function write(entity: string, id: string, township: string, fields: Record<string, unknown>): RecordWrite {
  return {
    entity, id, township, version: 1, fields, fieldVersions: {}, fieldStamps: {}, createdBy: null, updatedBy: null, originClient: null,
    updatedAt: '2026-07-01T00:00:00.000Z', deleted: false, idHmac: null,
  };
}

/**
 * The event's records: `households` households of 3 or 4 (the first 500 of 5) — 200,000 people for
 * 57,000 — in 12 townships and 60 sites; one in ten registers its members by ID number, and one in
 * fifty of those names a member who also heads a household of their own (the de-dup case); 10 %
 * evacuated only, 30 % checked out, 10 % transferred; two thirds got a cash hand-out.
 */
export function benchRecords(households: number): RecordWrite[] {
  const out: RecordWrite[] = [];
  out.push(write('event', EVENT_ID, TOWNSHIPS[0]!, disasterEventSchema.parse({ id: EVENT_ID, name: '7·01 洪灾（bench）', hazard: 'flood', startDate: '2026-06-20', townships: TOWNSHIPS, status: 'active' })));
  for (let s = 0; s < 60; s++) {
    const township = TOWNSHIPS[s % 12]!;
    out.push(write('site', `site-bench-${s}`, township, {
      id: `site-bench-${s}`, eventId: EVENT_ID, name: `安置点${s + 1}`, type: 'school', township, capacity: 1500 + (s % 7) * 200, floorArea: 4000 + (s % 5) * 900, openedOn: '2026-06-20',
    }));
  }
  let person = 0;
  for (let i = 0; i < households; i++) {
    const township = TOWNSHIPS[i % 12]!;
    const size = i < 500 ? 5 : 3 + (i % 2);
    const headN = person;
    person += size;
    const evac = i % 10 === 9;
    const centralised = !evac && i % 3 !== 0;
    const checkIn = day(i % 10, (i % 12) + 6);
    const members = i % 10 === 0
      ? Array.from({ length: size }, (_, m) => ({
          id: `member-${i}-${m}`, name: `成员${m}`, sex: m % 2 ? 'female' : 'male', ageBand: '18-59',
          // One in fifty of these names, as its last member, the head of the next household.
          idNumber: m === size - 1 && i % 50 === 0 ? idOf(headN + size) : idOf(headN + m),
        }))
      : undefined;
    out.push(write('household', `hh-bench-${i}`, township, {
      id: `hh-bench-${i}`, eventId: EVENT_ID, head: { name: `户主${i}`, idNumber: idOf(headN) }, householdType: 'ordinary', membersCount: size,
      ...(members ? { members } : {}), origin: { village: `村${i % 40}` }, damage: { level: ['collapsed', 'severe', 'ordinary', 'none'][i % 4], rooms: (i % 3) + 1 },
      evacuationKind: evac ? 'evacuation' : 'relocation', placement: centralised ? 'centralised' : 'dispersed',
      ...(centralised ? { shelterSiteId: `site-bench-${i % 60}` } : {}), checkInAt: checkIn,
      ...(i % 10 === 3 ? { transfers: [{ at: day((i % 10) + 2, 9), toSiteId: `site-bench-${(i + 7) % 60}` }] } : {}),
      ...(i % 10 < 3 ? { checkOut: { at: day((i % 10) + 5, 10), destination: 'home' } } : {}),
      needsEmergencySupport: i % 2 === 0, needsTransitionalSupport: i % 5 === 0,
    }));
    if (i % 3 !== 2) {
      out.push(write('relief', `relief-bench-${i}`, township, {
        id: `relief-bench-${i}`, eventId: EVENT_ID, householdId: `hh-bench-${i}`, at: day((i % 10) + 1, 10), issuingOfficer: '王干事', round: 1,
        item: { category: 'cash', kind: 'emergency' }, quantity: 500, unit: '元', cashValue: 500, payment: 'card',
        recipient: { confirmation: 'signature', attachmentSha256: 'a'.repeat(64) },
      }));
    }
  }
  return out;
}

async function time<T>(fn: () => Promise<T>, runs = 5): Promise<{ ms: number; value: T }> {
  let best = Infinity;
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, value };
}

export interface DashboardBenchRow {
  store: 'SQLite' | 'PostgreSQL';
  seedMs: number;
  backfillMs: number;
  spans: number;
  /** Query name → best of 5, ms (the baseline: one run). */
  queries: [string, number][];
  people: number;
}

async function benchStore(label: DashboardBenchRow['store'], store: Store, records: RecordWrite[], log: (s: string) => void): Promise<DashboardBenchRow> {
  const t0 = performance.now();
  for (let i = 0; i < records.length; i += 2000) await store.transaction(async (tx) => tx.putRecords(records.slice(i, i + 2000)));
  const seedMs = performance.now() - t0;
  log(`${label}: ${records.length} records written in ${(seedMs / 1000).toFixed(1)} s`);
  const hmac = await createContext({ store }).idHmac();
  const b0 = performance.now();
  const counted = await recountAll(store, hmac);
  const relief = await recountAllRelief(store);
  await store.transaction(async (tx) => {
    for (const a of analyzeCounted(store)) await tx.runCompiled(a); // as ensureCounted does after a backfill
  });
  const backfillMs = performance.now() - b0;
  log(`${label}: backfill ${counted.households} households → ${counted.spans} spans, ${relief.handouts} hand-outs in ${(backfillMs / 1000).toFixed(1)} s`);

  const db = countedDb(store);
  const queries: [string, number][] = [];
  const q = async <T>(name: string, fn: () => Promise<T>, runs = 5) => {
    const r = await time(fn, runs);
    queries.push([name, r.ms]);
    log(`${label}: ${name} ${r.ms.toFixed(0)} ms`);
    return r.value;
  };
  const before = await q('county report, before issue 16 (households loaded, de-duplicated in JS)', async () => {
    const data = await loadEventData(store, EVENT_ID, TOWNSHIPS);
    return countyReport(data.event, data.households, data.handouts, data.sites, AT, hmac, { townships: TOWNSHIPS });
  }, 1);
  const after = await q('county report from the counted rows (GET /api/reports/relocation)', () => countedReport(store, EVENT_ID, AT, TOWNSHIPS));
  if (JSON.stringify(after.report.total) !== JSON.stringify(before.total)) throw new Error('the counted report differs from the rule’s');
  await q('dashboard overview (GET /api/dashboard/overview)', () => dashboardOverview(store, EVENT_ID, AT, null, TOWNSHIPS));
  const atUtc = new Date(Date.parse(AT)).toISOString();
  await q('· people and houses by township (SQL sum)', () => countedFiguresAt(store, EVENT_ID, AT, TOWNSHIPS));
  const lastDay = daysBetween('2026-06-20T00:00:00+08:00', AT).at(-2)!;
  await q('· people by day and township: what each day adds and takes (one SQL statement)', () => store.queryCompiled(selectDayChanges(db, EVENT_ID, lastDay, TOWNSHIPS)));
  await q('· people at each site (SQL sum)', () => store.queryCompiled(selectSitePeopleAt(db, EVENT_ID, atUtc)));
  await q('· relief by township, round and item; households reached (one SQL statement over the counted hand-outs)', () => store.queryCompiled(selectReliefAt(db, EVENT_ID, atUtc, TOWNSHIPS)));
  // What counting adds to one push batch: 100 households changed (a check-out each), re-counted in the transaction.
  const batch = records.filter((r) => r.entity === 'household').slice(1000, 1100).map((r) => ({ ...r, fields: { ...r.fields, checkOut: { at: day(12, 10), destination: 'home' } } }));
  // SPEC D9: the push's transaction only marks them; the counter counts them after the commit.
  counterOf(store).holdAfterCommit = true;
  const push = () =>
    store.transaction(async (tx) => {
      await tx.putRecords(batch);
      await countWritten(tx, batch.map((w) => ({ ...w, serverSeq: 0, createdAt: w.updatedAt })), store);
    });
  await q('push batch of 100 households written and marked (its transaction; counting_due)', push);
  await q('the same, then counted by the counter after the commit (what a reader waits for)', async () => {
    await push();
    await counterOf(store).drain();
  });
  return { store: label, seedMs, backfillMs, spans: counted.spans, queries, people: before.total.relocated.cumulative + before.total.evacuated };
}

export async function benchDashboard(options: { households?: number; databaseUrl?: string; log: (s: string) => void }): Promise<DashboardBenchRow[]> {
  const records = benchRecords(options.households ?? 57_000);
  const rows: DashboardBenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-bench-dashboard-'));
  try {
    const sqlite = openSqliteStore({ file: join(dir, 'tidemark.sqlite') });
    try {
      rows.push(await benchStore('SQLite', sqlite, records, options.log));
    } finally {
      await sqlite.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (options.databaseUrl) {
    const schema = `bench_dashboard_${process.pid}`;
    const pg = await openPostgresStore({ connectionString: options.databaseUrl, schema, poolMax: 4 });
    try {
      rows.push(await benchStore('PostgreSQL', pg, records, options.log));
    } finally {
      await pg.close();
      const { default: pgLib } = await import('pg');
      const client = new pgLib.Client({ connectionString: options.databaseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  }
  return rows;
}

export function renderDashboardBench(rows: DashboardBenchRow[]): string {
  if (rows.length === 0) return '';
  const names = rows[0]!.queries.map(([n]) => n);
  const lines = [
    `| query | ${rows.map((r) => r.store).join(' | ')} |`,
    `|---|${rows.map(() => '---:').join('|')}|`,
    ...names.map((n, i) => {
      const base = (r: DashboardBenchRow) => r.queries[0]![1];
      return `| ${n} | ${rows.map((r) => `${r.queries[i]![1].toFixed(0)} ms${i > 0 ? ` (${(r.queries[i]![1] / base(r)).toFixed(3)}×)` : ''}`).join(' | ')} |`;
    }),
    `| records written (seed), backfill → spans | ${rows.map((r) => `${(r.seedMs / 1000).toFixed(1)} s, ${(r.backfillMs / 1000).toFixed(1)} s → ${r.spans.toLocaleString('en')}`).join(' | ')} |`,
    `| people counted (relocated + evacuated, cumulative) | ${rows.map((r) => r.people.toLocaleString('en')).join(' | ')} |`,
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const households = Number(process.argv[2] ?? 57_000);
  const started = performance.now();
  const log = (s: string) => console.log(`[dashboard +${((performance.now() - started) / 1000).toFixed(0)}s] ${s}`);
  benchDashboard({ households, databaseUrl: process.env.DATABASE_URL || undefined, log })
    .then((rows) => console.log(`\n${renderDashboardBench(rows)}`))
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
