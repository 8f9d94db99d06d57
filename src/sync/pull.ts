import Dexie from 'dexie';
import { isFieldEntity, type FieldEntity } from '../shared/protocol/entities';
import type { PullResponse, PulledRecord } from '../shared/protocol/messages';
import { ENTITY_DEFINITIONS } from '../shared/schema/registry';
import { sealBytes, type Sealed } from '../security/seal';
import { utf8 } from '../security/bytes';
import { indexFields, type Fields } from '../db/record-fields';
import { withoutNulls } from '../shared/protocol/without-nulls';
import { mapStorageError } from '../db/storage-errors';
import type { RecordRow, ReferenceRow } from '../db/user-db';
import { outboxSeqsOf } from '../db/outbox-of-records';
import { deletePartsOf } from '../db/digest-parts';
import type { SyncContext } from './sync-context';
import { loadPinyin } from '../db/pinyin-initials';
import { searchedOf, type DigestedHousehold, type WrittenRecord } from '../db/household-list';
import { withoutNameKeys } from '../db/retired-name-keys';

type Prepared =
  | { kind: 'record'; pulled: PulledRecord; entity: FieldEntity; sealed: Sealed; index: Awaited<ReturnType<typeof indexFields>>; fields: Fields; digested?: Omit<DigestedHousehold, 'item'> }
  | { kind: 'delete-record'; pulled: PulledRecord }
  | { kind: 'reference'; row: ReferenceRow }
  | { kind: 'delete-reference'; pulled: PulledRecord };

/**
 * Validates a pulled field record at the edge (STYLE habit 2). The server is the authority, so a record
 * our schema refuses is still stored (dropping it would lose data); parsing only normalises it. Returns
 * the fields with the JSON text they are sealed as: made once, not again by `seal` (issue 18).
 */
function normaliseFields(r: PulledRecord, entity: FieldEntity): { fields: Fields; json: string } {
  const fields = { ...withoutNulls(r.fields), id: r.id };
  const parsed = ENTITY_DEFINITIONS[entity]?.schema.safeParse(fields);
  // Plain JSON (toJsonFields): drops `undefined`, copies. The fields returned are the JSON's, exactly what
  // opening the sealed row gives (the list digest is fed them, SPEC N10).
  const json = JSON.stringify(parsed?.success ? parsed.data : fields);
  return { fields: JSON.parse(json) as Fields, json };
}

async function prepare(ctx: SyncContext, r: PulledRecord): Promise<Prepared> {
  if (isFieldEntity(r.entity)) {
    if (r.deleted) return { kind: 'delete-record', pulled: r };
    const { fields, json } = normaliseFields(r, r.entity);
    // Sealed before the transaction: awaiting WebCrypto inside it would let IndexedDB commit early.
    // The seal and the index tokens run at once (WebCrypto calls in parallel).
    const [sealed, index] = await Promise.all([sealBytes(ctx.keys.dataKey, r.id, utf8(json)), indexFields(fields, ctx.keys.lookupKey)]);
    // N10: what the list digest keeps of a household (its strings and names' initials), computed here while
    // earlier pages are written; its list row is made once the row is (sync state), after the commit.
    const digested = r.entity === 'household' && ctx.onRecordsWritten ? await loadPinyin().then(() => searchedOf(fields), () => searchedOf(fields)) : undefined;
    return { kind: 'record', pulled: r, entity: r.entity, sealed, index, fields, ...(digested ? { digested } : {}) };
  }
  if (r.deleted) return { kind: 'delete-reference', pulled: r };
  return { kind: 'reference', row: { entity: r.entity, id: r.id, version: r.version, township: r.township, fields: r.fields, updatedAt: r.updatedAt, serverSeq: r.serverSeq } };
}

/** A first sync primes the list digest (N10) only when the tablet holds at most this many records. */
const PRIME_BELOW = 1000;

/** Pages asked for but not yet taken to be written (SPEC P15): one being downloaded, one prepared. */
const MAX_AHEAD = 2;

