import type { PersonKeyOf } from '../../../src/shared/rules/relocation/person-key';
import { listAllRecords } from '../reports/list-all-records';
import type { Store } from '../store/store';
import { countedDb, deleteEvent, inChunks, insertKeys, insertSpans, putState, selectState } from './counted-queries';
import { countedSpans, linkedGroups } from './counted-spans';
import { countedHousehold, keyRows, keyRowsOf, UNREADABLE } from './person-rows';

const DONE = 'backfilled';

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

/** Backfills once (start-up): true when it ran now. */
export async function ensureCounted(store: Store, keyOf: PersonKeyOf): Promise<boolean> {
  const [row] = await store.queryCompiled(selectState(countedDb(store), DONE));
  if (row) return false;
  await recountAll(store, keyOf);
  return true;
}
