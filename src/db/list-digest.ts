import { open } from '../security/seal';
import type { HouseholdListItem } from './contracts';
import { emptyLog, readLog, type DigestLog } from './digest-log';
import { deleteAllParts, partOf, readCopy, readOnDisk, sealPart, writePart, type OnDisk, type PartEntry } from './digest-parts';
import { keyOf, StoredHousehold } from './digest-rows';
import { buildSnapshot, candidates, inListOrder, inOrder, MAX_CHANGED_SINCE, type Snapshot } from './digest-snapshot';
import type { DigestStats, DigestTiming } from './digest-stats';
import { SharedStrings } from './digest-strings';
import { foregroundIdle } from './foreground';
import { AppError } from './contracts';
import { clearRowOf, digestMatches, digestOf, digestOfWritten, withInitials, type DigestedHousehold, type HouseholdPage, type WrittenRecord } from './household-list';
import { loadPinyin } from './pinyin-initials';
import { watchRecordWrites } from './record-cache';
import type { Fields } from './record-fields';
import type { RecordRow, UserDb } from './user-db';
import type { WriteAccount } from './write-account';

// The tablet bench imports the digest's stats from here (test/bench/tablet).
export type { DigestStats } from './digest-stats';

/** Rows read and decrypted per step of the warm-up (one bulk read each). */
export const DIGEST_CHUNK = 250;
/** Record writes must have stopped this long before the warm-up (re)starts: a first sync's pages go first. */
export const DIGEST_QUIET_MS = 1500;

/**
 * A round of rewriting the changed parts (N11) begins at most this often. A save changes one part, and
 * rewriting it seals and writes a 32nd of the digest (~0.8 MB at 50,000 households, tablet-issue18.md,
 * eighteenth session): once per 30 s of saves that is well under 1% of the time, while a lock loses at
 * most the last 30 s of changes, which the next unlock decrypts again (a few rows). The first round after
 * the warm-up waits for nothing but the warm-up's idle conditions, so the next unlock finds the copy.
 */
export const DIGEST_PERSIST_EVERY_MS = 30_000;
/** The first pass after unlock restores the sealed copy once lists and searches have paused this long (N11). */
export const DIGEST_RESTORE_AFTER_MS = 500;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** An answer's row: a copy, so that what the screen does with it never reaches the digest (a restored household's row parsed now, once). */
const copy = (h: DigestedHousehold): HouseholdListItem => ({ ...h.item });

/** Each stored row's rev, and what the list needs of it when it is a household we can read (else null). */
interface Entry {
  rev: number;
  h: DigestedHousehold | null;
}

/**
 * The household list digest (SPEC N10): in memory, while unlocked, what the list and the search read of
 * every household (digestOf), so that once it is complete a search reads no row and decrypts nothing.
 * Built after unlock in steps of DIGEST_CHUNK rows (one bulk read, decrypted together), yielding to the
 * worker's saves and searches (foreground.ts) and waiting while records are being written in bulk (a
 * first sync's pages). Kept current as RecordCache is: Dexie's 'storagemutated' names the changed ids
 * (re-read before the next answer, or by the catch-up), and a wide write (a range) makes it incomplete
 * until its `[id+rev]` keys are compared again and the changed rows re-read. Until complete, an answer
 * waits for it, hurrying it (whenCurrent); a writer feeds it what it wrote (feed). `clear()` on lock. Its sealed copy on disk
 * (N11, digest-parts.ts) lets the first pass after unlock start from the entries the last session wrote.
 */