interface PageAhead {
  since: number;
  page: Promise<PullResponse>;
  /** The page's records sealed and indexed, started as soon as the page arrives (SPEC P15). */
  prepared: Promise<Prepared[]>;
  /** The page once arrived (null before): its cursor is where the next page starts. */
  arrived: PullResponse | null;
  next: PageAhead | null;
}

/**
 * The pages of one pull, asked for one after another (never two requests in flight): page k+1 as soon
 * as page k has arrived, while earlier pages are still being prepared and written, up to MAX_AHEAD pages
 * not yet taken to be written (then the next is asked for when a page is taken). Each page is prepared
 * on arrival. `stop` waits until every page asked for has come back or failed, so no request outlives
 * the pull; their results are dropped.
 */
class PageStream {
  readonly first: PageAhead;
  private frontier: PageAhead;
  private untaken = 0;
  private stopped = false;
  private readonly asked: PageAhead[] = [];

  constructor(private readonly ctx: SyncContext, since: number) {
    this.first = this.ask(since);
    this.frontier = this.first;
  }

  private ask(since: number): PageAhead {
    const page = this.ctx.api.pull(this.ctx.token, since, this.ctx.limits.pullLimit);
    const prepared = page.then((p) => Promise.all(p.records.map((r) => prepare(this.ctx, r))));
    page.catch(() => undefined);
    prepared.catch(() => undefined);
    const ahead: PageAhead = { since, page, prepared, arrived: null, next: null };
    this.untaken++;
    this.asked.push(ahead);
    page.then(
      (p) => {
        ahead.arrived = p;
        this.extend();
      },
      () => undefined,
    );
    return ahead;
  }

  /** Asks for the page after the last one asked, if it has arrived, has more and the bound allows. */
  private extend(): void {
    const f = this.frontier;
    if (this.stopped || f.next || !f.arrived || this.untaken >= MAX_AHEAD) return;
    if (!(f.arrived.hasMore && f.arrived.cursor > f.since)) return;
    f.next = this.ask(f.arrived.cursor);
    this.frontier = f.next;
  }

  /** The page is being written: one more may be asked for. */
  take(ahead: PageAhead): void {
    this.untaken--;
    this.asked.splice(this.asked.indexOf(ahead), 1);
    this.extend();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.asked.map((a) => a.prepared.catch(() => undefined)));
  }
}

/**
 * Pulls every page since the cursor (rule L2). Each page and its cursor are written in one transaction
 * (L4), so a reload between pages resumes exactly after the last stored one. A pulled record never
 * replaces a local record with changes still in the outbox (queued or rejected) — the local edit is
 * pushed and merged by the server (C3), which then sends the merged record back (L3) — nor a local
 * copy that is already newer (our own applied change, which the server does not echo).
 *
 * Pipelined (SPEC P15, PageStream): page k+1 is asked for as soon as page k has arrived (its cursor is
 * k's) and is sealed and indexed on arrival, while earlier pages are prepared and written; pages are
 * still written in order, each with its own cursor. When a write fails, or another tab has moved the
 * cursor, the pages asked for ahead are waited for and dropped.
 *
 * A first sync (L6) adds each page's records without reading their rows: only an add that finds its id
 * stored (a save or another tab's push answer got there first) is read and merged.
 */
