import { open } from '../security/seal';
import type { UserKeys } from '../security/key-bundle';
import { nameKeys } from './name-index';
import { settleNameIndexFlag } from './name-index-numbers';
import type { Fields } from './record-fields';
import type { RecordRow, UserDb } from './user-db';

const CHUNK = 500;

/**
 * SPEC N5: gives the rows saved before version 2 their name index, after unlock (an upgrade cannot use
 * the keys). In chunks by id, each decrypted at once (bulk opening, SPEC outbox note) and written in its own transaction that
 * re-reads the rows and skips any rewritten meanwhile (a save or a pull wrote the index with it). When
 * no row lacks it, `meta.nameIndex` goes and the search uses the index. Stops when `stopped()` (lock);
 * the next unlock resumes. A row that does not open under this key (not ours) gets an empty index: the
 * search never shows it anyway.
 */
export async function backfillNameIndex(db: UserDb, keys: UserKeys, stopped: () => boolean): Promise<number> {
  if ((await db.meta.get('nameIndex'))?.value !== 'pending') return 0;
  let done = 0;
  // A row rewritten between its read and its write without the index (push's answer keeps the row's
  // fields as they were) is skipped; another pass takes it. Rows saved or pulled meanwhile have theirs.
  for (let pass = 0; pass < 3; pass++) {
    let skipped = 0;
    let after: string | null = null;
    for (;;) {
      if (stopped()) return done;
      const range: RecordRow[] = await (after === null ? db.records.orderBy('id') : db.records.where('id').above(after)).limit(CHUNK).toArray();
      if (range.length === 0) break;
      after = range[range.length - 1]!.id;
      const missing = range.filter((r) => !Array.isArray(r.nameKeys));
      if (missing.length === 0) continue;
      const tokens = await Promise.all(
        missing.map((r) =>
          open<Fields>(keys.dataKey, r.id, r.sealed).then(
            (f) => nameKeys(f, keys.lookupKey),
            () => [] as number[],
          ),
        ),
      );
      if (stopped()) return done;
      // meta: every write of records notes its ids in the list digest's write log (N11, digest-log.ts).
      await db.transaction('rw', db.records, db.meta, async () => {
        const now = await db.records.bulkGet(missing.map((r) => r.id));
        const puts: RecordRow[] = [];
        now.forEach((row, i) => {
          if (!row || Array.isArray(row.nameKeys)) return;
          if (row.rev === missing[i]!.rev) puts.push({ ...row, nameKeys: tokens[i]! });
          else skipped++;
        });
        if (puts.length > 0) await db.records.bulkPut(puts);
        done += puts.length;
      });
    }
    if (skipped === 0) {
      // Not pending any more; 'converting' instead if text entries were left (N9: the conversion runs first, but never trusted to have finished).
      await db.transaction('rw', db.records, db.meta, () => settleNameIndexFlag(db, true));
      return done;
    }
  }
  return done; // still pending: the next unlock resumes
}