export class ListDigest {
  private entries = new Map<string, Entry>();
  /** Every row on disk has its entry at its rev, but the ids in `dirty` (set after a full comparison). */
  private complete = false;
  /** A wide write was seen since the last comparison began. */
  private wide = true;
  private dirty = new Set<string>();
  private lastWrite = Number.NEGATIVE_INFINITY;
  /** When a list or search last asked the digest (or began it): the restore waits for a pause in them (N11). */
  private lastAsked = Number.NEGATIVE_INFINITY;
  private unwatch: (() => void) | null = null;
  /** One update of the entries at a time (the warm-up's steps, a search's catch-up). */
  private lock: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private running: Promise<void> | null = null;
  private waiters: (() => void)[] = [];
  /** Ends the warm-up's wait for writes to pause (ready({ now }), clear). */
  private wake: (() => void) | null = null;
  /** ready({ now }) was asked: the warm-up no longer waits for writes to pause (tests). */
  private eager = false;
  /** The first list or search (or ready) since unlock has begun the background work (start). */
  private started = false;
  private counts = { rowsRead: 0, decrypted: 0, answered: 0, checked: 0, steps: 0, stepMs: 0, restored: 0, restoreMs: 0, restoreReadMs: 0, restoreOpenMs: 0, restoreParseMs: 0, restoreInflateMs: 0, restoreBytes: 0, restoreLoopMs: 0, rebuildMs: 0, compared: 0, compareMs: 0, logRead: 0, partsWritten: 0, persistMs: 0 };
  /** N11: the sealed copy was read (once, at the first pass after unlock). */
  private restoredOnce = false;
  /** N11: the parts whose entries changed since they were written (or that were never written). */
  private partsDirty = new Set<number>();
  /**
   * N11: the round of writes under way: what it read of the disk, the parts it has still to write, and
   * whether it may empty the write log once they are written (every part it had to write was true to the
   * disk); when it began.
   */
  private round: { disk: OnDisk; parts: number[]; clean: boolean } | null = null;
  private roundAt = Number.NEGATIVE_INFINITY;
  /**
   * N11: the write log may name records (or say nothing): a round is due even with no part changed, to
   * empty it. False only once a round emptied it (or the restore found it whole and empty) and no record
   * write was heard since.
   */
  private logDue = true;
  /**
   * N11: the log's `seq` when the digest last held every record on disk at its rev, read with the keys it
   * compared (or the copy it restored through a whole log): a round that finds the same `seq` (no write
   * since) need not read the `[id+rev]` keys again (2 s at 50,000 quiet, 25 s beside a first sync's
   * writes: tablet-issue18.md, nineteenth session). Null: none.
   */
  private verifiedSeq: number | null = null;
  /** N11: a write of the copy failed (a full disk): the copy is deleted and not written again until the next unlock. */
  private persistOff = false;
  private savedWaiters: (() => void)[] = [];
  /** Ends the wait for the next round (a write, ready({ now }), clear). */
  private persistWake: (() => void) | null = null;
  /** The households' strings in two long texts, scanned with indexOf (one call finds every match); null until built. */
  private snapshot: Snapshot | null = null;
  /** Ids whose entry changed (or went) since the snapshot was built: their snapshot entry is skipped, their current one checked alone. */
  private changedSince = new Set<string>();
  /**
   * Households whose row failed to open at their rev (h: null): opened again before each answer, as
   * RecordCache retries them, so a failure that passes (not a tampered row) hides no household for long.
   */
  private unopened = new Set<string>();
  /** Wide writes seen since unlock, and whether the digest was complete before the last one (feed's `wrote`). */
  private wideWrites = 0;
  private completeBeforeWide = false;
  /** Searches waiting for the digest to complete (whenCurrent), and what hurries the background work for them. */
  private waiting = 0;
  private hurry = deferred();

  constructor(
    private readonly db: UserDb,
    private readonly dataKey: CryptoKey,
    private readonly timing: DigestTiming,
  ) {}

  private watch(): void {
    if (this.unwatch) return;
    this.unwatch = watchRecordWrites(this.db, (ids) => {
      this.lastWrite = this.timing.now();
      if (ids === null) {
        this.wideWrites++;
        this.completeBeforeWide = this.complete;
        this.wide = true;
        this.complete = false;
      } else for (const id of ids) this.dirty.add(id);
      this.logDue = true;
      this.persistWake?.(); // the changed rows are caught up first, then the round's wait goes on
      if (this.started) this.kick();
    });
  }

  private exclusive<T>(step: () => Promise<T>): Promise<T> {
    const p = this.lock.then(step);
    this.lock = p.catch(() => undefined);
    return p;
  }

  private put(id: string, e: Entry, unopened = false): void {
    this.entries.set(id, e);
    this.partsDirty.add(partOf(id));
    this.changedSince.add(id);
    if (unopened) this.unopened.add(id);
    else this.unopened.delete(id);
  }

  private drop(id: string): void {
    if (this.entries.delete(id)) {
      this.changedSince.add(id);
      this.partsDirty.add(partOf(id));
    }
    this.unopened.delete(id);
  }

