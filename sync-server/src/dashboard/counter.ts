import type { CompiledQuery } from 'kysely';
import type { PersonKeyOf } from '../../../src/shared/rules/relocation/person-key';
import { RELIEF_CORRECTION_ENTITY } from '../../../src/shared/schema/relief-correction';
import type { Store, StoreTx, StoredRecord } from '../store/store';
import { makeIdHmac } from '../sync/id-hmac';
import { countIo, noWrites, type CountedRecord, type RecordHead } from './count-io';
import { PARSE_KEPT } from './parse-kept';
import { countedDb, inChunks } from './counted-queries';
import { recountRelief } from './counted-relief';
import { insertDue, insertDueArrays, selectAnyDue } from './counting-due-queries';
import { recountHouseholds, seedCountedHousehold } from './person-rows';
import { parsedValueOf } from '../sync/parsed-values';

/** The entities whose writes change the county's counting (SPEC D1, D7). */
const COUNTED = new Set(['household', 'relief', RELIEF_CORRECTION_ENTITY]);
/** Marks counted in one transaction: the lock a drain holds stays short for the pushes behind it. */
const BATCH = 500;
/**
 * The counter counts once writes have been quiet this long, so the pushes of a storm go first (the one
 * SQLite writer, the one lock of PostgreSQL) and are counted together; but never later than MAX_WAIT_MS
 * after the first mark it waits for. A reader never waits for either: it drains itself.
 */
const QUIET_MS = 200;
const MAX_WAIT_MS = 5_000;
/**
 * While pushes are being applied (`busy`), the debounced count does not start at MAX_WAIT_MS: each of its
 * batches holds the serialising lock for ~0.3 s, and in a PostgreSQL reconnect storm a dozen of them held it
 * for a fifth of the storm while every push's group queued behind them (issue 14, sixth session). It waits
 * until the pushes are done, but never past this: the marks stay bounded under a write load that never ends.
 * Readers are not affected: they drain themselves (D9).
 */
const MAX_DEFER_MS = 30_000;
/**
 * The longest pause between two batches of one count (SPEC D9): requests run in it. A batch of 500 real
 * households takes ~0.5 s on SQLite, so counting keeps ≥ 5/6 of the time and a request waits at most one batch.
 */
const PAUSE_MAX_MS = 100;
/** Households whose push parse is kept for the count (about the 5 s of a storm a count can lag); past it, the count parses. */
const MAX_REMEMBERED = 5_000;

/** A household as a push of this process wrote and parsed it (SPEC I2): used when the count reads that same write. */
interface PushedHousehold {
  version: number;
  updatedAt: number;
  value: unknown;
}

/**
 * The one counter of a server process (issue 14, SPEC D9). A write marks in its own transaction the
 * records it leaves to be counted (`mark`, migration 013) and nothing more; the counter counts them after
 * the commit, in batches, each in one transaction that takes the serialising lock (PostgreSQL: every
 * record writer and every other process's counter waits, so two counters never count the same marks or
 * read counted rows the other is replacing), writes the counted rows and deletes the marks it read.
 * A crash leaves the marks; the next start counts them (`drain` from ensureCounted). Every reader of
 * counted rows awaits `drain` first, so no figure ever misses a committed write.
 */
export class Counter {
  private current: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private waitingSince = 0;
  private keyOf: Promise<PersonKeyOf> | null = null;
  /** Whether writes are being applied now (the app: pushes holding a slot): the debounced count then waits (MAX_DEFER_MS). */
  busy: () => boolean = () => false;
  /** Tests: leave marks for the readers (or a test) to drain, as a crash right after the commit would. */
  holdAfterCommit = false;
  /**
   * Whether requests are being served now (the app: HTTP requests between arrival and answer,
   * http/requests-in-flight.ts): a long count then pauses between its batches (D9).
   */
  serving: () => boolean = () => false;
  /** Tests: the pauses a count took between its batches (D9: only when a request or an I/O completion waits). */
  pauses = 0;
  /** Tests: the transactions of drains that wrote counted rows. */
  drained = 0;
  /** Tests: households counted from their push's parse, not parsed again (SPEC I2). */
  reusedParses = 0;
  /** By record id: the push's parse of the household it committed, until the count has read it. */
  private readonly pushed = new Map<string, PushedHousehold>();

  constructor(private readonly store: Store) {}

