import { nameTokenFromText } from '../security/name-token';
import { TEXT_ENTRIES, tokenOf, type StoredNameKey } from './name-key-order';
import { foregroundIdle } from './foreground';
import type { RecordRow, UserDb } from './user-db';

/**
 * Text entries read per step, so at most as many rows rewritten a transaction (the index lists entries by
 * token, not by row, so mostly as many rows as entries). A save or search begun during a step waits for
 * it. Measured in Chromium on disk at 20,000 households (tablet-issue18.md, thirteenth session, load
 * 7–12): steps of 50 back to back, a step p50 204–290 ms; steps of 20 with the rests below, p50 66 ms.
 */
const ENTRIES = 20;

/** Time for the conversion's rests between steps (injectable: tests never sleep). */
export interface StepPace {
  /** Milliseconds, to time each step. */
  now(): number;
  /** Resolves after `ms`. */
  rest(ms: number): Promise<void>;
}

/**
 * After each step the conversion rests this many times as long as the step took: half the disk's time
 * left to the worker and to LevelDB's compactions, whose stalls made the longest steps (16–21 s at 20,000
 * households, back to back; tablet-issue18.md, twelfth and thirteenth sessions).
 */
const REST_PER_STEP = 1;

/** How a conversion steps: entries a step (tests use fewer), and the clock it rests by (none: no rest). */
export interface ConvertOptions {
  entries?: number;
  pace?: StepPace;
}

/**
 * SPEC N9: turns the text entries of a version 4 database into numbers, after unlock and in the
 * background (the upgrade to version 5 wrote no row). No key is needed: rewriting a row is enough, since
 * every write goes through the middleware of name-key-order.ts, which converts its entries (N1). Each step
 * finds a few rows still holding text entries (key-only, on the index's text range), then reads and
 * rewrites them in one transaction: no write can come between the read and the rewrite, so a save, pull
 * or push answer is never overwritten, and a row written meanwhile holds numbers already and is no longer
 * found. A row holding a text that is no token (no release wrote one) loses its entries, and the index
 * goes pending (N5) until the backfill rebuilt them. When no text entry is left, the same transaction
 * removes `meta.nameIndex = 'converting'` (a pending index stays, for the backfill), and the search reads
 * the number entries only. Stops when `stopped()` (lock); the next unlock resumes where the index says.
 * Returns the rows rewritten.
 */
export async function convertNameIndexText(db: UserDb, stopped: () => boolean, options: ConvertOptions = {}): Promise<number> {
  const { entries = ENTRIES, pace } = options;
  let done = 0;
  for (let rest = 0; ; ) {
    if (pace && rest > 0) await pace.rest(rest);
    // A save or search under way goes first: begun while the last step ran, its next transaction must not wait behind the next step.
    await foregroundIdle(db);
    if (stopped()) return done;
    // No flag, no text entry: nothing writes one, and the upgrade to version 5 noted any it found.
    if ((await db.meta.get('nameIndex')) === undefined) return done;
    const began = pace?.now() ?? 0;
    const finished = await db.transaction('rw', db.records, db.meta, async () => {
      const ids = [...new Set((await db.records.where('nameKeys').between(...TEXT_ENTRIES).limit(entries).primaryKeys()) as string[])];
      if (ids.length === 0) {
        await settleNameIndexFlag(db);
        return true;
      }
      const rows = (await db.records.bulkGet(ids)).filter((r): r is RecordRow => r !== undefined);
      // The middleware converts on the way down; a row it cannot (an entry that is no token) keeps a text
      // entry, so it is written without entries instead and the backfill makes them (N5).
      const stale = new Set(rows.filter((r) => r.nameKeys!.some(notAToken)));
      const puts = rows.map((r) => (stale.has(r) ? withoutNameKeys(r) : r));
      await db.records.bulkPut(puts);
      if (stale.size > 0) await db.meta.put({ key: 'nameIndex', value: 'pending' });
      done += puts.length;
      return false;
    });
    if (finished) return done;
    rest = pace ? (pace.now() - began) * REST_PER_STEP : 0;
  }
}

/** A text entry that is no token of versions 2–4 (N1): nothing converts it. */
function notAToken(k: StoredNameKey): boolean {
  const t = tokenOf(k);
  return typeof t === 'string' && nameTokenFromText(t) === null;
}

function withoutNameKeys(r: RecordRow): RecordRow {
  const copy = { ...r };
  delete copy.nameKeys;
  return copy;
}

/**
 * N5, N9: in a transaction holding `records` and `meta`, once the conversion or the backfill has done its
 * part: 'converting' while any text entry is left, else no flag; a pending index stays pending (the
 * backfill clears it, with `pendingDone`). So neither can leave a flag that hides the other's rows.
 */
export async function settleNameIndexFlag(db: UserDb, pendingDone = false): Promise<void> {
  const text = (await db.records.where('nameKeys').between(...TEXT_ENTRIES).limit(1).primaryKeys()).length > 0;
  const state = (await db.meta.get('nameIndex'))?.value;
  if (state === 'pending' && !pendingDone) return;
  if (text) await db.meta.put({ key: 'nameIndex', value: 'converting' });
  else if (state !== undefined) await db.meta.delete('nameIndex');
}
