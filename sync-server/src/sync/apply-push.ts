import type { ChangeResult, PushResponse } from '../../../src/shared/protocol/messages';
import type { AppContext } from '../context';
import { appError } from '../errors';
import type { AppliedChange, AppliedInsert, LockTiming, MergeReads, StoredRecord, UserRow } from '../store/store';
import { BatchTx, StaleBatchRead } from './batch-tx';
import { countWrittenQueries, writtenCommitted } from '../dashboard/count-written';
import { conflictKeys, referencedKeys } from './batch-keys';
import type { PushActor } from './apply-change';
import { flagAfterPush } from './after-push-flags';
import { afterPushSurvey, loadSurveyPolicy } from './after-push-survey';
import { changeContentHash } from './content-hash';
import type { ParsedPush } from './parse-push';
import { applyInChangeArea, formerTownships } from './change-area';
import { sameAreaOf } from './same-area';
import { householdPersonKeys } from './after-push-people';
import { rememberingHmac } from './id-hmac';

/** Another transaction applied one of our (deviceId, seq) pairs first: roll back and read its results. */
class AlreadyApplied extends Error {}

/** SPEC P8: a (deviceId, seq) of this batch was applied before with other content or by another account. */
class ClientIdReused extends Error {
  constructor(
    readonly seq: number,
    readonly reason: 'content' | 'account',
  ) {
    super(`client id reused at seq ${seq}`);
  }
}

/**
 * SPEC P8: the stored mark answers for this change only if the same account wrote the same content.
 * Marks from before migration 003 have no owner or hash and count as matching (P2 as it always was).
 */
function mismatch(stored: AppliedChange, userId: string, contentHash: string): ClientIdReused['reason'] | null {
  if (stored.userId !== null && stored.userId !== userId) return 'account';
  if (stored.contentHash !== null && stored.contentHash !== contentHash) return 'content';
  return null;
}

/**
 * SPEC P1–P5, P8: applies a batch in one transaction, reading and writing per batch (issue 14: BatchTx,
 * one statement per kind, one commit), with the same answers as applying its changes one by one.
 * Each change is looked up by (deviceId, seq) first;
 * one already applied with the same content by the same account returns the result stored the first
 * time (P2), so a replay changes nothing. Other content there (or the same seq twice in this batch
 * with different content) means another writer used this client id: nothing of the batch is written
 * and the answer is 409 CLIENT_ID_REUSED, so the tablet moves its unsent changes to a fresh id (P9).
 */
export async function applyPush(ctx: AppContext, user: UserRow, request: ParsedPush): Promise<PushResponse> {
  // A2: field records are stored under the account's township; an account without one cannot push.
  if (!user.township) throw appError('FORBIDDEN', { reason: 'account has no township' });
  const at = ctx.clock().toISOString();
  // Township codes one area with another (issue 10): the registry read once, before the transaction.
  const sameArea = sameAreaOf(await ctx.store.listDivisions());
  const idHmac = rememberingHmac(await ctx.idHmac());
  const actor: PushActor = { user, township: user.township, deviceId: request.deviceId, at, idHmac, sameArea };
  const former = await formerTownships(ctx.store, user); // SPEC A8 (change-area.ts)

  // Issue 3 §7: the server's own policy for re-assessing surveys, read before the transaction.
  const surveyPolicy = await loadSurveyPolicy(ctx, user.township, request.changes);

  // The records the committed attempt wrote (their person index went in with them, batch-tx.ts).
  let written: ReadonlyMap<string, StoredRecord> = new Map();
  const personKeys = (r: StoredRecord) => (r.entity === 'household' ? householdPersonKeys(r, idHmac) : null);
  // Reads and merges the batch (nothing is written yet: BatchTx keeps the writes for its flush).
  const merge = async (reads: MergeReads) => {
    const batch = new BatchTx(reads, { personKeys, alsoWrite: (written) => countWrittenQueries(written, ctx.store) });
    // Issue 14: one read per kind for the whole batch — the marks of its seqs, the records it
    // changes and the records they reference; then the open conflicts of the records that exist.
    const marks = await reads.getAppliedChanges(actor.deviceId, request.changes.map((c) => c.seq));
    await batch.preload(request.changes.flatMap((c) => [{ entity: c.entity, id: c.id }, ...referencedKeys(c)]));
    await batch.preload(request.changes.flatMap((c) => (batch.has(c.entity, c.id) ? conflictKeys(c) : [])));

    const results: ChangeResult[] = [];
    const marked: AppliedInsert[] = [];
    for (const [i, change] of request.changes.entries()) {
      const contentHash = request.contentHashes?.[i] ?? changeContentHash(change);
      const stored = marks.get(change.seq);
      if (stored) {
        const reason = mismatch(stored, user.id, contentHash);
        if (reason) throw new ClientIdReused(change.seq, reason);
        results.push(stored.result);
        continue;
      }
      const result = await applyInChangeArea(batch, actor, former, change); // SPEC A8: applyChange under the change's township
      if (change.entity === 'survey') await afterPushSurvey(batch, actor, change, result, surveyPolicy);
      const mark = { userId: user.id, contentHash };
      // The same seq again later in this batch finds this mark, as it would applying one by one.
      marks.set(change.seq, { result, ...mark });
      marked.push({ seq: change.seq, result, mark });
      results.push(result);
    }
    return { batch, results, marked };
  };
  const attempt = async (lock: LockTiming) => {
    // SPEC L5, I4 (PostgreSQL): merged on committed data before the push joins its group, so the group
    // holds the serialising lock only while its members check their reads and write, not while later
    // members read and merge. 'first' (the retry) and SQLite: merged inside the transaction.
    const outside = lock === 'beforeWrite' ? ctx.store.mergeReads() : null;
    const early = outside ? await merge(outside) : null;
    return ctx.store.transaction(async (tx) => {
      const { batch, results, marked } = early ?? (await merge(tx));
      // The primary key of applied_changes is the last word (P2): if a pair exists now, another
      // server process (or an earlier push of the group) got there first, and this must not commit.
      if (!(await batch.flush(tx, actor.deviceId, marked, at, early !== null))) throw new AlreadyApplied();
      written = batch.writtenRecords();
      return results;
    }, { lock, group: { expected: () => ctx.pushes.inFlight } }); // SPEC I4: pushes waiting together share one commit, each in its own savepoint
  };

  let results: ChangeResult[];
  try {
    try {
      // Merged outside the serialising lock (PostgreSQL); when another process (or an earlier push of
      // its group) wrote what the batch read, or applied one of its seqs, in between: again, with the
      // lock held from the start.
      results = await attempt('beforeWrite');
    } catch (err) {
      if (!(err instanceof AlreadyApplied) && !(err instanceof StaleBatchRead)) throw err;
      results = await attempt('first');
    }
  } catch (err) {
    if (!(err instanceof ClientIdReused)) throw err;
    // After the rollback: audited on its own, since nothing of the batch was written.
    await ctx.store.appendAudit({
      at, userId: user.id, deviceId: actor.deviceId, township: actor.township, action: 'sync.refused',
      detail: { code: 'CLIENT_ID_REUSED', seq: err.seq, reason: err.reason },
    });
    throw appError('CLIENT_ID_REUSED', { seq: err.seq });
  }
  // Committed: the count after it reads these households with the parse this push made (SPEC I2).
  writtenCommitted(written.values(), ctx.store);
  // Duplicate-person and double hand-out flags, after the commit; replays run it again (after-push-flags.ts).
  await flagAfterPush(ctx, { userId: user.id, deviceId: actor.deviceId }, request.changes, results, { written, idHmac });
  return { results, serverTime: at };
}
