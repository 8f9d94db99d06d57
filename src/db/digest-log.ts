import Dexie, { type DBCore, type DBCoreMutateRequest, type DBCoreTable, type Middleware } from 'dexie';
import { foregroundIdle } from './foreground';
import type { UserDb } from './user-db';

/**
 * The write log of the list digest's sealed copy (SPEC N11): the ids of the records written or deleted
 * since a round of the copy's writes last found every part true to the disk. With it, the first pass
 * after unlock decrypts those ids only, instead of comparing every `[id+rev]` key (~3.3 s at 50,000
 * households: tablet-issue18.md, eighteenth session).
 *
 * Since Dexie version 8, the table `digestLog` ('++seq'): every write of records adds one row naming its
 * ids (DigestLogRow), in its transaction, and reads nothing. Version 7's log was one `meta` row that each
 * write read and wrote back grown: a second request waiting on the first, and a structured clone of a
 * growing list, in every save (tablet-issue18.md, twentieth session). What the log says (DigestLog):
 * - `seq`: the greatest row key, or when no row is left the one the last emptying noted. IndexedDB never
 *   reuses a generated key, so every write of records changes it, and nothing else does: a round
 *   empties the log only if `seq` is the one it read, and writes a part only if it still is
 *   (digest-parts.ts `writePart`);
 * - `ids`: the rows' ids together, or null once more than DIGEST_LOG_BOUND (a first sync) or a row
 *   names a range (null): the log no longer says which;
 * - `parts`: the parts on disk when the log was emptied (the `meta` row `digestLog`, DigestLogNote): one
 *   missing since (a delete takes the parts of its records, N11) leaves its records unaccounted for.
 * No note: no round has emptied it since the copy began (a database from before the log): not whole.
 */
export interface DigestLog {
  seq: number;
  ids: string[] | null;
  parts?: number[];
}

/** A row of `digestLog`: one write of records, the ids it wrote or deleted (null: a range, a clear). */
export interface DigestLogRow {
  seq?: number;
  ids: string[] | null;
}

/** The `meta` row `digestLog`: what the last emptying noted (its `seq`, the parts then on disk). */
export interface DigestLogNote {
  seq: number;
  parts: number[];
}

export const DIGEST_LOG_KEY = 'digestLog';

/**
 * More ids than this and the log overflows (ids: null): past this the next unlock compares every key
 * anyway (2,000 rows to decrypt cost about as much as the comparison).
 */
export const DIGEST_LOG_BOUND = 2000;

/**
 * After this many writes (or DIGEST_LOG_BOUND ids) logged by this tab, its rows are merged into one
 * (compactLog), once saves and searches pause: a worker who never lists households never has a round
 * empty the log, and its rows would otherwise grow with every save.
 */
export const DIGEST_LOG_COMPACT_AFTER = 100;

/** A writer of `records` whose transaction does not hold `digestLog`: it would leave the copy's log behind (N11). */
export class DigestLogScopeError extends Error {
  constructor() {
    super('N11: a write of records must hold digestLog in its transaction (the list digest’s write log)');
    this.name = 'DigestLogScopeError';
  }
}

/** What the log's rows (in key order) and the last emptying's note say (undefined: neither, no log). */
export function logOf(rows: readonly DigestLogRow[], note: DigestLogNote | undefined): DigestLog | undefined {
  if (rows.length === 0 && !note) return undefined;
  const seq = Math.max(note?.seq ?? 0, ...rows.map((r) => r.seq ?? 0));
  const parts = note?.parts;
  return { seq, ids: note ? idsOfRows(rows) : null, ...(parts ? { parts } : {}) };
}

/** The rows' ids together, or null when one names a range or there are more than DIGEST_LOG_BOUND. */
function idsOfRows(rows: readonly DigestLogRow[]): string[] | null {
  const all = new Set<string>();
  for (const row of rows) {
    if (row.ids === null) return null;
    for (const id of row.ids) all.add(id);
    if (all.size > DIGEST_LOG_BOUND) return null;
  }
  return [...all];
}

/** The record ids a mutation names, or null when it names a range (clear, deleteRange). */
function idsOf(req: DBCoreMutateRequest): string[] | null {
  if (req.type === 'deleteRange') return null;
  if (req.type === 'delete') return req.keys.map(String);
  return req.keys ? req.keys.map(String) : req.values.map((v: { id: unknown }) => String(v.id));
}

function scopeHolds(trans: unknown, store: string): boolean {
  const names = (trans as { objectStoreNames?: DOMStringList }).objectStoreNames;
  // Not an IDBTransaction (a middleware above gave its own): let the log's request below say so.
  return !names || names.contains(store);
}

/**
 * N11: every mutation of `records` also adds a row to the log, in its transaction: a DBCore middleware
 * rather than each writer, so no writer (save, pull, push answer, purge, an upgrade) can forget it, and a
 * writer whose transaction lacks `digestLog` fails (DigestLogScopeError) instead of writing records the
 * log does not name. The add is issued beside the records' request and waits on nothing: no read.
 * `onLogged` is told of each write's ids (compaction's count).
 */
