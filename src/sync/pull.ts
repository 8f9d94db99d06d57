import { isFieldEntity, type FieldEntity } from '../shared/protocol/entities';
import type { PullResponse, PulledRecord } from '../shared/protocol/messages';
import { ENTITY_DEFINITIONS } from '../shared/schema/registry';
import { seal, type Sealed } from '../security/seal';
import { indexFields, toJsonFields, type Fields } from '../db/record-fields';
import { withoutNulls } from '../shared/protocol/without-nulls';
import { mapStorageError } from '../db/storage-errors';
import type { RecordRow, ReferenceRow } from '../db/user-db';
import { outboxSeqsOf } from '../db/outbox-of-records';
import type { SyncContext } from './sync-context';

type Prepared =
  | { kind: 'record'; pulled: PulledRecord; entity: FieldEntity; sealed: Sealed; index: Awaited<ReturnType<typeof indexFields>> }
  | { kind: 'delete-record'; pulled: PulledRecord }
  | { kind: 'reference'; row: ReferenceRow }
  | { kind: 'delete-reference'; pulled: PulledRecord };

/**
 * Validates a pulled field record at the edge (STYLE habit 2). The server is the authority, so a record
 * our schema refuses is still stored (dropping it would lose data); parsing only normalises it.
 */
function normaliseFields(r: PulledRecord, entity: FieldEntity): Fields {
  const fields = { ...withoutNulls(r.fields), id: r.id };
  const parsed = ENTITY_DEFINITIONS[entity]?.schema.safeParse(fields);
  return parsed?.success ? toJsonFields(parsed.data) : fields;
}

async function prepare(ctx: SyncContext, r: PulledRecord): Promise<Prepared> {
  if (isFieldEntity(r.entity)) {
    if (r.deleted) return { kind: 'delete-record', pulled: r };
    const fields = normaliseFields(r, r.entity);
    // Sealed before the transaction: awaiting WebCrypto inside it would let IndexedDB commit early.
    return { kind: 'record', pulled: r, entity: r.entity, sealed: await seal(ctx.keys.dataKey, r.id, fields), index: await indexFields(fields, ctx.keys.lookupKey) };
  }
  if (r.deleted) return { kind: 'delete-reference', pulled: r };
  return { kind: 'reference', row: { entity: r.entity, id: r.id, version: r.version, township: r.township, fields: r.fields, updatedAt: r.updatedAt, serverSeq: r.serverSeq } };
}

interface PageAhead {
  page: Promise<PullResponse>;
  /** The page's records sealed and indexed, started as soon as the page arrives (SPEC P15). */
  prepared: Promise<Prepared[]>;
}

/** Asks for the page after `since` and prepares it on arrival; never an unhandled rejection (awaited or settled later). */
function fetchPage(ctx: SyncContext, since: number): PageAhead {
  const page = ctx.api.pull(ctx.token, since, ctx.limits.pullLimit);
  const prepared = page.then((p) => Promise.all(p.records.map((r) => prepare(ctx, r))));
  page.catch(() => undefined);
  prepared.catch(() => undefined);
  return { page, prepared };
}

/** Waits until a page asked for ahead has come back or failed: no request outlives the pull. */
async function settled(ahead: PageAhead | null): Promise<void> {
  if (ahead) await ahead.prepared.catch(() => undefined);
}

/**
 * Pulls every page since the cursor (rule L2). Each page and its cursor are written in one transaction
 * (L4), so a reload between pages resumes exactly after the last stored one. A pulled record never
 * replaces a local record with changes still in the outbox (queued or rejected) — the local edit is
 * pushed and merged by the server (C3), which then sends the merged record back (L3) — nor a local
 * copy that is already newer (our own applied change, which the server does not echo).
 *
 * Pipelined (SPEC P15): page k+1 is asked for as soon as page k has arrived (its cursor is k's) and is
 * sealed and indexed on arrival, while page k is prepared and written; pages are still written in
 * order, each with its own cursor. When a write fails, or another tab has moved the cursor, the page
 * asked for ahead is waited for and dropped.
 */