export async function pullChanges(ctx: SyncContext): Promise<{ received: number }> {
  const { db } = ctx;
  let received = 0;
  let since = Number((await db.meta.get('cursor'))?.value ?? 0);
  // A first sync feeds the list digest every name's initials (N3, N10): pinyin's chunk loads while the first page downloads.
  if (since === 0) loadPinyin().catch(() => undefined);
  // L6: a first sync adds its records without reading their rows first (the tablet holds few or none).
  const addFirst = since === 0;
  let stream = new PageStream(ctx, since);
  let current: PageAhead | null = stream.first;
  // N10: into a tablet holding few records, the list digest is made complete while the first page downloads (a comparison of those
  // few keys): each page it is fed keeps it so, and it is ready when the sync ends (a failure costs nothing).
  if (addFirst && ctx.onRecordsWritten && (await db.records.count()) <= PRIME_BELOW) await ctx.onRecordsWritten.prime().catch(() => undefined);
  while (current) {
    let ids: string[] | null;
    try {
      const page = await current.page;
      stream.take(current);
      const prepared = await current.prepared;
      const wrote: PageWrites = { rows: [], deleted: [], touched: [] };
      const mark = ctx.onRecordsWritten?.mark() ?? 0;
      ids = await writePage(ctx, since, page, prepared, addFirst, wrote);
      if (ids !== null) {
        // N10: committed: the list digest takes these rows at their revs from the fields sealed in them.
        ctx.onRecordsWritten?.written(writtenRecords(prepared, wrote.rows), { mark, deleted: wrote.deleted, touched: wrote.touched });
        received += page.records.length;
        if (ids.length > 0 || page.records.length > 0) ctx.onRecordsChanged(ids);
        since = page.cursor;
      }
    } catch (e) {
      await stream.stop();
      throw e;
    }
    if (ids === null) {
      // Another tab pulled meanwhile: drop the pages asked for ahead and ask again from the new cursor.
      await stream.stop();
      since = Number((await db.meta.get('cursor'))?.value ?? 0);
      stream = new PageStream(ctx, since);
      current = stream.first;
      continue;
    }
    current = current.next;
  }
  return { received };
}

/** The rows a page wrote, each with the fields (and digest) of the pulled record it was made from (its `sealed`). */
function writtenRecords(prepared: Prepared[], rows: RecordRow[]): WrittenRecord[] {
  const bySealed = new Map<Sealed, Extract<Prepared, { kind: 'record' }>>();
  for (const p of prepared) if (p.kind === 'record') bySealed.set(p.sealed, p);
  return rows.flatMap((row) => {
    const p = bySealed.get(row.sealed);
    return p ? [{ row, fields: p.fields, ...(p.digested ? { digested: p.digested } : {}) }] : [];
  });
}

/**
 * The newest server version the row knows of: its own, or the one a merge or conflict answer named
 * (L7). A pulled version below it is older than what the server holds.
 */
const knownVersion = (row: RecordRow): number => Math.max(row.version, row.awaitedVersion ?? 0);

/** The pulled record as the row to store over `old` (absent: a new row), or null when `old` must stay. */
function pulledRow(p: Extract<Prepared, { kind: 'record' }>, old: RecordRow | undefined, now: string): RecordRow | null {
  // Older than what the row knows (our own applied change), or than a push answer told us the server
  // holds (L7: a page downloaded before that answer — another tab's pull — would drop its flag or edit).
  if (old && knownVersion(old) > p.pulled.version) return null;
  const row: RecordRow = {
    id: p.pulled.id,
    entity: p.entity,
    rev: (old?.rev ?? 0) + 1,
    ...p.index,
    sealed: p.sealed,
    sealedServer: p.sealed,
    formVersion: ENTITY_DEFINITIONS[p.entity]?.formVersion ?? old?.formVersion ?? 1,
    version: p.pulled.version,
    // The echo of our conflicted change keeps the flag; any later version clears it.
    syncState: old?.syncState === 'conflict' && old.conflictVersion === p.pulled.version ? 'conflict' : 'synced',
    rejection: null,
    updatedAt: p.pulled.updatedAt,
    syncedAt: now,
  };
  if (row.syncState === 'conflict') row.conflictVersion = p.pulled.version;
  return row;
}

/**
 * The record writes of a page's entries for the ids in `ids`, applied in the page's order over `local`
 * (the rows as stored; updated as the page writes, so an id twice in a page sees its own first write).
 * A row id with unsynced changes is left alone (L4). Null: delete the row.
 */
