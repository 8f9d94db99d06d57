import { fromUtf8, utf8 } from '../security/bytes';
import { openBytes, sealBytes, type Sealed } from '../security/seal';
import { readLog, readLogSeq, type DigestLog } from './digest-log';
import { keyOf, PartRows, plainOf, rowText, storedHayOf, StoredHousehold } from './digest-rows';
import type { DigestedHousehold } from './household-list';
import type { DigestPartRow, UserDb } from './user-db';

/**
 * The list digest's sealed copy (SPEC N11, Dexie version 6): its entries in DIGEST_PARTS rows, each
 * sealed with the data key, so the next unlock starts from it instead of decrypting every household.
 * A fixed number of parts chosen by a hash of the record id: a change rewrites one part (a 32nd of the
 * copy), and a record's deletion can delete the part holding it without the key (partOf needs none).
 */
export const DIGEST_PARTS = 32;
/**
 * The parts' format, with DIGEST_PARTS and partOf: a part of another format is deleted, not read (an id
 * hashed to another part would escape its deletion, N11). Format 2 (columns, the list rows as text:
 * Columns) is written; format 1 (one JSON of the entries, plain or deflated) is still read, and its
 * part written again in format 2 at the next round (Copy.old).
 */
const FORMAT = 2;
const JSON_FORMAT = 1;

export type { DigestPartRow };

/** An entry as stored: the record id, the rev it was read at, what the list reads of it (null: not a household). */
export type PartEntry = [id: string, rev: number, h: DigestedHousehold | null];

/** A part's content in format 1's shape (one JSON of it), whatever its format. */
export interface PartContent {
  format: number;
  parts: number;
  entries: PartEntry[];
  /**
   * The part's records on disk it holds no entry for (a household not opened, or whose initials were
   * not computed), so that with the write log the part accounts for every record of it (N11). Absent
   * in parts written before the log: such a part is read, but the log is not trusted with it.
   */
  omitted?: string[];
}

/** The part holding `id`'s entry: FNV-1a (32 bits) of its UTF-16 code units, stable across releases of this format. */
export function partOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % DIGEST_PARTS;
}

const aadOf = (part: number) => `digest:${part}`;

/**
 * A part's plaintext starts with this byte when it is deflated (raw; format 2 always is, format 1 was): JSON
 * starts with `{`, as every part sealed before did (still read, and rewritten, readCopy's `old`). The restore's read and
 * decryption go by the byte (~20 ms a MB read at 50,000 households, tablet-issue18.md, twentieth session).
 */
const DEFLATED = 0;

/** `bytes` through a (de)compression stream, read whole (no Blob nor Response: not every test environment has their streams). */
async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  void writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  void writer.close().catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = stream.readable.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    chunks.push(r.value);
    length += r.value.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Format 2's header (its first line, after a 2 byte): the entries' ids and revs, the households first (N7's
 * order, `hay.length` of them), and for each household its `updatedAt`, its event (an index into `events`),
 * its searched strings joined by DIGEST_SEPARATOR (as they are when none or one holds it) and its initials
 * (or, not computed, its names); then the households' list rows, one JSON array a line (digest-rows.ts),
 * parsed only when an answer shows them. The header is what the first answer after unlock waits for.
 */
interface Columns {
  format: number;
  parts: number;
  ids: string[];
  revs: number[];
  updated: string[];
  events: string[];
  event: number[];
  hay: (string | string[])[];
  initials: (string | string[])[];
  omitted: string[];
}

/** Format 2's inflated text starts with this byte (format 1's, a JSON, with `{`). */
const COLUMNS = 2;