  /** In the writer's transaction: marks the counted records of `written` (one multi-row insert) and asks for a count after the commit. */
  async mark(tx: Pick<StoreTx, 'runCompiled'>, written: readonly StoredRecord[]): Promise<void> {
    for (const q of this.marking(written)) await tx.runCompiled(q);
  }

  /**
   * `mark`'s statements, for a writer that sends them with its own (a push batch: StoreTx.writeBatch), and
   * the count after the commit asked for. Call it where the writer holds its lock (under it, the count's
   * transaction waits for the writer's commit, as after `mark`).
   */
  marking(written: readonly StoredRecord[]): CompiledQuery[] {
    const rows = written.filter((r) => COUNTED.has(r.entity)).map((r) => ({ entity: r.entity, record_id: r.id }));
    if (rows.length === 0) return [];
    const db = countedDb(this.store);
    const out = this.store.kind === 'postgres' ? [insertDueArrays(db, this.store.schemaName, rows)] : inChunks(rows, 400).map((c) => insertDue(db, c));
    this.soon();
    return out;
  }

  /**
   * After a commit: the households it wrote, whose parse (sync/parsed-values.ts) the count then takes
   * instead of parsing them again (SPEC I2), if the stored row is still that write (same version and
   * time). Called only once the write is committed, so nothing rolled back is ever taken for stored.
   */
  remember(written: Iterable<StoredRecord>): void {
    for (const r of written) {
      if (r.entity !== PARSE_KEPT || r.deleted) continue;
      const value = parsedValueOf(r.fields);
      if (value === undefined) continue;
      if (this.pushed.size >= MAX_REMEMBERED && !this.pushed.has(r.id)) return;
      this.pushed.set(r.id, { version: r.version, updatedAt: Date.parse(r.updatedAt), value });
    }
  }

  /**
   * Counts every mark committed before this call (and any that arrive meanwhile). Callers at once share
   * one pass; one arriving while a pass runs waits for the pass after it, which looks again.
   */
  drain(): Promise<void> {
    if (!this.current) return this.start(true);
    this.next ??= this.current.catch(() => undefined).then(() => {
      this.next = null;
      return this.start(true);
    });
    return this.next;
  }

  /** Stops the pending timer (store close). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.holdAfterCommit = true;
  }

  /** When the passes running or queued have ended (their errors are the drainers'). */
  async settled(): Promise<void> {
    while (this.current || this.next) await (this.next ?? this.current)!.catch(() => undefined);
  }

  private soon(): void {
    if (this.holdAfterCommit) return;
    const now = Date.now();
    if (!this.timer) this.waitingSince = now;
    else if (now - this.waitingSince >= MAX_WAIT_MS) return; // waited long enough: the timer set stands
    else clearTimeout(this.timer);
    // Fired after the writer's commit: its transaction holds the lock (or the store's one writer) until then,
    // and the drain's transaction waits for it. So the first look is inside the lock, not a read beside it.
    this.arm();
  }

