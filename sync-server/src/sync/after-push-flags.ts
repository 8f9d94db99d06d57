import type { Change, ChangeResult } from '../../../src/shared/protocol/messages';
import type { AppContext } from '../context';
import type { StoredRecord } from '../store/store';
import { detectFlags } from './after-push-detect';
import type { FlagWriter } from './after-push-flag-write';

/**
 * Runs after a push batch has committed: flags duplicate people and double hand-outs that only show
 * once two tablets' records meet on the server (relocation-relief.md). Nothing is dropped or merged.
 *
 * Why after the commit and not inside the batch transaction: finding the other records needs a query
 * by id_hmac and by entity, which the transaction API (StoreTx) does not offer, and calling the store
 * from inside a transaction would deadlock SQLite's queue. Exactly-once still holds:
 * - flag ids are deterministic and a flag that already lists every record is not written again, so a
 *   replay, a concurrent push or a rescan never adds a second flag (after-push-flag-write.ts);
 * - it runs for every change of the batch the server accepted, replayed ones included: if the server
 *   died between the commit and the flags, the tablet never got its answer, pushes the batch again,
 *   and the replay writes the missing flags;
 * - a failure here never fails the push (a record already stored must not block the tablet's queue):
 *   it is audited as flags.failed, and POST /api/flags/rescan repairs the event.
 */
export async function flagAfterPush(
  ctx: AppContext,
  by: FlagWriter,
  changes: readonly Change[],
  results: readonly ChangeResult[],
  options: { written?: ReadonlyMap<string, StoredRecord>; idHmac?: (idNumber: string) => string } = {},
): Promise<void> {
  const accepted = changes.filter((c, i) => (c.entity === 'household' || c.entity === 'relief' || c.entity === 'relief-correction') && results[i] && results[i].status !== 'rejected');
  if (accepted.length === 0) return;
  try {
    // The records the batch wrote as it wrote them, not read back and parsed again (issue 14, SPEC I2);
    // the others (replays, changes that wrote nothing) in one read, kept in the batch's order.
    const written = options.written ?? new Map<string, StoredRecord>();
    const unwritten = accepted.filter((c) => !written.has(`${c.entity}\u0000${c.id}`)).map((c) => ({ entity: c.entity, id: c.id }));
    const found = new Map(written);
    if (unwritten.length) for (const r of await ctx.store.getRecords(unwritten)) found.set(`${r.entity}\u0000${r.id}`, r);
    const seeds: StoredRecord[] = [];
    for (const c of accepted) {
      const r = found.get(`${c.entity}\u0000${c.id}`);
      if (r && !r.deleted && !seeds.includes(r)) seeds.push(r);
    }
    await detectFlags(ctx, seeds, by, { indexed: written, written, idHmac: options.idHmac });
  } catch (err) {
    await ctx.store
      .appendAudit({
        at: ctx.clock().toISOString(), userId: by.userId, deviceId: by.deviceId, township: null, action: 'flags.failed',
        detail: { changes: accepted.length, error: err instanceof Error ? err.name : 'unknown' },
      })
      .catch(() => undefined);
  }
}