/** `entries` (in N7's order, the households first) and `omitted` as format 2's text (Columns, then the rows). */
function columnsText(entries: PartEntry[], omitted: string[]): string {
  const c: Columns = { format: FORMAT, parts: DIGEST_PARTS, ids: [], revs: [], updated: [], events: [], event: [], hay: [], initials: [], omitted };
  const events = new Map<string, number>();
  const rows: string[] = [];
  // The households first: the header's first `hay.length` entries are households.
  for (const households of [true, false])
    for (const [id, rev, h] of entries) {
      if (!h !== !households) continue;
      c.ids.push(id);
      c.revs.push(rev);
      if (!h) continue;
      const key = keyOf(h);
      c.updated.push(key.updatedAt);
      let e = events.get(key.eventId);
      if (e === undefined) events.set(key.eventId, (e = c.events.push(key.eventId) - 1));
      c.event.push(e);
      c.hay.push(storedHayOf(h));
      c.initials.push(h.initials ?? h.names ?? []);
      rows.push(rowText(h));
    }
  return `${String.fromCharCode(COLUMNS)}${JSON.stringify(c)}\n${rows.join('\n')}`;
}

/** Format 2's entries from its inflated bytes (null: not of that format's shape). */
function fromColumns(bytes: Uint8Array, timing: CopyTiming): PartContent | null {
  const t0 = performance.now();
  try {
    let nl = bytes.indexOf(0x0a, 1);
    if (nl < 0) nl = bytes.length;
    const c = JSON.parse(fromUtf8(bytes.subarray(1, nl))) as Columns;
    const arrays = [c.ids, c.revs, c.updated, c.events, c.event, c.hay, c.initials, c.omitted];
    if (!arrays.every(Array.isArray)) return null;
    const n = c.hay.length;
    if (c.revs.length !== c.ids.length || n > c.ids.length || [c.updated, c.event, c.initials].some((a) => a.length !== n)) return null;
    const rows = PartRows.of(bytes.subarray(nl + 1), n);
    if (!rows) return null;
    const entries = new Array<PartEntry>(c.ids.length);
    for (let i = 0; i < c.ids.length; i++) {
      const id = c.ids[i]!;
      if (i >= n) {
        entries[i] = [id, c.revs[i]!, null];
        continue;
      }
      const ini = c.initials[i]!;
      const h = new StoredHousehold(id, c.updated[i]!, c.events[c.event[i]!]!, c.hay[i]!, typeof ini === 'string' ? ini : null, typeof ini === 'string' ? null : ini, rows, i);
      entries[i] = [id, c.revs[i]!, h];
    }
    return { format: c.format, parts: c.parts, entries, omitted: c.omitted };
  } catch {
    return null;
  } finally {
    timing.parseMs += performance.now() - t0;
  }
}

export async function sealPart(dataKey: CryptoKey, part: number, entries: PartEntry[], omitted: string[] = []): Promise<Sealed> {
  const deflated = await through(utf8(columnsText(entries, omitted)), new CompressionStream('deflate-raw'));
  const plain = new Uint8Array(deflated.length + 1);
  plain[0] = DEFLATED;
  plain.set(deflated, 1);
  return sealBytes(dataKey, aadOf(part), plain);
}

/**
 * A part's content from its plaintext (null: of none of the formats); whether it is of format 1 (plain or
 * deflated JSON: written again in format 2).
 */
async function contentOf(bytes: Uint8Array, timing: CopyTiming): Promise<{ content: PartContent | null; old: boolean }> {
  if (bytes[0] !== DEFLATED) return { content: jsonFormat(parsePart(bytes, timing)), old: true };
  const t0 = performance.now();
  const inflated = await through(bytes.subarray(1), new DecompressionStream('deflate-raw')).catch(() => null);
  timing.inflateMs += performance.now() - t0;
  if (!inflated) return { content: null, old: false };
  if (inflated[0] !== COLUMNS) return { content: jsonFormat(parsePart(inflated, timing)), old: true };
  const content = fromColumns(inflated, timing);
  return { content: content?.format === FORMAT ? content : null, old: false };
}

/** Format 1's content (one JSON), or null when it says another format. */
const jsonFormat = (content: PartContent | null) => (content?.format === JSON_FORMAT ? content : null);

