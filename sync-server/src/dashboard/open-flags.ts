import { FLAG_ENTITY } from '../sync/after-push-flag-write';
import type { Store } from '../store/store';
import { countedDb, liveRecord, selectLiveRecords } from './counted-queries';

export interface OpenFlag {
  id: string;
  /** The flag record's township (the first record's): the township whose figure counts it. */
  township: string;
  kind: string;
  fields: Record<string, unknown>;
}

/**
 * The open flags of an event in these townships (null: all): what the dashboard's flag figures count
 * (SPEC D6) and what their records list (D10) — one reading for both.
 */
export async function openFlags(store: Store, eventId: string, townships: readonly string[] | null): Promise<OpenFlag[]> {
  const out: OpenFlag[] = [];
  for (const r of (await store.queryCompiled(selectLiveRecords(countedDb(store), FLAG_ENTITY, townships))).map(liveRecord)) {
    const f = r.fields as { eventId?: string; status?: string; kind?: string };
    if (f.eventId !== eventId || f.status !== 'open') continue;
    out.push({ id: r.id, township: r.township ?? '', kind: String(f.kind), fields: r.fields });
  }
  return out;
}