  /** Whether the entry of `id` stands for its row at `rev` (read at that rev, and opened if a household). */
  private holds(id: string, rev: number): boolean {
    return this.entries.get(id)?.rev === rev && !this.unopened.has(id);
  }

  /** Re-reads `ids` in one bulk read; decrypts the households whose rev changed. */
  private async refresh(ids: string[]): Promise<void> {
    const t0 = this.timing.now();
    const rows = await this.db.records.bulkGet(ids);
    if (this.stopped) return;
    this.counts.rowsRead += ids.length;
    const stale: RecordRow[] = [];
    rows.forEach((row, i) => {
      if (!row) this.drop(ids[i]!);
      else if (this.holds(row.id, row.rev)) return;
      else if (row.entity !== 'household') this.put(row.id, { rev: row.rev, h: null });
      else stale.push(row);
    });
    const opened = await Promise.all(stale.map((r) => open<Fields>(this.dataKey, r.id, r.sealed).catch(() => null)));
    if (this.stopped) return;
    opened.forEach((fields, i) => {
      const row = stale[i]!;
      // A row we cannot open (another key, tampered) is never shown, and is tried again.
      this.put(row.id, { rev: row.rev, h: fields ? this.strings.share(digestOf({ row: clearRowOf(row), fields })) : null }, !fields);
    });
    this.counts.decrypted += stale.length;
    this.counts.steps++;
    this.counts.stepMs += this.timing.now() - t0;
  }

  /** The changed ids, re-read (in steps when many). A failed read leaves them changed. */
  private async catchUp(limit = Infinity): Promise<void> {
    while (this.dirty.size > 0 && !this.stopped) {
      const ids = [...this.dirty].slice(0, Math.min(limit, DIGEST_CHUNK));
      for (const id of ids) this.dirty.delete(id);
      try {
        await this.refresh(ids);
      } catch (e) {
        for (const id of ids) this.dirty.add(id);
        throw e;
      }
      if (limit !== Infinity) return;
    }
  }

  /**
   * One comparison of every `[id+rev]` key with the entries, then the changed rows read in steps. The
   * first pass after unlock starts from the sealed copy (N11): when its write log is whole, the ids it
   * names are read and the digest is complete with no comparison; else (no copy, an overflowed log, a
   * part missing or unreadable) the comparison runs as at any pass. So that the digest is ready about a
   * second after unlock, the restore (one bulk read, 32 decryptions, the log's few rows) and, when the
   * copy held entries, the comparison do not wait for writes to pause (not a first sync's way); the
   * restore waits for the worker's searches to pause (searchesPaused); the decrypting steps still wait.
   */
  private async pass(): Promise<void> {
    if (this.restoredOnce) await this.yieldToWorker();
    else await this.searchesPaused();
    // Complete again meanwhile (a pull's page fed whole, feed): nothing to compare.
    if (this.stopped || (this.complete && !this.wide)) return;
    // Initials computed once here, not per search (pinyin-initials.ts; tens of µs a name). A failed load: names only.
    // Loaded while the copy is read (the restore computes none; what is read after it does).
    const pinyin = loadPinyin().catch(() => undefined);
    if (!this.restoredOnce) {
      this.restoredOnce = true;
      // Begun before the copy is read: a write committed after it lands in `dirty`, or sets `wide`;
      // one committed before it is in the log it reads (the log is written in the write's transaction).
      // Entries fed before it (a save, a first sync's pages) stay: the restore keeps the later rev.
      this.wide = false;
      this.dirty.clear();
      const copy = await this.exclusive(() => this.restore());
      await pinyin;
      if (this.stopped) return;
      if (copy.toRead && (await this.readLogged(copy.toRead, copy.seq))) return;
      // No copy: every row is to be read, so the comparison waits for writes to pause as it always did.
      if (this.entries.size === 0) await this.yieldToWorker();
      if (this.stopped) return;
    }
    await pinyin;
    if (this.stopped) return;
    // Begun before reading: a write committed meanwhile lands in `dirty`, or sets `wide` again.
    this.wide = false;
    this.dirty.clear();
    const t0 = this.timing.now();
    const [keys, log] = (await this.exclusive(() =>
      this.db.transaction('r', [this.db.records, this.db.meta, this.db.digestLog], () => Promise.all([this.db.records.orderBy('[id+rev]').keys(), readLog(this.db)])),
    )) as unknown as [[string, number][], DigestLog | undefined];
    const seen = new Set<string>();
    const stale: string[] = [];
    for (const [id, rev] of keys) {
      seen.add(id);
      if (!this.holds(id, rev)) stale.push(id);
    }
    for (const id of [...this.entries.keys()]) if (!seen.has(id)) this.drop(id);
    this.counts.compared++;
    this.counts.compareMs += this.timing.now() - t0;
    for (let i = 0; i < stale.length; i += DIGEST_CHUNK) {
      if (this.stopped || this.wide) return;
      await this.yieldToWorker();
      if (this.stopped || this.wide) return;
      const ids = stale.slice(i, i + DIGEST_CHUNK);
      try {
        await this.exclusive(() => this.refresh(ids));
      } catch {
        for (const id of ids) this.dirty.add(id);
      }
    }
    if (this.stopped || this.wide) return;
    this.completed(log?.seq ?? 0);
  }