function recordWritesOf(prepared: Prepared[], ids: ReadonlySet<string>, local: Map<string, RecordRow | undefined>, withOutbox: ReadonlySet<string>, now: string): Map<string, RecordRow | null> {
  const writes = new Map<string, RecordRow | null>();
  for (const p of prepared) {
    if (p.kind !== 'record' && p.kind !== 'delete-record') continue;
    const id = p.pulled.id;
    if (!ids.has(id) || withOutbox.has(id)) continue; // L4: unsynced local changes win locally
    const old = local.get(id);
    if (p.kind === 'delete-record') {
      if (old && knownVersion(old) <= p.pulled.version) {
        local.set(id, undefined);
        writes.set(id, null);
      }
      continue;
    }
    const row = pulledRow(p, old, now);
    if (!row) continue;
    local.set(id, row);
    writes.set(id, row);
  }
  return writes;
}

/**
 * Adds rows taken to be new (L6); returns those whose id turned out to be stored after all, untouched.
 * A failed add writes nothing and, caught here, aborts nothing (Dexie cancels the request's error
 * event): the rest of the page and its cursor commit with the merge of those rows.
 */
async function addNew(ctx: SyncContext, rows: RecordRow[]): Promise<RecordRow[]> {
  try {
    await ctx.db.records.bulkAdd(rows);
    return [];
  } catch (e) {
    const failed = e instanceof Dexie.BulkError ? Object.entries(e.failuresByPos) : null;
    if (!failed || failed.some(([, err]) => err.name !== 'ConstraintError')) throw e;
    return failed.map(([pos]) => rows[Number(pos)]!);
  }
}

/**
 * Writes one page and its cursor in one transaction (L4); null when the cursor is no longer `since`.
 * `addFirst` (a first sync, L6): the page's records are added without reading their rows first.
 */
/** What a page's transaction did to record rows (for the list digest, N10): rows written from the page, ids deleted, rows otherwise rewritten. */
interface PageWrites {
  rows: RecordRow[];
  deleted: string[];
  touched: string[];
}

