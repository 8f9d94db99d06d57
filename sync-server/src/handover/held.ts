import type { HeldRequest } from '../../../src/shared/protocol/handover-format';
import type { ChangeResult } from '../../../src/shared/protocol/messages';
import type { AppContext } from '../context';
import type { UserRow } from '../store/store';

/**
 * F10: which of a tablet's queued changes the server holds already (through a hand-over file, or a push
 * whose answer was lost), with the results stored the first time (P2). Only marks this account wrote
 * with the same content answer (P8); anything else is left out, and the tablet pushes it as usual —
 * where the push path gives its own answer (a replay, or CLIENT_ID_REUSED).
 */
export async function heldResults(ctx: AppContext, user: UserRow, request: HeldRequest): Promise<{ results: ChangeResult[] }> {
  const device = await ctx.store.getDevice(request.deviceId);
  if (!device || device.userId !== user.id) return { results: [] };
  const marks = await ctx.store.transaction((tx) => tx.getAppliedChanges(request.deviceId, request.changes.map((c) => c.seq)));
  const results: ChangeResult[] = [];
  for (const c of request.changes) {
    const mark = marks.get(c.seq);
    if (!mark || mark.userId !== user.id) continue;
    if (mark.contentHash !== null && mark.contentHash !== c.contentHash) continue;
    results.push(mark.result);
  }
  return { results };
}