/** A sealed part's content as readCopy hands it over (a format 2 part's households StoredHousehold, rows not parsed). */
export async function openStored(dataKey: CryptoKey, part: number, sealed: Sealed): Promise<PartContent | null> {
  return (await contentOf(await openBytes(dataKey, aadOf(part), sealed), { readMs: 0, openMs: 0, parseMs: 0, inflateMs: 0, bytes: 0 })).content;
}

/** A sealed part's content (tests): what readCopy opens, in format 1's shape (its households plain copies, rows parsed). */
export async function openPart(dataKey: CryptoKey, part: number, sealed: Sealed): Promise<PartContent | null> {
  const content = await openStored(dataKey, part, sealed);
  return content && { ...content, format: JSON_FORMAT, entries: content.entries.map(([id, rev, h]): PartEntry => [id, rev, h && plainOf(h)]) };
}

/** The row whose `deletes` every delete of records changes, in the deleting transaction. */
const DELETES = -1;

/** What the first pass after unlock starts from (N11): what the write log says of the copy's entries (handed to `take`). */
export interface Copy {
  /**
   * With a whole log (not overflowed, and every part it noted present, opened and of this format): the
   * ids whose entries may be stale or missing, the log's and the parts' omitted ones; every other
   * record on disk has its entry at its rev. Null: the log says nothing, compare every key.
   */
  toRead: string[] | null;
  /** The log's `seq` read with the parts (0: no log). */
  seq: number;
  /** Parts read in format 1 (plain JSON, sealed before parts were deflated, or deflated JSON): to be written again in format 2. */
  old: number[];
  /**
   * Where the restore's time went (ms, the bench's figures): the read (the transaction's end), from it to
   * the last part opened, and the decoding and parsing on this thread (most of it during the read).
   */
  timing: CopyTiming;
}

export interface CopyTiming {
  readMs: number;
  openMs: number;
  parseMs: number;
  /** Inflating the deflated parts (one at a time, each from its start to its end). */
  inflateMs: number;
  /** The sealed bytes read. */
  bytes: number;
}

/** A part's plaintext, decoded and parsed (null: not JSON); the time it took is added to `timing.parseMs`. */
function parsePart(bytes: Uint8Array, timing: CopyTiming): PartContent | null {
  const t0 = performance.now();
  try {
    return JSON.parse(fromUtf8(bytes)) as PartContent;
  } catch {
    return null;
  } finally {
    timing.parseMs += performance.now() - t0;
  }
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Every part's entries and the write log, in one read-only transaction (the parts and the log as one
 * moment left them). Each part is its own request, opened as it arrives while the next are read, and
 * its checked entries handed to `take` at once (a part at a time, in no fixed order). At 50,000
 * households the read and the open took ~0.7 and ~1.3 s one after the other; Chromium delivers the
 * values on this thread, so the parsing does not hide behind the read, but the decryptions (on the
 * crypto thread) do, and deflated parts are ~5.6× fewer bytes to read and decrypt (tablet-issue18.md,
 * twentieth session). A part that does not open (tampered, sealed with another key, another format) is skipped and
 * deleted (best-effort): its records are read again, as if it were absent. Should the read fail after
 * some parts were taken, their entries are still exact at their revs (the comparison checks them).
 */
