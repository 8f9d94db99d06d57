import type { Change, PushResult } from '../shared/protocol/messages';
import { PROTOCOL_VERSION } from '../shared/protocol/version';
import { utf8Length } from '../security/bytes';
import { outboxChangeFields } from '../db/outbox-change';
import { mapStorageError } from '../db/storage-errors';
import { moveToClientId } from '../db/client-id';
import { outboxSeqsOf } from '../db/outbox-of-records';
import { withoutNameKeys } from '../db/retired-name-keys';
import type { OutboxRow, RecordRow } from '../db/user-db';
import { sameSealed } from '../security/seal';
import { ApiError, type EncodedPush } from './api-client';
import { outboxStats, queuedRange } from './outbox-stats';
import { settlesAsVoided } from './settled-rejection';
import type { SyncContext } from './sync-context';

type QueuedRow = OutboxRow & { seq: number };

export interface Batch {
  rows: QueuedRow[];
  /** Earlier queued changes of the same records, made redundant by the rows sent (seq of the row sent → them). */
  superseded: Map<number, QueuedRow[]>;
  body: string | EncodedPush;
  bytes: number;
  /** The lowest queued seq when the batch was read: no earlier row is queued for the rest of the run. */
  fromSeq: number;
}

/**
 * The next batch, oldest first (rule P1): at most `maxChanges` changes and `maxBytes` of JSON (P3),
 * and at most one change per record — the next change of a record waits for the answer to this one,
 * so it can be sent on top of the version the server just gave (see applyPushResults).
 * A record saved many times while offline (a survey autosaves every few seconds) sends only its latest
 * queued change: each change holds every field changed since the same server base (record-fields.ts
 * changedFields), so the latest one carries the others; they are removed when it is answered.
 */
export async function nextBatch(ctx: SyncContext, maxChanges: number, inFlight: Batch | null = null, fromSeq?: number): Promise<Batch | null> {
  // P14: while batch k is in flight, batch k+1 is taken from the rest of the queue: none of k's records
  // (one change per record in flight), so k's rows and those it superseded are read past.
  const busy = new Set(inFlight?.rows.map((r) => r.id));
  const skip = inFlight ? inFlight.rows.length + [...inFlight.superseded.values()].reduce((n, xs) => n + xs.length, 0) : 0;
  // From the lowest seq still queued at the run's last read: rows are only ever queued by a new save
  // (a new, higher seq), so none below it can be queued now, and Chromium's IndexedDB need not step
  // again over the index entries of every change the run has already deleted.
  const all = (await queuedRange(ctx.db, fromSeq).limit(maxChanges * 4 + skip).toArray()) as QueuedRow[];
  const rows = busy.size > 0 ? all.filter((r) => !busy.has(r.id)) : all;
  if (rows.length === 0) return null;
  const latest = new Map<string, QueuedRow>();
  for (const row of rows) {
    const seen = latest.get(row.id);
    // Only changes made on the same base are folded (a rebased change is newer than its base).
    if (!seen || seen.baseVersion === row.baseVersion) latest.set(row.id, row);
  }
  const head = `{"protocol":${PROTOCOL_VERSION},"deviceId":${JSON.stringify(ctx.clientId)},"changes":[`;
  let bytes = utf8Length(head) + 2;
  const parts: string[] = [];
  const taken: QueuedRow[] = [];
  const superseded = new Map<number, QueuedRow[]>();
  const ids = new Set<string>();
  // Which rows may go does not depend on their contents: choose them first, then decrypt them all at once.
  const candidates: QueuedRow[] = [];
  for (const row of rows) {
    if (candidates.length >= maxChanges) break;
    const last = latest.get(row.id)!;
    if (ids.has(row.id)) continue;
    if (row !== last) {
      if (row.baseVersion === last.baseVersion && row.seq < last.seq) {
        superseded.set(last.seq, [...(superseded.get(last.seq) ?? []), row]);
        continue;
      }
      break;
    }
    candidates.push(row);
    ids.add(row.id);
  }
  const fields = await outboxChangeFields(ctx.keys.dataKey, candidates);
  for (const [i, row] of candidates.entries()) {
    const change: Change = {
      seq: row.seq,
      entity: row.entity,
      id: row.id,
      baseVersion: row.baseVersion,
      fields: fields[i]!,
      formVersion: row.formVersion,
      changedAt: row.changedAt,
      ...(row.township ? { township: row.township } : {}), // SPEC A8
    };
    const json = JSON.stringify(change);
    const size = utf8Length(json) + 1;
    if (taken.length >= maxChanges || (taken.length > 0 && bytes + size > ctx.limits.maxBytes)) break;
    parts.push(json);
    taken.push(row);
    bytes += size;
  }
  const takenSeqs = new Set(taken.map((r) => r.seq));
  for (const seq of [...superseded.keys()]) if (!takenSeqs.has(seq)) superseded.delete(seq);
  const json = `${head}${parts.join(',')}]}`;
  // Compressed now (P7), while the batch before is still in flight (P14).
  return { rows: taken, superseded, body: ctx.api.encodePush ? await ctx.api.encodePush(json) : json, bytes, fromSeq: all[0]!.seq };
}

