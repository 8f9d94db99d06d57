import type { Change, ChangeResult } from '../../../src/shared/protocol/messages';
import type { Store, UserRow } from '../store/store';
import type { ChangeTx } from './batch-tx';
import { applyChange, type PushActor } from './apply-change';
import { codeItselfOnly, type SameArea } from './same-area';

/**
 * The townships the account held before its current one (SPEC A8), from its area history. Read once
 * per push, before the transaction: the history only grows, and a move also ends the session that
 * pushes, so it cannot change under a running push.
 */
export async function formerTownships(store: Store, user: UserRow): Promise<string[]> {
  const areas = await store.listAccountAreas(user.id);
  const former = areas.filter((a) => a.until !== null && a.township !== null && a.township !== user.township).map((a) => a.township!);
  return [...new Set(former)];
}

/**
 * SPEC A8: the township one change is stored under. The tablet stamps each change with the township
 * its worker held when saving; a stamp that is the account's current township, or absent (an older
 * tablet), means the current one; a township the account held before means that one (the worker was
 * moved with records still waiting on the tablet); any other stamp is refused (null).
 */
function changeTownship(user: UserRow, former: readonly string[], change: Change, sameArea: SameArea = codeItselfOnly): { township: string; former: boolean } | null {
  const stamped = change.township;
  if (!user.township) return stamped !== undefined && former.includes(stamped) ? { township: stamped, former: true } : null;
  // A stamp that is one area with the current township (a provisional code and its official successor) is the current one.
  if (stamped === undefined || sameArea(user.township).has(stamped)) return { township: user.township, former: false };
  const held = former.find((f) => sameArea(f).has(stamped));
  return held ? { township: held, former: true } : null;
}

/**
 * applyChange under the change's township (SPEC A8). A change accepted under a former township says so
 * in its result (`acceptedUnder`), so the tablet can tell the worker where those records went.
 */
export async function applyInChangeArea(tx: ChangeTx, actor: PushActor, former: readonly string[], change: Change): Promise<ChangeResult> {
  const area = changeTownship(actor.user, former, change, actor.sameArea);
  if (!area) {
    await tx.appendAudit({
      at: actor.at, userId: actor.user.id, deviceId: actor.deviceId, township: actor.township, action: 'sync.denied',
      entity: change.entity, recordId: change.id, detail: { seq: change.seq, code: 'OUT_OF_AREA', stamped: true },
    });
    return { seq: change.seq, id: change.id, status: 'rejected', code: 'OUT_OF_AREA' };
  }
  if (!area.former) return applyChange(tx, actor, change);
  const result = await applyChange(tx, { ...actor, township: area.township }, change);
  if (result.status === 'rejected') return result;
  // Written into a township the account no longer holds: say so in the log, with the one it holds now.
  await tx.appendAudit({
    at: actor.at, userId: actor.user.id, deviceId: actor.deviceId, township: area.township, action: 'sync.former_township',
    entity: change.entity, recordId: change.id, detail: { seq: change.seq, currentTownship: actor.township },
  });
  return { ...result, acceptedUnder: area.township };
}
