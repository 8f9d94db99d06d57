import type { ChangeResult, PushRequest, PushResponse } from '../../../src/shared/protocol/messages';
import type { AppContext } from '../context';
import { appError } from '../errors';
import type { UserRow } from '../store/store';
import type { PushActor } from './apply-change';
import { flagAfterPush } from './after-push-flags';
import { afterPushSurvey, loadSurveyPolicy } from './after-push-survey';
import { applyInChangeArea, formerTownships } from './change-area';

/** Another transaction applied one of our (deviceId, seq) pairs first: roll back and read its results. */
class AlreadyApplied extends Error {}

/**
 * SPEC P1–P5: applies a batch in one transaction. Each change is looked up by (deviceId, seq) first;
 * one already applied returns the result stored the first time (P2), so a replay changes nothing.
 */
export async function applyPush(ctx: AppContext, user: UserRow, request: PushRequest): Promise<PushResponse> {
  // A2: field records are stored under the account's township; an account without one cannot push.
  if (!user.township) throw appError('FORBIDDEN', { reason: 'account has no township' });
  const at = ctx.clock().toISOString();
  const actor: PushActor = { user, township: user.township, deviceId: request.deviceId, at, idHmac: await ctx.idHmac() };
  const former = await formerTownships(ctx.store, user); // SPEC A8 (change-area.ts)

  // Issue 3 §7: the server's own policy for re-assessing surveys, read before the transaction.
  const surveyPolicy = await loadSurveyPolicy(ctx, user.township, request.changes);

  const attempt = () =>
    ctx.store.transaction(async (tx) => {
      const results: ChangeResult[] = [];
      for (const change of request.changes) {
        const stored = await tx.getAppliedResult(actor.deviceId, change.seq);
        if (stored) {
          results.push(stored);
          continue;
        }
        const result = await applyInChangeArea(tx, actor, former, change); // SPEC A8: applyChange under the change's township
        if (change.entity === 'survey') await afterPushSurvey(tx, actor, change, result, surveyPolicy);
        // The primary key of applied_changes is the last word (P2): if the pair exists now, another
        // server process got there first, and this whole transaction must not commit.
        if (!(await tx.recordApplied(actor.deviceId, change.seq, result, at))) throw new AlreadyApplied();
        results.push(result);
      }
      return results;
    });

  let results: ChangeResult[];
  try {
    results = await attempt();
  } catch (err) {
    if (!(err instanceof AlreadyApplied)) throw err;
    results = await attempt();
  }
  // Duplicate-person and double hand-out flags, after the commit; replays run it again (after-push-flags.ts).
  await flagAfterPush(ctx, { userId: user.id, deviceId: actor.deviceId }, request.changes, results);
  return { results, serverTime: at };
}