/**
 * Writes the server's answers in one transaction (rule P6): applied / merged / conflict remove the
 * change from the outbox; rejected keeps it, out of the queue, and flags the record (P5). A change
 * without an answer stays queued and is simply sent again: the server answers a replay with its first
 * result (P2).
 * After 'applied' (a fast-forward) the server holds exactly our snapshot, so it becomes our copy of
 * the server's record, and later queued changes of the record made on the same base are rebased onto
 * the new version: otherwise the server would see our own previous change as someone else's (C4).
 * After 'merged' / 'conflict' the server's record holds fields we have not seen; it comes back on pull
 * (L3) and we keep the old base meanwhile (a later change then merges rather than overwrites). The
 * answered version is noted (`awaitedVersion`, L7): a pull never writes an older version over the row.
 */
export async function applyPushResults(
  ctx: SyncContext,
  rows: QueuedRow[],
  results: PushResult[],
  superseded: Map<number, QueuedRow[]> = new Map(),
): Promise<{ answered: number; ids: string[] }> {
  const { db } = ctx;
  const bySeq = new Map(results.map((r) => [r.seq, r]));
  const now = ctx.now().toISOString();
  try {
    // One transaction (P6, strict durability: db-env.ts) with a fixed number of requests per batch:
    // three bulk reads, then one bulkDelete and two bulkPuts (was 5–7 requests per change).
    // Rows of a batch are of distinct records (nextBatch), so their writes never touch the same row.
    return await db.transaction('rw', [db.records, db.outbox, db.meta, db.digestLog], async () => {
      const recordIds = [...new Set(rows.map((r) => r.id))];
      const [current, recs, seqsOf] = await Promise.all([
        db.outbox.bulkGet(rows.map((r) => r.seq)),
        db.records.bulkGet(recordIds),
        outboxSeqsOf(db, recordIds),
      ]);
      // Every outbox row of the answered records: the answered rows were just read by seq; the others
      // (later saves, rejected changes: few) are read by primary key, not by a cursor per id.
      const held = new Map<number, QueuedRow>();
      for (const c of current) if (c) held.set(c.seq!, c as QueuedRow);
      const others = [...seqsOf.values()].flat().filter((seq) => !held.has(seq));
      const ofRecords = [...held.values()];
      if (others.length > 0) for (const o of await db.outbox.bulkGet(others)) if (o) ofRecords.push(o as QueuedRow);
      const recById = new Map<string, RecordRow>();
      // The retired name index (N1, Dexie version 7) leaves the row at this write: every put below spreads it.
      for (const rec of recs) if (rec) recById.set(rec.id, withoutNameKeys(rec));
      const present = new Set(ofRecords.map((o) => o.seq));
      // The outbox rows of each answered record, as this transaction leaves them.
      const outboxById = new Map<string, Map<number, QueuedRow>>();
      for (const o of ofRecords) {
        let m = outboxById.get(o.id);
        if (!m) outboxById.set(o.id, (m = new Map()));
        m.set(o.seq, o);
      }
      const deletes: number[] = [];
      const outboxPuts = new Map<number, QueuedRow>();
      const recordPuts: RecordRow[] = [];
      let answered = 0;
      const ids: string[] = [];
      // L8: the serverSeq of a version a pull left alone for a change answered here, which the answer
      // does not bring: the cursor goes back before it, so the next pull brings the record again.
      let rewindTo: number | null = null;
      rows.forEach((row, i) => {
        const r = bySeq.get(row.seq);
        const stored = current[i] as QueuedRow | undefined;
        if (!r || !stored) return;
        const mine = outboxById.get(row.id) ?? new Map<number, QueuedRow>();
        answered++;
        ids.push(row.id);
        // The answered change carried the fields of the earlier ones it superseded: they are done too.
        for (const old of superseded.get(row.seq) ?? []) {
          if (present.has(old.seq) && mine.has(old.seq)) {
            mine.delete(old.seq);
            deletes.push(old.seq);
            answered++;
          }
        }
        const rec = recById.get(row.id);
        if (r.status === 'rejected') {
          const rejection = { code: r.code ?? 'CHANGE_INVALID', ...(r.issues ? { issues: r.issues } : {}) };
          if (settlesAsVoided(row.entity, rejection)) {
            mine.delete(row.seq);
            deletes.push(row.seq);
            const stillQueued = [...mine.values()].some((o) => o.state === 'queued');
            if (rec) {
              const settled: RecordRow = { ...rec, rev: rec.rev + 1, syncState: stillQueued ? 'pending' : 'synced', syncedAt: now, rejection };
              // L8: the change is settled without a version of ours: any version a pull left alone is pulled again.
              if (settled.skippedEcho) {
                rewindTo = Math.min(rewindTo ?? Infinity, settled.skippedEcho.serverSeq - 1);
                delete settled.skippedEcho;
              }
              recordPuts.push(settled);
            }
            return;
          }
          const patched = { ...stored, state: 'rejected' as const, rejection };
          mine.set(row.seq, patched);
          outboxPuts.set(row.seq, patched);
          if (rec) recordPuts.push({ ...rec, rev: rec.rev + 1, syncState: 'rejected', rejection });
          return;
        }
        mine.delete(row.seq);
        deletes.push(row.seq);
        if (!rec) return;
        const next = { ...rec, rev: rec.rev + 1, syncedAt: now, rejection: null };
        const skipped = rec.skippedEcho;
        if (skipped) {
          delete next.skippedEcho;
          // applied: our own version and older ones need nothing; merged / conflict: the answered version
          // itself is the echo we need (L3), so a skipped one at or past it is pulled again.
          const missed = typeof r.version !== 'number' || (r.status === 'applied' ? skipped.version > r.version : skipped.version >= r.version);
          if (missed) rewindTo = Math.min(rewindTo ?? Infinity, skipped.serverSeq - 1);
        }
        if (r.status === 'applied' && typeof r.version === 'number') {
          next.version = r.version;
          delete next.awaitedVersion; // the server's version, at least any a merge answer named (L7)
          // O3: the server copy is the snapshot as sent. When no save came after it, the record's own
          // ciphertext is that very snapshot (same IV and bytes): the row then holds one object twice, which
          // IndexedDB's structured clone writes once (as the pull's rows), not a second copy of the record.
          next.sealedServer = sameSealed(rec.sealed, row.sealedSnapshot) ? rec.sealed : row.sealedSnapshot;
          // C4: later queued changes made on the same base now stand on the version the server gave.
          for (const o of mine.values()) {
            if (o.state === 'queued' && o.baseVersion === row.baseVersion) {
              const rebased = { ...o, baseVersion: r.version };
              mine.set(o.seq, rebased);
              outboxPuts.set(o.seq, rebased);
            }
          }
        }
        // L7: a merge or conflict made a server version whose content comes back on pull (L3); `version`
        // stays the one we know, and no pulled version below the answered one may overwrite the row (a
        // page another tab downloaded before this answer would drop the flag or the worker's edit).
        if ((r.status === 'merged' || r.status === 'conflict') && typeof r.version === 'number') next.awaitedVersion = Math.max(r.version, rec.awaitedVersion ?? 0);
        const stillQueued = [...mine.values()].some((o) => o.state === 'queued');
        if (stillQueued) next.syncState = 'pending';
        else if (r.status === 'conflict') {
          next.syncState = 'conflict';
          if (typeof r.version === 'number') next.conflictVersion = r.version;
        } else next.syncState = 'synced';
        recordPuts.push(next);
      });
      if (deletes.length > 0) await db.outbox.bulkDelete(deletes);
      if (outboxPuts.size > 0) await db.outbox.bulkPut([...outboxPuts.values()]);
      if (recordPuts.length > 0) await db.records.bulkPut(recordPuts);
      if (rewindTo !== null) {
        const cursor = Number((await db.meta.get('cursor'))?.value ?? 0);
        if (rewindTo < cursor) await db.meta.put({ key: 'cursor', value: Math.max(0, rewindTo) });
      }
      return { answered, ids };
    });
  } catch (e) {
    throw mapStorageError(e);
  }
}