async function writePage(ctx: SyncContext, since: number, page: PullResponse, prepared: Prepared[], addFirst: boolean, wrote: PageWrites): Promise<string[] | null> {
  const { db } = ctx;
  const now = ctx.now().toISOString();
  try {
    return await db.transaction('rw', [db.records, db.outbox, db.reference, db.meta, db.digest, db.digestLog], async () => {
      // Another tab pulled meanwhile: drop this page and ask again from the new cursor.
      if (Number((await db.meta.get('cursor'))?.value ?? 0) !== since) return null;
      // Bulk reads once per page (not a count and a get per record), then the writes in bulk, all in
      // this one transaction with the cursor (L4).
      const recordIds = [...new Set(prepared.flatMap((p) => (p.kind === 'record' || p.kind === 'delete-record' ? [p.pulled.id] : [])))];
      // L6: on a first sync the rows are read only for the deletes (a delete needs the stored version);
      // the others are taken as absent and added, and an add that finds its id stored is merged below.
      const readIds = addFirst ? [...new Set(prepared.flatMap((p) => (p.kind === 'delete-record' ? [p.pulled.id] : [])))] : recordIds;
      // An empty outbox (a first sync, a tablet with nothing unsent) needs no look-up per record; else
      // the id index is read key-only, all ids at once (outboxSeqsOf), not a cursor step per id.
      const [queued, localRows] = await Promise.all([
        recordIds.length > 0 ? db.outbox.count().then((n) => (n > 0 ? outboxSeqsOf(db, recordIds) : new Map<string, number[]>())) : Promise.resolve(new Map<string, number[]>()),
        readIds.length > 0 ? db.records.bulkGet(readIds) : Promise.resolve([]),
      ]);
      const withOutbox = new Set(queued.keys());
      const read = new Set(readIds);
      const local = new Map<string, RecordRow | undefined>(readIds.map((id, i) => [id, localRows[i]]));
      const recordWrites = recordWritesOf(prepared, new Set(recordIds), local, withOutbox, now);
      // L8: a record left alone for its queued change (L4) notes the version it did not take, so the
      // change's answer can tell whether the echo went past (another tab's push, answered after this page).
      const skipped = new Map<string, { version: number; serverSeq: number }>();
      for (const p of prepared) {
        if ((p.kind === 'record' || p.kind === 'delete-record') && withOutbox.has(p.pulled.id)) skipped.set(p.pulled.id, { version: p.pulled.version, serverSeq: p.pulled.serverSeq });
      }
      const notes: RecordRow[] = [];
      if (skipped.size > 0) {
        const held = await db.records.bulkGet([...skipped.keys()]);
        for (const row of held) {
          const s = row && skipped.get(row.id);
          if (!row || !s || s.version <= knownVersion(row)) continue;
          if (row.skippedEcho && row.skippedEcho.serverSeq >= s.serverSeq) continue;
          notes.push({ ...withoutNameKeys(row), rev: row.rev + 1, skippedEcho: s }); // N1: the retired index goes
        }
        if (notes.length > 0) await db.records.bulkPut(notes);
      }
      const referenceWrites = new Map<string, { key: [string, string]; row: ReferenceRow | null }>();
      for (const p of prepared) {
        if (p.kind === 'reference') referenceWrites.set(JSON.stringify([p.row.entity, p.row.id]), { key: [p.row.entity, p.row.id], row: p.row });
        else if (p.kind === 'delete-reference') referenceWrites.set(JSON.stringify([p.pulled.entity, p.pulled.id]), { key: [p.pulled.entity, p.pulled.id], row: null });
      }
      const recordDeletes = [...recordWrites].filter(([, r]) => r === null).map(([id]) => id);
      const recordRows = [...recordWrites.values()].filter((r): r is RecordRow => r !== null);
      const referenceDeletes = [...referenceWrites.values()].filter((w) => w.row === null).map((w) => w.key);
      const referencePuts = [...referenceWrites.values()].flatMap((w) => (w.row ? [w.row] : []));
      // N11: a deleted record's entry in the list digest's sealed copy goes with it (the parts holding it).
      if (recordDeletes.length > 0) await Promise.all([db.records.bulkDelete(recordDeletes), deletePartsOf(db, recordDeletes)]);
      const recordPuts = recordRows.filter((r) => read.has(r.id));
      if (recordPuts.length > 0) await db.records.bulkPut(recordPuts);
      // Only when there is something to add: an empty bulkAdd is still a request, and Dexie reports it
      // as a change of `records` to every listener (a reload of each screen for a page that changed none).
      const toAdd = recordRows.filter((r) => !read.has(r.id));
      const stored = toAdd.length > 0 ? await addNew(ctx, toAdd) : [];
      if (stored.length > 0) {
        // L6: a save, or another tab's push answer, wrote these rows since the last look (or the tablet
        // held them before its first sync): read them and merge as a catch-up pull does, still in this
        // transaction, so none of them is overwritten by an older page or loses its outbox's say.
        const ids = stored.map((r) => r.id);
        const rows = await db.records.bulkGet(ids);
        const merged = recordWritesOf(prepared, new Set(ids), new Map(ids.map((id, i) => [id, rows[i]])), withOutbox, now);
        for (const id of ids) {
          const m = merged.get(id);
          if (m === undefined) recordWrites.delete(id);
          else recordWrites.set(id, m); // the row as merged and written (its rev), not the one the add tried
        }
        const puts = [...merged.values()].filter((r): r is RecordRow => r !== null);
        const deletes = [...merged].filter(([, r]) => r === null).map(([id]) => id);
        if (deletes.length > 0) await Promise.all([db.records.bulkDelete(deletes), deletePartsOf(db, deletes)]);
        if (puts.length > 0) await db.records.bulkPut(puts);
      }
      if (referenceDeletes.length > 0) await db.reference.bulkDelete(referenceDeletes);
      if (referencePuts.length > 0) await db.reference.bulkPut(referencePuts);
      await db.meta.put({ key: 'cursor', value: page.cursor });
      // What it wrote, for the list digest (taken only once the transaction commits).
      wrote.rows = [...recordWrites.values()].filter((r): r is RecordRow => r !== null);
      wrote.deleted = [...recordWrites].filter(([, r]) => r === null).map(([id]) => id);
      wrote.touched = notes.map((r) => r.id);
      return [...recordWrites.keys()];
    });
  } catch (e) {
    throw mapStorageError(e);
  }
}
