import type { DBCore, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';
import type { UserDb } from './user-db';

/**
 * The write log of the list digest's sealed copy (SPEC N11): the ids of the records written or deleted
 * since a round of the copy's writes last found every part true to the disk. With it, the first pass
 * after unlock decrypts those ids only, instead of comparing every `[id+rev]` key (~3.3 s at 50,000
 * households: tablet-issue18.md, eighteenth session).
 *
 * One `meta` row, written in the transaction that writes the records (DigestLogRow):
 * - `seq`: changed by every write of records, never by the round: a round empties the log only if
 *   `seq` is the one it read, and writes a part only if it still is (digest-parts.ts `writePart`);
 * - `ids`: the ids written since the log was emptied, or null once more than DIGEST_LOG_BOUND (a first
 *   sync, an upgrade rewriting every row) or a range was written: the log no longer says which;
 * - `parts`: the parts on disk when the log was emptied (an empty part is not stored): one missing
 *   since (a delete takes the parts of its records, N11) leaves its records unaccounted for.
 * No row: no round has emptied it since the copy began (a database from before the log): not whole.
 */
export interface DigestLog {
  seq: number;
  ids: string[] | null;
  parts?: number[];
}

export const DIGEST_LOG_KEY = 'digestLog';

/**
 * More ids than this and the log overflows (ids: null): each write reads and rewrites the row, so a
 * first sync of 50,000 households would rewrite a growing list on every page; past this the next
 * unlock compares every key anyway (2,000 rows to decrypt cost about as much as the comparison).
 */
export const DIGEST_LOG_BOUND = 2000;

/** A writer of `records` whose transaction does not hold `meta`: it would leave the copy's log behind (N11). */
export class DigestLogScopeError extends Error {
  constructor() {
    super('N11: a write of records must hold meta in its transaction (the list digest’s write log)');
    this.name = 'DigestLogScopeError';
  }
}

/** The log after `prev` and a write of `ids` (null: a range). */
export function logged(prev: DigestLog | undefined, ids: readonly string[] | null): DigestLog {
  const seq = (prev?.seq ?? 0) + 1;
  const parts = prev?.parts;
  if (!prev || prev.ids === null || ids === null) return { seq, ids: null, ...(parts ? { parts } : {}) };
  const all = new Set(prev.ids);
  for (const id of ids) all.add(id);
  return { seq, ids: all.size > DIGEST_LOG_BOUND ? null : [...all], ...(parts ? { parts } : {}) };
}

/** The record ids a mutation names, or null when it names a range (clear, deleteRange). */
function idsOf(req: DBCoreMutateRequest): string[] | null {
  if (req.type === 'deleteRange') return null;
  if (req.type === 'delete') return req.keys.map(String);
  return req.keys ? req.keys.map(String) : req.values.map((v: { id: unknown }) => String(v.id));
}

function scopeHolds(trans: unknown, store: string): boolean {
  const names = (trans as { objectStoreNames?: DOMStringList }).objectStoreNames;
  // Not an IDBTransaction (a middleware above gave its own): let the meta request below say so.
  return !names || names.contains(store);
}

/**
 * N11: every mutation of `records` also writes the log, in its transaction: a DBCore middleware rather
 * than each writer, so no writer (save, pull, push answer, purge, backfill, an upgrade) can forget it,
 * and a writer whose transaction lacks `meta` fails (DigestLogScopeError) instead of writing records the
 * log does not name. The log's read is issued beside the records' request, and its write once it is
 * answered: one more request in the transaction, not a round trip before the write.
 */
export const digestLogMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'digestLog',
  create: (down) => ({ ...down, table: (name: string) => (name === 'records' ? logging(down.table(name), down.table('meta')) : down.table(name)) }),
};

/** `records` whose every mutation writes the log into `meta` in the same transaction. */
function logging(records: DBCoreTable, meta: DBCoreTable): DBCoreTable {
  const mutate = (req: DBCoreMutateRequest) => {
    if (!scopeHolds(req.trans, 'meta')) return Promise.reject(new DigestLogScopeError());
    const trans = req.trans;
    const log = meta
      .get({ trans, key: DIGEST_LOG_KEY })
      .then((row: { value?: DigestLog } | undefined) => meta.mutate({ type: 'put', trans, values: [{ key: DIGEST_LOG_KEY, value: logged(row?.value, idsOf(req)) }] }));
    log.catch(() => undefined); // observed below; a failed records request aborts the transaction anyway
    return records.mutate(req).then((res) => log.then(() => res));
  };
  return { ...records, mutate };
}

/** The log as stored (undefined: none). */
export async function readLog(db: UserDb): Promise<DigestLog | undefined> {
  const row = await db.meta.get(DIGEST_LOG_KEY);
  return row?.value as DigestLog | undefined;
}

/**
 * Empties the log after a round that found and wrote every part it had to true to the disk at `seq`
 * (the log's `seq` when the round read the disk), unless a write came since (its `seq` changed): one
 * transaction with `digest`, whose parts on disk it notes. Returns whether it emptied it.
 */
export function emptyLog(db: UserDb, seq: number): Promise<boolean> {
  return db.transaction('rw', db.meta, db.digest, async () => {
    const [log, parts] = await Promise.all([readLog(db), db.digest.where('part').aboveOrEqual(0).primaryKeys()]);
    if ((log?.seq ?? 0) !== seq) return false;
    const empty: DigestLog = { seq, ids: [], parts };
    await db.meta.put({ key: DIGEST_LOG_KEY, value: empty });
    return true;
  });
}