/** A single change too large for any request can never be sent: flag it like a server rejection (P5). */
async function rejectLocally(ctx: SyncContext, row: QueuedRow, code: string): Promise<void> {
  await applyPushResults(ctx, [row], [{ seq: row.seq, status: 'rejected', code: code as PushResult['code'] }]);
}

/** How many times one push run may move to a fresh client id (P9) before it reports the error. */
const MAX_CLIENT_ID_MOVES = 3;

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(p: Promise<T>): Promise<Settled<T>> => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

/**
 * Pushes the whole outbox, one acknowledged request per batch. A 413 halves the batch and tries again
 * (rule P3); every other error stops the push with the queue intact.
 *
 * Pipelined (P14): while batch k is in flight the client finishes writing batch k−1's answers and then
 * reads, decrypts and compresses batch k+1; k's answers are written while k+1 is in flight. Batch k+1
 * is sent only once k is answered (P1 order), never holds a record of k (one change per record in
 * flight), and is thrown away unsent when k is not answered. Whatever fails, the push returns only
 * when no request of it is still in flight, so a retry can never overlap it; a change whose answer was
 * not written stays queued and its replay gets the first result (P2): nothing lost, nothing twice.
 */
export async function pushOutbox(ctx: SyncContext): Promise<{ answered: number; formerTownship: number }> {
  const start = await outboxStats(ctx.db, { withBytes: true });
  const progress = { sentChanges: 0, totalChanges: start.pending, sentBytes: 0, totalBytes: start.pendingBytes };
  if (start.pending === 0) return { answered: 0, formerTownship: 0 };
  let formerTownship = 0; // SPEC A8: changes the server took under the township the worker held before a move
  ctx.onProgress({ ...progress });
  let maxChanges = ctx.limits.maxChanges;
  let answeredTotal = 0;
  let moves = 0;

  const writeAnswers = async (batch: Batch, results: PushResult[]): Promise<void> => {
    const { answered, ids } = await applyPushResults(ctx, batch.rows, results, batch.superseded);
    formerTownship += results.filter((r) => r.acceptedUnder).length;
    if (ids.length > 0) ctx.onRecordsChanged(ids);
    if (answered === 0) throw new ApiError('INTERNAL', 200, 'The server answered none of the changes sent.');
    answeredTotal += answered;
    progress.sentChanges += answered;
    progress.sentBytes += batch.bytes;
    progress.totalChanges = Math.max(progress.totalChanges, progress.sentChanges);
    progress.totalBytes = Math.max(progress.totalBytes, progress.sentBytes);
    ctx.onProgress({ ...progress });
  };

  /** The write of the last answered batch's results, still running while the next batch is in flight. */
  let writing: Promise<void> | null = null;
  /** Batch k+1, prepared while k was in flight; null: read the queue afresh (after `writing`). */
  let prepared: Batch | null = null;
  let fromSeq: number | undefined;
  for (;;) {
    if (!prepared && writing) {
      const w = writing;
      writing = null;
      await w;
    }
    const batch: Batch | null = prepared ?? (await nextBatch(ctx, maxChanges, null, fromSeq));
    prepared = null;
    if (!batch) break;
    fromSeq = batch.fromSeq;
    const answer: Promise<Settled<{ results: PushResult[] }>> = settle(ctx.api.push(ctx.token, batch.body));
    const before = writing;
    writing = null;
    // Meanwhile: finish writing k−1 (its records' later changes may be rebased, C4), then prepare k+1.
    const ahead: Promise<Settled<Batch | null>> = settle(
      (async () => {
        if (before) await before;
        return nextBatch(ctx, maxChanges, batch, batch.fromSeq);
      })(),
    );
    const [sent, next]: [Settled<{ results: PushResult[] }>, Settled<Batch | null>] = await Promise.all([answer, ahead]);
    if (!sent.ok) {
      const e = sent.error;
      if (!next.ok) throw next.error; // k−1's answers were not written: stop, they are replayed (P2)
      // k+1 (next) is dropped unsent: nothing may overtake k (P1).
      // P9: another writer used our client id (or another account holds it): nothing of the batch was
      // written. Move the whole outbox to a fresh id and send it again; the server binds that id to this
      // account at the next push (A5). A few moves per run at most: a server that keeps refusing is an
      // error to show, not a loop.
      if (e instanceof ApiError && (e.code === 'CLIENT_ID_REUSED' || e.code === 'CLIENT_ID_TAKEN') && moves < MAX_CLIENT_ID_MOVES) {
        moves++;
        const fresh = ctx.newId?.() ?? globalThis.crypto.randomUUID();
        await moveToClientId(ctx.db, fresh).catch((err: unknown) => {
          throw mapStorageError(err);
        });
        ctx.clientId = fresh;
        ctx.onClientIdChanged?.(fresh);
        continue;
      }
      if (e instanceof ApiError && e.status === 413) {
        if (batch.rows.length === 1) {
          await rejectLocally(ctx, batch.rows[0]!, 'PAYLOAD_TOO_LARGE');
          continue;
        }
        maxChanges = Math.max(1, Math.floor(batch.rows.length / 2));
        continue;
      }
      throw e;
    }
    if (!next.ok) throw next.error; // k is answered but not written: it stays queued and is replayed (P2)
    writing = writeAnswers(batch, sent.value.results);
    writing.catch(() => undefined); // awaited before the next read or at the end; never unhandled
    prepared = next.value;
  }
  if (writing) await writing;
  return { answered: answeredTotal, formerTownship };
}