export async function readCopy(db: UserDb, dataKey: CryptoKey, take: (entries: PartEntry[]) => void): Promise<Copy> {
  const t0 = performance.now();
  const timing: CopyTiming = { readMs: 0, openMs: 0, parseMs: 0, inflateMs: 0, bytes: 0 };
  const bad: number[] = [];
  const old: number[] = [];
  const omitted = new Map<number, string[] | null>();
  let inTurn = Promise.resolve();
  let live = true;
  const openPart = async (part: number, row: DigestPartRow | undefined): Promise<void> => {
    if (!row) return;
    if ('sealed' in row) timing.bytes += row.sealed.ct.byteLength;
    const bytes = 'sealed' in row ? await openBytes(dataKey, aadOf(part), row.sealed).catch(() => null) : null;
    // Inflated and parsed one part at a time, as decrypted: 32 streams at once all end together (each part
    // parsed only then, every inflated part held at once), one at a time the first part is taken early.
    const turn = inTurn;
    let done!: () => void;
    inTurn = new Promise<void>((resolve) => (done = resolve));
    await turn;
    let opened: Awaited<ReturnType<typeof contentOf>> | null = null;
    try {
      opened = bytes && (await contentOf(bytes, timing));
    } finally {
      done();
    }
    const content = opened && opened.content;
    if (!content || content.parts !== DIGEST_PARTS || !Array.isArray(content.entries)) {
      bad.push(part);
      return;
    }
    omitted.set(part, Array.isArray(content.omitted) ? content.omitted.filter((id) => typeof id === 'string' && partOf(id) === part) : null);
    if (opened?.old) old.push(part);
    if (live) take(content.entries.filter((e) => Array.isArray(e) && partOf(e[0]) === part));
  };
  // Each row is handed out of the transaction through a promise of our own and opened from there: no
  // decryption is awaited inside the transaction's zone (it asks nothing more of the transaction).
  const arrived = Array.from({ length: DIGEST_PARTS }, () => deferred<DigestPartRow | undefined>());
  const opening = arrived.map((a, part) => a.promise.then((row) => openPart(part, row)));
  const [log, beyond] = await db
    .transaction('r', [db.digest, db.meta, db.digestLog], () => {
      // A part whose read fails counts as absent (as one that does not open): its records are read again.
      for (let part = 0; part < DIGEST_PARTS; part++) void db.digest.get(part).then(arrived[part]!.resolve, () => arrived[part]!.resolve(undefined));
      // Rows past the last part (none in this format) are another format's: deleted as unreadable ones are.
      return Promise.all([readLog(db), db.digest.where('part').aboveOrEqual(DIGEST_PARTS).primaryKeys()]);
    })
    .catch((e: unknown) => {
      // A failed read hands over nothing more once it has failed: a part still opening would land after the
      // caller has gone on (to compare the keys), and could bring back an entry the comparison dropped.
      live = false;
      throw e;
    });
  timing.readMs = performance.now() - t0;
  await Promise.all(opening);
  timing.openMs = performance.now() - t0 - timing.readMs;
  bad.push(...beyond);
  if (bad.length > 0) await db.digest.bulkDelete(bad).catch(() => undefined);
  return { toRead: whole(log, omitted), seq: log?.seq ?? 0, old, timing };
}

/** N11: the ids to read when the log accounts for every record (see Copy.toRead), else null. */
function whole(log: DigestLog | undefined, omitted: Map<number, string[] | null>): string[] | null {
  if (!log || log.ids === null || !log.parts) return null;
  if (log.parts.some((p) => !omitted.has(p))) return null; // deleted (with records, or unreadable) since the log was emptied
  const ids = new Set(log.ids);
  for (const list of omitted.values()) {
    if (list === null) return null; // written before the log: its omitted households are unknown
    for (const id of list) ids.add(id);
  }
  return [...ids];
}

/** Every part's entries (tests: what the copy names), its households plain copies (rows parsed). */
export async function readParts(db: UserDb, dataKey: CryptoKey): Promise<PartEntry[]> {
  const entries: PartEntry[] = [];
  await readCopy(db, dataKey, (part) => entries.push(...part.map(([id, rev, h]): PartEntry => [id, rev, h && plainOf(h)])));
  return entries;
}

/**
 * What a round of writes checks its parts against: the record ids on disk, the deletes mark and the
 * write log's `seq` they were read with, and the revs on disk of the records of the parts it writes.
 */
export interface OnDisk {
  ids: Set<string>;
  mark: string | null;
  seq: number;
  /** The log as read (N11): its ids' parts are written in the round, all of them when it is not whole. */
  log: DigestLog | undefined;
  /** The round's parts: the parts asked for, with the log's. */
  parts: Set<number>;
  /** The rev on disk of each record of `parts`; null when not read (the log's `seq` was `verifiedSeq`). */
  revs: Map<string, number> | null;
}

