import { drainCounting } from './counter';
import type { DashboardFlaggedRecord, DashboardFlagRecord } from '../../../src/shared/protocol/dashboard';
import type { Store, StoredRecord } from '../store/store';
import { countedDb, inChunks, num } from './counted-queries';
import { selectCountedHandouts } from './counted-relief-queries';
import { FIGURE_RECORDS_LIMIT, headAndVillage, householdsById } from './figure-records';
import { openFlags } from './open-flags';

const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * The open flags behind a township's flag figure of a kind (SPEC D10): the flags the figure counts
 * (open-flags.ts, the same reading), each with the records it names — the households of a duplicate
 * person, or the hand-outs of a double hand-out as they count now (null when voided) with the head of
 * the household each went to. Oldest first; at most 2,000 (`truncated`).
 */
export async function flagRecords(store: Store, eventId: string, o: { townships: string[] | null; township: string; flagKind: string }): Promise<{ flags: DashboardFlagRecord[]; truncated: boolean }> {
  await drainCounting(store); // SPEC D9: a voided hand-out shows as voided
  const all = (await openFlags(store, eventId, o.townships)).filter((f) => f.township === o.township && f.kind === o.flagKind);
  all.sort((a, b) => (String(a.fields.openedAt) < String(b.fields.openedAt) ? -1 : String(a.fields.openedAt) > String(b.fields.openedAt) ? 1 : a.id < b.id ? -1 : 1));
  const shown = all.slice(0, FIGURE_RECORDS_LIMIT);
  const handoutIds = shown.filter((f) => f.fields.entity === 'relief').flatMap((f) => ids(f.fields.recordIds));
  const handouts = new Map<string, StoredRecord>();
  const counted = new Map<string, Record<string, unknown>>();
  for (const c of inChunks(handoutIds)) {
    for (const r of await store.getRecords(c.map((id) => ({ entity: 'relief', id })))) handouts.set(r.id, r);
    for (const r of await store.queryCompiled(selectCountedHandouts(countedDb(store), c))) counted.set(String(r.handout_id), r);
  }
  const householdOf = (id: string) => String(handouts.get(id)?.fields.householdId ?? '');
  const households = await householdsById(store, [
    ...shown.filter((f) => f.fields.entity !== 'relief').flatMap((f) => ids(f.fields.recordIds)),
    ...handoutIds.map(householdOf),
  ]);
  // A flag may name a record of a township outside the caller's area (a person registered in two counties):
  // that record's head and village are not the caller's to read, only its township.
  const readable = (township: string | null | undefined) => o.townships === null || (township != null && o.townships.includes(township));
  const person = (r: StoredRecord | undefined, township: string | null | undefined) => (readable(township) ? headAndVillage(r) : { head: '', village: '' });
  const record = (entity: 'household' | 'relief', id: string): DashboardFlaggedRecord => {
    if (entity === 'household') return { entity, id, township: households.get(id)?.township ?? '', ...person(households.get(id), households.get(id)?.township) };
    const h = households.get(householdOf(id));
    const c = counted.get(id);
    return {
      entity, id, township: handouts.get(id)?.township ?? '', ...person(h, h?.township),
      handout: c
        ? { round: String(c.round), category: c.category === 'cash' ? 'cash' : 'goods', kind: String(c.kind), unit: String(c.unit), quantity: num(c.quantity), fen: num(c.fen), at: String(c.at) }
        : null,
    };
  };
  return {
    flags: shown.map((f) => ({
      id: f.id, kind: f.kind === 'double-handout' ? 'double-handout' : 'duplicate-person', township: f.township, openedAt: String(f.fields.openedAt ?? ''),
      records: ids(f.fields.recordIds).map((id) => record(f.fields.entity === 'relief' ? 'relief' : 'household', id)),
    })),
    truncated: all.length > FIGURE_RECORDS_LIMIT,
  };
}
