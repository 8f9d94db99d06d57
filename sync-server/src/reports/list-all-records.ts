import type { ListRecordsQuery, Store, StoredRecord } from '../store/store';

const PAGE = 1000;

/**
 * Every record matching the query, read page by page along serverSeq. A record updated during the scan
 * moves to a later serverSeq and may be read twice; the later copy wins. None is missed: an unread
 * record only ever moves further ahead of the cursor.
 */
export async function listAllRecords(store: Store, q: Omit<ListRecordsQuery, 'afterSeq' | 'limit'>): Promise<StoredRecord[]> {
  const byKey = new Map<string, StoredRecord>();
  let after = 0;
  for (;;) {
    const page = await store.listRecords({ ...q, afterSeq: after, limit: PAGE });
    for (const r of page) byKey.set(`${r.entity}\u0000${r.id}`, r);
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.serverSeq;
  }
  return [...byKey.values()].filter((r) => !r.deleted);
}