const markOf = async (db: UserDb) => {
  const row = await db.digest.get(DELETES);
  return row && 'deletes' in row ? row.deletes : null;
};

/**
 * One read-only transaction: the record ids on disk (key-only), the deletes mark and the write log, then
 * the `[id+rev]` keys of the records of the round's parts (`asked`, the log's ids' parts, every part
 * when the log is not whole: each key read at most once), unless the log's `seq` is `verifiedSeq`. A record written or deleted after it changes
 * the log's `seq` (and a delete the mark), which writePart and emptyLog see.
 */
export function readOnDisk(db: UserDb, asked: Iterable<number>, verifiedSeq: number | null): Promise<OnDisk> {
  return db.transaction('r', [db.records, db.digest, db.meta, db.digestLog], async () => {
    const [keys, mark, log] = await Promise.all([db.records.toCollection().primaryKeys(), markOf(db), readLog(db)]);
    const parts = new Set(asked);
    if (!log || log.ids === null || !log.parts) for (let p = 0; p < DIGEST_PARTS; p++) parts.add(p);
    else for (const id of log.ids) parts.add(partOf(id));
    const ids = new Set(keys);
    const seq = log?.seq ?? 0;
    // No write since the digest last compared every key (or restored through a whole log) at this seq: it holds the disk.
    if (seq === verifiedSeq) return { ids, mark, seq, log, parts, revs: null };
    const revs = new Map<string, number>();
    const index = db.records.where('[id+rev]');
    const inParts = keys.filter((id) => parts.has(partOf(id)));
    // Every part: one cursor over the index; some: a jump to each of their records (a 32nd of them a part).
    const idRevs = (
      parts.size === DIGEST_PARTS
        ? await db.records.orderBy('[id+rev]').keys()
        : inParts.length === 0
          ? []
          : await index.inAnyRange(inParts.map((id) => [[id, -Infinity], [id, Infinity]])).keys()
    ) as unknown as [string, number][];
    for (const [id, rev] of idRevs) revs.set(id, rev);
    return { ids, mark, seq, log, parts, revs };
  });
}

/**
 * Writes one part (null: deletes it), unless records were written or deleted since `onDisk` was read
 * (the log's `seq` or the mark changed): then writes nothing and returns false. The check and the write
 * are one transaction of `digest` and the log's stores, so no part checked against an older disk is written after a
 * write of its records (a save waits at most for this one put), and a record deleted (with its part and a
 * new mark, in its transaction) while the part was sealed never comes back in it (N11).
 */
export async function writePart(db: UserDb, part: number, onDisk: Pick<OnDisk, 'mark' | 'seq'>, sealed: Sealed | null): Promise<boolean> {
  return db.transaction('rw', [db.digest, db.meta, db.digestLog], async () => {
    const [mark, seq] = await Promise.all([markOf(db), readLogSeq(db)]);
    if (mark !== onDisk.mark || seq !== onDisk.seq) return false;
    if (sealed) await db.digest.put({ part, sealed });
    else await db.digest.delete(part);
    return true;
  });
}

/**
 * Deletes the parts holding `ids` and changes the deletes mark: inside the transaction that deletes those
 * records (purge, pull; N11), so no part sealed before it is written after it.
 */
export async function deletePartsOf(db: UserDb, ids: Iterable<string>): Promise<void> {
  const parts = new Set<number>();
  for (const id of ids) parts.add(partOf(id));
  await db.digest.bulkDelete([...parts]);
  await db.digest.put({ part: DELETES, deletes: globalThis.crypto.randomUUID() });
}

/** Deletes every part (a failed write: the space goes back to the records). Never throws. */
export async function deleteAllParts(db: UserDb): Promise<void> {
  await db.digest.where('part').aboveOrEqual(0).delete().catch(() => undefined);
}