  /** Complete; `seq`: the log's, read with what the digest compared or restored (verifiedSeq). */
  private completed(seq: number): void {
    this.verifiedSeq = seq;
    this.rebuild();
    this.complete = true;
    for (const w of this.waiters.splice(0)) w();
  }

  /**
   * N11, a whole log: reads the ids it names (and the parts' omitted ones), a few rows as a rule, at
   * once (DIGEST_CHUNK a bulk read): a row gone drops its entry, a changed one is decrypted again. Then
   * the digest is complete, unless a wide write came meanwhile (false: the comparison runs).
   */
  private async readLogged(ids: string[], seq: number): Promise<boolean> {
    this.counts.logRead += ids.length;
    for (let i = 0; i < ids.length && !this.stopped; i += DIGEST_CHUNK) {
      const chunk = ids.slice(i, i + DIGEST_CHUNK);
      try {
        await this.exclusive(() => this.refresh(chunk));
      } catch {
        for (const id of chunk) this.dirty.add(id);
      }
    }
    if (this.stopped || this.wide) return false;
    // The log read was whole and now named nothing still to read: no round is due for it until a write.
    if (ids.length === 0) this.logDue = this.dirty.size > 0;
    this.completed(seq);
    return true;
  }

  /** One string for what many households hold alike (digest-strings.ts). Cleared on lock with the entries. */
  private strings = new SharedStrings();

  /**
   * N11: the entries of the sealed copy, at the revs they were read at (not counted as decrypted), and
   * the ids to read when its write log is whole (else null: compare every key). A copy that cannot be
   * read is no copy: the pass reads every row then, as at a first unlock.
   */
  private async restore(): Promise<{ toRead: string[] | null; seq: number }> {
    const t0 = this.timing.now();
    // Each part's entries go into the map as it is opened, while the next parts are still being read.
    const take = (stored: PartEntry[]) => {
      if (this.stopped) return;
      const t1 = performance.now();
      // Keyed by the entry's own id string when it has one: the parsed copy holds the id twice otherwise
      // (a format 2 part holds it once, its row not parsed: the strings in its columns are one a part already).
      for (const [id, rev, h] of stored) {
        if (this.fedAt(id, rev)) continue;
        if (!h || h instanceof StoredHousehold) this.entries.set(id, { rev, h });
        else this.entries.set(h.item.id === id ? h.item.id : id, { rev, h: this.strings.share(h) });
      }
      this.counts.restored += stored.length;
      this.counts.restoreLoopMs += performance.now() - t1;
    };
    const { toRead, seq, old, timing } = await readCopy(this.db, this.dataKey, take).catch(() => ({ toRead: null, seq: 0, old: [], timing: null }));
    if (this.stopped) return { toRead: null, seq };
    // Sealed in format 1 (plain or deflated JSON): written again at the next round in format 2 (read faster at the next unlock).
    for (const part of old) this.partsDirty.add(part);
    this.counts.restoreMs += this.timing.now() - t0;
    if (timing) {
      this.counts.restoreReadMs += timing.readMs;
      this.counts.restoreOpenMs += timing.openMs;
      this.counts.restoreParseMs += timing.parseMs;
      this.counts.restoreInflateMs += timing.inflateMs;
      this.counts.restoreBytes += timing.bytes;
    }
    return { toRead, seq };
  }

