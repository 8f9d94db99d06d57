import type { PersonKeyOf } from '../../../src/shared/rules/relocation/person-key';
import { listAllRecords } from '../reports/list-all-records';
import type { Store } from '../store/store';
import { RELIEF_CORRECTION_ENTITY } from '../../../src/shared/schema/relief-correction';
import type { StoredRecord } from '../store/store';
import { analyzeCounted, countedDb, deleteEvent, inChunks, insertKeys, insertSpans, liveRecord, putState, selectLiveRecords, selectState } from './counted-queries';
import { countIo, noWrites } from './count-io';
import { recountRelief } from './counted-relief';
import { drainCounting } from './counter';
import { deleteReliefAll } from './counted-relief-queries';
import { countedSpans, linkedGroups } from './counted-spans';
import { countedHousehold, keyRows, keyRowsOf, UNREADABLE } from './person-rows';

const DONE = 'backfilled';
const RELIEF_DONE = 'relief-backfilled';

/**
 * Counts every stored household again (migration 010 starts empty: the records stored before it), one
 * event at a time, each in one transaction. Run at start-up until it has been done once
 * (`ensureCounted`), and by hand after a repair of the records (e.g. a restore from a backup).
 */
export async function recountAll(store: Store, hmacOf: PersonKeyOf): Promise<{ households: number; spans: number }> {
  const memo = new Map<string, string>();
  const keyOf: PersonKeyOf = (id) => {
    let k = memo.get(id);
    if (k === undefined) memo.set(id, (k = hmacOf(id)));
    return k;
  };
  const db = countedDb(store);
  const byEvent = new Map<string, ReturnType<typeof countedHousehold>[]>();
  const unreadable: ReturnType<typeof keyRowsOf> = [];
  for (const r of await listAllRecords(store, { entity: 'household', townships: null })) {
    const h = countedHousehold(r);
    if (!h) unreadable.push(...keyRowsOf(r, keyOf));
    if (!h) continue;
    const list = byEvent.get(h.eventId);
    if (list) list.push(h);
    else byEvent.set(h.eventId, [h]);
  }
  await store.transaction(async (tx) => {
    for (const q of deleteEvent(db, UNREADABLE)) await tx.runCompiled(q);
    for (const c of inChunks(unreadable, 200)) await tx.runCompiled(insertKeys(db, c));
  });
  let households = 0;
  let spans = 0;
  for (const [eventId, list] of byEvent) {
    const hs = list.filter((h) => h !== null);
    const rows = linkedGroups(hs, keyOf).flatMap((g) => countedSpans(eventId, g, keyOf));
    await store.transaction(async (tx) => {
      for (const q of deleteEvent(db, eventId)) await tx.runCompiled(q);
      for (const c of inChunks(hs.flatMap((h) => keyRows(h, keyOf)), 200)) await tx.runCompiled(insertKeys(db, c));
      for (const c of inChunks(rows, 100)) await tx.runCompiled(insertSpans(db, c));
    });
    households += hs.length;
    spans += rows.length;
  }
  await store.transaction(async (tx) => void (await tx.runCompiled(putState(db, DONE, 'yes'))));
  return { households, spans };
}

/**
 * Counts every stored hand-out again (migration 012 starts empty), in one transaction, exactly as a push
 * does (counted-relief.ts, SPEC D7): run at start-up until done once, and by hand after a repair.
 */
export async function recountAllRelief(store: Store): Promise<{ handouts: number }> {
  const db = countedDb(store);
  const all: StoredRecord[] = [];
  for (const entity of ['relief', RELIEF_CORRECTION_ENTITY]) {
    for (const r of await store.queryCompiled(selectLiveRecords(db, entity, null))) all.push({ ...liveRecord(r), entity, deleted: false } as unknown as StoredRecord);
  }
  await store.transaction(async (tx) => {
    for (const q of deleteReliefAll(db)) await tx.runCompiled(q);
    const io = countIo(tx, store);
    await io.write({ ...noWrites(), ...(await recountRelief(io, all)) });
    await tx.runCompiled(putState(db, RELIEF_DONE, 'yes'));
  });
  return { handouts: all.filter((r) => r.entity === 'relief').length };
}

/** Backfills once (start-up): true when it ran now (the households of migration 010, the relief of 012). */
export async function ensureCounted(store: Store, keyOf: PersonKeyOf): Promise<boolean> {
  // SPEC D9: what writes left to be counted (or a crash left before it was counted) is counted first.
  await drainCounting(store);
  const db = countedDb(store);
  const [households] = await store.queryCompiled(selectState(db, DONE));
  const [relief] = await store.queryCompiled(selectState(db, RELIEF_DONE));
  if (!households) await recountAll(store, keyOf);
  if (!relief) await recountAllRelief(store);
  if (households && relief) return false;
  await store.transaction(async (tx) => {
    for (const q of analyzeCounted(store)) await tx.runCompiled(q);
  });
  return true;
}