  private arm(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.busy() && Date.now() - this.waitingSince < MAX_DEFER_MS) {
        // Pushes are being applied: count once they are done (the timer looks again; a new mark re-arms it too).
        this.arm();
        return;
      }
      const run = () => this.start(false);
      const p = this.current ? (this.next ??= this.current.catch(() => undefined).then(() => ((this.next = null), run()))) : run();
      p.catch((e: unknown) => console.error('counting failed; the marks stay for the next drain', e));
    }, QUIET_MS);
    this.timer.unref?.();
  }

  private start(lookFirst: boolean): Promise<void> {
    const p = this.loop(lookFirst).finally(() => {
      if (this.current === p) this.current = null;
    });
    this.current = p;
    return p;
  }

  private async loop(lookFirst: boolean): Promise<void> {
    const db = countedDb(this.store);
    for (let first = true; ; first = false) {
      // The cheap look on committed data, so a reader with nothing due takes no lock.
      if ((lookFirst || !first) && (await this.store.queryCompiled(selectAnyDue(db))).length === 0) return this.pushed.clear();
      const started = performance.now();
      if ((await this.batch()) === 0) return this.pushed.clear();
      const took = performance.now() - started;
      // A pause between batches as long as the batch took (at most PAUSE_MAX_MS): on SQLite every statement
      // is synchronous, so a count of tens of thousands of marks (after a large load, or once MAX_DEFER_MS
      // has held it back) otherwise keeps every request waiting until its last batch. One turn of the event
      // loop was not enough: a request needs one per I/O completion (a static file a dozen), so each waited
      // a dozen batches (4–8 s per request after a 50,000-household load; issue 14, seventh session).
      // Two turns first, in which what arrived during the batch is read (a request's hooks run, an I/O
      // completion starts the next): the pause is taken only when something then waits. With nothing
      // waiting it was idle time — 1.4 s of the 3.5 s a count took after the ingest bench's 10,000 records
      // (issue 14, sixteenth session).
      await nextTurn();
      await nextTurn();
      if (this.serving() || ioPending()) {
        this.pauses += 1;
        await new Promise<void>((resolve) => setTimeout(resolve, Math.min(PAUSE_MAX_MS, took)));
      }
    }
  }

  /** One transaction: the oldest marks, the counted rows of their records as they are now, the marks deleted. */
  private async batch(): Promise<number> {
    // Remembered for one batch only: a process-long memo would hold every ID number ever counted.
    const keyOf = memo(await (this.keyOf ??= this.store.getServerSecret('id_hmac').then(makeIdHmac)));
    return this.store.transaction(
      async (tx) => {
        const io = countIo(tx, this.store);
        // A household this process pushed is counted from the push's parse while the stored row is still that
        // write (same version and time): its fields are then not read at all (SPEC I2).
        const pushParse = (r: RecordHead) => {
          const p = r.entity === PARSE_KEPT && !r.deleted ? this.pushed.get(r.id) : undefined;
          return p && p.version === r.version && p.updatedAt === Date.parse(r.updatedAt) ? (p.value as object) : undefined;
        };
        const { marks, records, fromPush, keys: oldKeys } = await io.due(BATCH, pushParse);
        if (marks.length === 0) return 0;
        const keys = new Map(marks.map((d) => [`${d.entity}\u0000${d.recordId}`, { entity: d.entity, id: d.recordId }]));
        const found = new Map<string, CountedRecord>();
        for (const r of records) found.set(`${r.entity}\u0000${r.id}`, r);
        for (const r of fromPush) {
          seedCountedHousehold(r, r.fields);
          this.reusedParses += 1;
        }
        // A record no longer stored counts as deleted (its rows go).
        const written = [...keys].map(([k, { entity, id }]) => found.get(k) ?? { entity, id, deleted: true, fields: {}, township: null, version: 0, updatedAt: '' });
        const households = await recountHouseholds(io, written, oldKeys, keyOf);
        const relief = await recountRelief(io, written);
        await io.write({ ...noWrites(), ...households, ...relief, due: marks.map((d) => d.id) });
        for (const { entity, id } of keys.values()) if (entity === 'household') this.pushed.delete(id);
        this.drained += 1;
        return marks.length;
      },
      { lock: 'first' },
    );
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Libuv requests of this thread still waiting to complete — file-system calls, DNS look-ups, socket
 * writes, connects and shutdowns (their resource names: FSReqCallback, FSReqPromise, GetAddrInfoReqWrap,
 * WriteWrap …) — as opposed to the handles a quiet server always holds (its listening socket, idle
 * keep-alive sockets, timers, message ports).
 */
function ioPending(): boolean {
  return process.getActiveResourcesInfo().some((r) => /Req|^(WriteWrap|ShutdownWrap|ConnectWrap|SendWrap|QueryWrap)$/.test(r));
}

function memo(f: PersonKeyOf): PersonKeyOf {
  const m = new Map<string, string>();
  return (id) => {
    let k = m.get(id);
    if (k === undefined) m.set(id, (k = f(id)));
    return k;
  };
}

const counters = new WeakMap<Store, Counter>();

/** The process's counter of this store (one per store object: a second server process has its own). */
export function counterOf(store: Store): Counter {
  let c = counters.get(store);
  if (c) return c;
  const counter = (c = new Counter(store));
  counters.set(store, counter);
  // Closing the store first stops the pending count and lets a running pass end, so nothing runs on a
  // closed store (what is left stays marked for the next start). Wrapped here, not in every store, as
  // only a store that has a counter needs it.
  const close = store.close.bind(store);
  store.close = async () => {
    counter.stop();
    await counter.settled();
    await close();
  };
  return counter;
}

/** SPEC D9: every reader of counted rows calls this first. */
export const drainCounting = (store: Store): Promise<void> => counterOf(store).drain();