  /**
   * N11: the disk as the round begins (digest-parts.ts readOnDisk), and its parts checked against it: a
   * part is written only if the digest holds every record of it at its rev on disk and nothing else (a
   * tab not yet told of another tab's write would seal an old entry, and the log emptied by that tab no
   * longer names it). A part that differs is left for the next round, its records read again; the round
   * then cannot empty the log.
   */
  private async readRound(): Promise<{ disk: OnDisk; parts: number[]; clean: boolean }> {
    const disk = await readOnDisk(this.db, this.partsDirty, this.verifiedSeq);
    if (!disk.revs) return { disk, parts: [...disk.parts].sort((a, b) => b - a), clean: true };
    const differs = new Set<number>();
    for (const [id, rev] of disk.revs) {
      if (this.entries.get(id)?.rev === rev) continue;
      this.dirty.add(id);
      differs.add(partOf(id));
    }
    for (const id of this.entries.keys()) {
      const part = partOf(id);
      if (!disk.parts.has(part) || disk.revs.has(id)) continue;
      this.dirty.add(id); // gone from disk: read again, dropped
      differs.add(part);
    }
    for (const part of differs) this.partsDirty.add(part);
    const parts = [...disk.parts].filter((p) => !differs.has(p)).sort((a, b) => b - a);
    return { disk, parts, clean: differs.size === 0 };
  }

  /**
   * N11: rewrites one part of the sealed copy, once writes have paused, in a round begun at most every
   * DIGEST_PERSIST_EVERY_MS; once the round's parts are written, empties the write log if no record was
   * written since the round read the disk. Best-effort: a failure (a full disk) deletes the copy and ends
   * writing it until the next unlock; nothing of it reaches the worker or a save.
   */
  private async persistStep(): Promise<void> {
    if (!this.round) {
      const wait = this.roundAt + DIGEST_PERSIST_EVERY_MS - this.timing.now();
      if (wait > 0 && !this.eager) {
        await Promise.race([this.timing.sleep(wait), new Promise<void>((resolve) => (this.persistWake = resolve))]);
        this.persistWake = null;
        if (this.timing.now() < this.roundAt + DIGEST_PERSIST_EVERY_MS && !this.eager) return;
      }
      await this.yieldToWorker();
      if (this.stopped || !this.complete || this.dirty.size > 0) return;
      this.roundAt = this.timing.now();
      const t0 = this.timing.now();
      try {
        this.round = await this.readRound();
      } catch {
        await this.persistFailed();
      }
      this.counts.persistMs += this.timing.now() - t0;
      return;
    }
    await this.yieldToWorker();
    if (this.stopped || !this.complete || this.dirty.size > 0) return;
    const round = this.round;
    const t0 = this.timing.now();
    try {
      const part = round.parts.pop();
      if (part === undefined) {
        this.round = null;
        if (round.clean && (await emptyLog(this.db, round.disk.seq))) this.logDue = false;
        return;
      }
      // Taken before sealing: an entry changed meanwhile marks the part again, for the next round.
      this.partsDirty.delete(part);
      const entries: PartEntry[] = [];
      const omitted: string[] = [];
      const gone: string[] = [];
      for (const [id, e] of this.entries) {
        if (partOf(id) !== part) continue;
        if (!round.disk.ids.has(id)) gone.push(id);
        // A household not opened, or whose initials were not computed, is left out and named: the next unlock reads it.
        else if (this.unopened.has(id) || (e.h && e.h.initials === null)) omitted.push(id);
        else entries.push([id, e.rev, e.h]);
      }
      // In N7's order: restored a part after another, the snapshot's sort then merges 32 ordered runs
      // (V8's sort finds them) instead of ordering every household anew (the first answer after unlock waits for it).
      entries.sort(inListOrder);
      const sealed = gone.length === 0 && entries.length + omitted.length > 0 ? await sealPart(this.dataKey, part, entries, omitted) : null;
      if (this.stopped) return;
      if (gone.length > 0 || !(await writePart(this.db, part, round.disk, sealed))) {
        // Records written or deleted since the round read the disk (by another tab, not heard of yet):
        // read again, and the part written at the next round, from a new look at the disk.
        for (const id of gone) this.dirty.add(id);
        this.partsDirty.add(part);
        this.endRound();
      } else if (sealed) this.counts.partsWritten++;
    } catch {
      await this.persistFailed();
    } finally {
      this.counts.persistMs += this.timing.now() - t0;
    }
  }