export async function pullChanges(ctx: SyncContext): Promise<{ received: number }> {
  const { db } = ctx;
  let received = 0;
  let since = Number((await db.meta.get('cursor'))?.value ?? 0);
  let current: PageAhead = fetchPage(ctx, since);
  for (;;) {
    const page = await current.page;
    const more = page.hasMore && page.cursor > since;
    const next = more ? fetchPage(ctx, page.cursor) : null;
    let ids: string[] | null;
    try {
      ids = await writePage(ctx, since, page, await current.prepared);
    } catch (e) {
      await settled(next);
      throw e;
    }
    if (ids === null) {
      // Another tab pulled meanwhile: drop the page asked for ahead and ask again from the new cursor.
      await settled(next);
      since = Number((await db.meta.get('cursor'))?.value ?? 0);
      current = fetchPage(ctx, since);
      continue;
    }
    received += page.records.length;
    if (ids.length > 0 || page.records.length > 0) ctx.onRecordsChanged(ids);
    if (!next) break;
    since = page.cursor;
    current = next;
  }
  return { received };
}

/** Writes one page and its cursor in one transaction (L4); null when the cursor is no longer `since`. */
async function writePage(ctx: SyncContext, since: number, page: PullResponse, prepared: Prepared[]): Promise<string[] | null> {
  const { db } = ctx;
  const now = ctx.now().toISOString();
  try {
    return await db.transaction('rw', [db.records, db.outbox, db.reference, db.meta], async () => {
      // Another tab pulled meanwhile: drop this page and ask again from the new cursor.
      if (Number((await db.meta.get('cursor'))?.value ?? 0) !== since) return null;
      const written: string[] = [];
      // Bulk reads once per page (not a count and a get per record), then the writes in bulk, all in
      // this one transaction with the cursor (L4). `local` follows the page's own writes, in order.
      const recordIds = [...new Set(prepared.flatMap((p) => (p.kind === 'record' || p.kind === 'delete-record' ? [p.pulled.id] : [])))];
      // An empty outbox (a first sync, a tablet with nothing unsent) needs no look-up per record; else
      // the id index is read key-only, all ids at once (outboxSeqsOf), not a cursor step per id.
      const [queued, localRows] = await Promise.all([
        recordIds.length > 0 ? db.outbox.count().then((n) => (n > 0 ? outboxSeqsOf(db, recordIds) : new Map<string, number[]>())) : Promise.resolve(new Map<string, number[]>()),
        db.records.bulkGet(recordIds),
      ]);
      const withOutbox = new Set(queued.keys());
      const local = new Map<string, RecordRow | undefined>(recordIds.map((id, i) => [id, localRows[i]]));
      const recordWrites = new Map<string, RecordRow | null>();
      const referenceWrites = new Map<string, { key: [string, string]; row: ReferenceRow | null }>();
      for (const p of prepared) {
        if (p.kind === 'reference') referenceWrites.set(JSON.stringify([p.row.entity, p.row.id]), { key: [p.row.entity, p.row.id], row: p.row });
        else if (p.kind === 'delete-reference') referenceWrites.set(JSON.stringify([p.pulled.entity, p.pulled.id]), { key: [p.pulled.entity, p.pulled.id], row: null });
        else {
          const id = p.pulled.id;
          if (withOutbox.has(id)) continue; // L4: unsynced local changes win locally
          const old = local.get(id);
          if (old && old.version > p.pulled.version) continue;
          if (p.kind === 'delete-record') {
            if (old) {
              local.set(id, undefined);
              recordWrites.set(id, null);
              written.push(id);
            }
            continue;
          }
          const row: RecordRow = {
            id,
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
          local.set(id, row);
          recordWrites.set(id, row);
          written.push(id);
        }
      }
      const recordDeletes = [...recordWrites].filter(([, r]) => r === null).map(([id]) => id);
      const recordPuts = [...recordWrites.values()].filter((r): r is RecordRow => r !== null);
      const referenceDeletes = [...referenceWrites.values()].filter((w) => w.row === null).map((w) => w.key);
      const referencePuts = [...referenceWrites.values()].flatMap((w) => (w.row ? [w.row] : []));
      if (recordDeletes.length > 0) await db.records.bulkDelete(recordDeletes);
      if (recordPuts.length > 0) await db.records.bulkPut(recordPuts);
      if (referenceDeletes.length > 0) await db.reference.bulkDelete(referenceDeletes);
      if (referencePuts.length > 0) await db.reference.bulkPut(referencePuts);
      await db.meta.put({ key: 'cursor', value: page.cursor });
      return written;
    });
  } catch (e) {
    throw mapStorageError(e);
  }
}