export function digestLogMiddleware(onLogged: (ids: number) => void = () => undefined): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'digestLog',
    // The log's table is looked up at the first write, not here: Dexie builds this stack for every older
    // schema an upgrade passes through, and those have no `digestLog`.
    create: (down) => ({ ...down, table: (name: string) => (name === 'records' ? logging(down.table(name), () => down.table('digestLog'), onLogged) : down.table(name)) }),
  };
}

/** `records` whose every mutation adds a row to `digestLog` in the same transaction. */
function logging(records: DBCoreTable, log: () => DBCoreTable, onLogged: (ids: number) => void): DBCoreTable {
  let table: DBCoreTable | undefined;
  const mutate = (req: DBCoreMutateRequest) => {
    if (!scopeHolds(req.trans, 'digestLog')) return Promise.reject(new DigestLogScopeError());
    const ids = idsOf(req);
    const row: DigestLogRow = { ids };
    const added = (table ??= log()).mutate({ type: 'add', trans: req.trans, values: [row] });
    added.catch(() => undefined); // observed below; a failed records request aborts the transaction anyway
    return records.mutate(req).then((res) =>
      added.then(() => {
        onLogged(ids === null ? DIGEST_LOG_BOUND : ids.length);
        return res;
      }),
    );
  };
  return { ...records, mutate };
}

/** The log as stored (undefined: none). Inside a transaction, it must hold `digestLog` and `meta`. */
export async function readLog(db: UserDb): Promise<DigestLog | undefined> {
  const [rows, note] = await Promise.all([db.digestLog.toArray(), db.meta.get(DIGEST_LOG_KEY)]);
  return logOf(rows, note?.value as DigestLogNote | undefined);
}

/** The log's `seq` alone (0: no log), without reading its ids. Inside a transaction holding `digestLog` and `meta`. */
export async function readLogSeq(db: UserDb): Promise<number> {
  const [last, note] = await Promise.all([db.digestLog.toCollection().lastKey(), db.meta.get(DIGEST_LOG_KEY)]);
  return Math.max(Number(last ?? 0), (note?.value as DigestLogNote | undefined)?.seq ?? 0);
}

/**
 * Empties the log after a round that found and wrote every part it had to true to the disk at `seq`
 * (the log's `seq` when the round read the disk), unless a write came since (a newer row): one
 * transaction with `digest`, whose parts on disk it notes with `seq`. Returns whether it emptied it.
 */
export function emptyLog(db: UserDb, seq: number): Promise<boolean> {
  return db.transaction('rw', [db.digestLog, db.meta, db.digest], async () => {
    const [now, parts] = await Promise.all([readLogSeq(db), db.digest.where('part').aboveOrEqual(0).primaryKeys()]);
    if (now !== seq) return false;
    const note: DigestLogNote = { seq, parts };
    await Promise.all([db.digestLog.where('seq').belowOrEqual(seq).delete(), db.meta.put({ key: DIGEST_LOG_KEY, value: note })]);
    return true;
  });
}

/**
 * Merges the log's rows into one, at the greatest key (so `seq` stays, and a round that read the log
 * before still finds it unchanged, N11): the same ids (or null), one row. Bounds the log of a worker who
 * never lists (no round empties it): at most DIGEST_LOG_COMPACT_AFTER rows a tab between two of these.
 */
export function compactLog(db: UserDb): Promise<void> {
  return db.transaction('rw', db.digestLog, async () => {
    const rows = await db.digestLog.toArray();
    if (rows.length < 2) return;
    const seq = rows[rows.length - 1]!.seq!;
    await Promise.all([db.digestLog.where('seq').below(seq).delete(), db.digestLog.put({ seq, ids: idsOfRows(rows) })]);
  });
}

/**
 * `onLogged` for a database: counts what this tab logged and, past DIGEST_LOG_COMPACT_AFTER writes or
 * DIGEST_LOG_BOUND ids, compacts the log once no save or search is in flight (foreground.ts), outside
 * any writer's transaction. Best-effort: a failure (a closed database) leaves the rows for the next one.
 */
export function compactingLog(db: UserDb): (ids: number) => void {
  let writes = 0;
  let ids = 0;
  let pending = false;
  return (n) => {
    writes++;
    ids += n;
    if (pending || (writes < DIGEST_LOG_COMPACT_AFTER && ids <= DIGEST_LOG_BOUND)) return;
    pending = true;
    setTimeout(() => {
      writes = 0;
      ids = 0;
      void Dexie.ignoreTransaction(async () => {
        await foregroundIdle(db);
        if (db.isOpen()) await compactLog(db);
      })
        .catch(() => undefined)
        .finally(() => (pending = false));
    }, 0);
  };
}