  /** N11: a write of the copy failed (a full disk): the copy is deleted and not written again until the next unlock. */
  private async persistFailed(): Promise<void> {
    this.persistOff = true;
    this.partsDirty.clear();
    this.endRound();
    await deleteAllParts(this.db);
  }

  private endRound(): void {
    this.round = null;
  }

  /** Whether a part waits to be written, or the write log to be emptied (N11). */
  private persistDue(): boolean {
    return !this.persistOff && (this.partsDirty.size > 0 || this.logDue || this.round !== null);
  }

  /**
   * N11: waits until no save or search is in flight and none was asked for DIGEST_RESTORE_AFTER_MS: the
   * restore's bulk read and decryption (0.85 s at 50,000) begin when a worker typing a query pauses, not
   * between two of its searches.
   */
  private async searchesPaused(): Promise<void> {
    await new Promise<void>((resolve) => globalThis.setTimeout(resolve, 0));
    for (;;) {
      if (this.waiting > 0) return;
      await Promise.race([foregroundIdle(this.db), this.hurried()]);
      const wait = this.lastAsked + DIGEST_RESTORE_AFTER_MS - this.timing.now();
      if (wait <= 0 || this.stopped || this.eager || this.waiting > 0) return;
      await Promise.race([this.timing.sleep(wait), new Promise<void>((resolve) => (this.wake = resolve)), this.hurried()]);
      this.wake = null;
    }
  }

  /** Waits until no save or search is in flight, no sync runs and no record was written for DIGEST_QUIET_MS. */
  private async yieldToWorker(): Promise<void> {
    // A task boundary first: the screen's events and timers run between two steps.
    await new Promise<void>((resolve) => globalThis.setTimeout(resolve, 0));
    for (;;) {
      if (this.waiting > 0) return;
      await Promise.race([foregroundIdle(this.db), this.hurried()]);
      const syncing = this.timing.syncing?.() ?? false;
      const wait = syncing ? DIGEST_QUIET_MS : this.lastWrite + DIGEST_QUIET_MS - this.timing.now();
      if (wait <= 0 || this.stopped || this.eager || this.waiting > 0) return;
      await Promise.race([this.timing.sleep(wait), new Promise<void>((resolve) => (this.wake = resolve)), this.hurried()]);
      this.wake = null;
    }
  }

  /** The snapshot of every household held now (its changes since then: none). */
  private rebuild(): void {
    const t0 = performance.now();
    const list: DigestedHousehold[] = [];
    // Initials of households fed before pinyin loaded (a save's), computed now that it has: once, not per search.
    for (const e of this.entries.values()) if (e.h) list.push(e.h.initials === null ? withInitials(e.h) : e.h);
    this.snapshot = buildSnapshot(list);
    this.changedSince.clear();
    this.counts.rebuildMs += performance.now() - t0;
  }

  /** Starts the background work if there is some and none runs: the warm-up, or the catch-up of changed rows. */
  private kick(): void {
    if (this.running || this.stopped) return;
    const run = (async () => {
      while (!this.stopped && (!this.complete || this.dirty.size > 0 || this.persistDue())) {
        if (!this.complete) await this.pass();
        else if (this.dirty.size > 0) {
          await this.yieldToWorker();
          if (this.stopped || !this.complete) continue;
          await this.exclusive(() => this.catchUp(DIGEST_CHUNK)).catch(() => undefined);
        } else await this.persistStep();
      }
      for (const w of this.savedWaiters.splice(0)) w();
    })();
    this.running = run.catch(() => undefined).finally(() => {
      this.running = null;
    });
  }

  /**
   * At unlock: notes record writes from now on (the warm-up waits until they pause), starting nothing and
   * setting no timer. A worker who never lists or searches households pays no warm-up (~12 s of steps at
   * 50,000 households, and ~0.8 KB of heap a household: tablet-issue18.md, seventeenth session).
   */
  observe(): void {
    this.watch();
  }

  /**
   * Begins the warm-up in the background at the first list or search after unlock, DIGEST_QUIET_MS after
   * it as after a write (the worker is busy with the list then, and a first sync may be about to start);
   * later calls do nothing.
   */
  start(): void {
    this.watch();
    if (this.started) return;
    this.started = true;
    this.lastWrite = Math.max(this.lastWrite, this.timing.now());
    this.lastAsked = this.timing.now();
    this.kick();
  }

  /**
   * Resolves when the digest is complete (tests, the bench). With `now`, the warm-up does not wait for
   * record writes to pause (tests: the session's timers are manual).
   */
  async ready(options: { now?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.watch();
    this.started = true;
    if (options.now) {
      this.eager = true;
      this.wake?.();
      this.persistWake?.();
    }
    if (this.complete) return;
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.kick();
    await done;
  }

  /**
   * Resolves when the digest is complete and its sealed copy written (N11), or writing it failed (tests,
   * the bench: the next unlock finds the copy). Like ready(), it begins the warm-up if not begun.
   */
  async saved(): Promise<void> {
    await this.ready();
    if (this.stopped || (this.complete && this.dirty.size === 0 && !this.persistDue())) return;
    const done = new Promise<void>((resolve) => this.savedWaiters.push(resolve));
    this.kick();
    await done;
  }

  /**
   * Brings the digest up to date for an answer; false when it is not complete (a wide write came). Every
   * changed row is read (decrypted only if no writer fed it at its rev); a failed read fails the answer.
   */
  private async current(): Promise<boolean> {
    if (this.stopped || !this.complete) return false;
    // Through the lock even with nothing changed: a catch-up step may hold ids it took and has not stored yet.
    await this.exclusive(async () => {
      await this.catchUp();
      if (this.unopened.size > 0) await this.refresh([...this.unopened]);
    });
    if (!this.complete || this.stopped) return false;
    if (!this.snapshot || this.changedSince.size > MAX_CHANGED_SINCE) this.rebuild();
    return true;
  }

  /**
   * The matches of `text` (N4's check) in the list's order (N7): every one, or with `limit` the first `limit` + 1
   * (enough to say whether more exist); null when not complete. The snapshot is in N7's order, so its
   * candidates are checked in that order and the checking stops there; what changed since it is checked
   * entry by entry and merged in.
   */
  private async matches(text: string, eventId?: string, limit = Infinity): Promise<DigestedHousehold[]> {
    this.lastAsked = this.timing.now();
    await this.whenCurrent();
    this.counts.answered++;
    const snap = this.snapshot!;
    const order = candidates(snap, text);
    const wanted = (h: DigestedHousehold) => {
      if (eventId && keyOf(h).eventId !== eventId) return false;
      this.counts.checked++;
      return digestMatches(h, text);
    };
    const found: DigestedHousehold[] = [];
    const count = order ? order.length : snap.list.length;
    for (let k = 0, last = -1; k < count && found.length <= limit; k++) {
      const i = order ? order[k]! : k;
      if (i === last) continue; // in both texts
      last = i;
      const h = snap.list[i]!;
      if (!this.changedSince.has(keyOf(h).id) && wanted(h)) found.push(h);
    }
    // What changed since the snapshot: each current entry checked by itself, then merged in N7's order.
    const changed: DigestedHousehold[] = [];
    for (const id of this.changedSince) {
      const h = this.entries.get(id)?.h;
      if (h && wanted(h)) changed.push(h);
    }
    if (changed.length === 0) return found;
    return [...found, ...changed].sort(inOrder).slice(0, limit + 1);
  }

  /** One page of a search (N7): the first `limit` matches, and whether another exists. Waits until complete. */
  async page(text: string, eventId: string | undefined, limit: number): Promise<HouseholdPage> {
    const found = await this.matches(text, eventId, limit);
    return { items: found.slice(0, limit).map(copy), more: found.length > limit };
  }

  /** The whole list (households.list). Waits until complete. */
  async list(text: string, eventId?: string): Promise<HouseholdListItem[]> {
    return (await this.matches(text, eventId)).map(copy);
  }

  /**
   * Until the digest is complete and current, the answer waits (N10: no index to answer meanwhile): the
   * background work is hurried (no pause for searches or writes, no wait for the worker's requests, of
   * which this search is one) and the answer is given as soon as a pass completes.
   */
  private async whenCurrent(): Promise<void> {
    for (;;) {
      if (this.stopped) throw new AppError('LOCKED', 'The session is locked.');
      if (await this.current()) return;
      if (this.stopped) continue;
      this.watch();
      this.started = true;
      this.waiting++;
      this.hurry.resolve();
      this.wake?.();
      try {
        const done = new Promise<void>((resolve) => this.waiters.push(resolve));
        this.kick();
        await done;
      } finally {
        if (--this.waiting === 0) this.hurry = deferred();
      }
    }
  }

  /** Resolves when a search waits for the digest (at once if one does). */
  private hurried(): Promise<void> {
    return this.waiting > 0 ? Promise.resolve() : this.hurry.promise;
  }

  /** Whether the entry of `id` was fed (or read) at `rev` or later: an older copy does not replace it. */
  private fedAt(id: string, rev: number): boolean {
    const held = this.entries.get(id);
    return !!held && held.rev >= rev && !this.unopened.has(id);
  }

  /**
   * N10: records a writer has just written (a save, a pull's page, after its transaction committed), with
   * the fields it sealed in them: their entries are taken at the revs written, exactly what reading and
   * opening the rows would give, so no pass or catch-up decrypts them (a first sync's 50,000 households
   * are not decrypted again after it). An entry held at a later rev (the row written again and read
   * since) stays. Nothing else changes: the write's own notification still marks its rows (or, a bulk
   * write, every row) for the comparison, which finds these at their revs and only reads their keys.
   * Fed before the first list or search too (a first sync comes before any): held in memory from then.
   */
  feed(written: readonly WrittenRecord[], wrote?: WriteAccount): void {
    if (this.stopped) return;
    for (const w of written) {
      const { id, rev } = w.row;
      if (this.fedAt(id, rev)) continue;
      this.put(id, { rev, h: w.row.entity === 'household' ? this.strings.share(digestOfWritten(w)) : null });
    }
    // A pull's page of 50 rows or more is a wide write (Dexie names no ids), which would make a complete
    // digest compare every key again (2.6–3.3 s at 50,000) and a waiting search wait for it, page after page
    // of a first sync. When the writer accounts for every record row its transaction wrote (`wrote`: fed,
    // deleted, or otherwise written), and that write is the only wide one since its mark, taken before the
    // transaction began (Dexie fires a transaction's notification in its commit event, before the writer's
    // code resumes, so no later write can come between), the digest is as current as before it: a digest
    // complete then stays complete. Otherwise (another wide write, or no complete digest) nothing is undone.
    if (wrote && this.wideWrites === wrote.mark + 1 && this.completeBeforeWide && !this.complete) {
      for (const id of wrote.deleted) this.drop(id);
      for (const id of wrote.touched) this.dirty.add(id);
      this.wide = false;
      this.complete = true;
      // A search that began waiting at this page's write goes on (the pass it hurried stops: nothing to compare).
      for (const w of this.waiters.splice(0)) w();
    }
  }

  /**
   * Before a first sync (a cursor of 0) into a tablet holding few records, once the digest has begun: made complete now,
   * hurried as for a waiting search (a comparison of those few keys), so that each page the sync feeds
   * keeps it complete and it is ready when the sync ends, instead of comparing every key it brought
   * (16 s at 50,000 after a first sync, tablet-issue18.md, nineteenth session). Answers nothing.
   */
  async prime(): Promise<void> {
    // Only for a worker who has listed or searched this session: unlock alone starts nothing (a worker who
    // never lists households pays for no build), and neither does a sync.
    if (!this.stopped && this.started) await this.whenCurrent();
  }

  /** The mark a writer takes before its transaction, for feed's `wrote` (the wide writes seen so far). */
  writeMark(): number {
    return this.wideWrites;
  }

  stats(): DigestStats {
    let households = 0;
    for (const e of this.entries.values()) if (e.h) households++;
    return { complete: this.complete && this.dirty.size === 0, households, rows: this.entries.size, ...this.counts, partsDirty: this.partsDirty.size };
  }

  clear(): void {
    this.stopped = true;
    this.entries.clear();
    this.strings.clear();
    this.snapshot = null;
    this.changedSince.clear();
    this.unopened.clear();
    this.dirty.clear();
    this.complete = false;
    this.unwatch?.();
    this.unwatch = null;
    this.partsDirty.clear();
    this.endRound();
    this.wake?.();
    this.persistWake?.();
    for (const w of [...this.waiters.splice(0), ...this.savedWaiters.splice(0)]) w();
  }
}
