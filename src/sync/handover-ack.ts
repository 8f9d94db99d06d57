import { outboxChangeFields } from '../db/outbox-change';
import { canonicalJson } from '../shared/protocol/canonical-json';
import { HELD_MAX_SEQS, type HeldRequest } from '../shared/protocol/handover-format';
import type { Change, ChangeResult } from '../shared/protocol/messages';
import { sha256Hex } from '../security/sha256-hex';
import type { Fields } from '../db/record-fields';
import { ApiError } from './api-client';
import { queuedRange } from './outbox-stats';
import { applyPushResults } from './push';
import { handoverMeta, readExported } from './handover-store';
import { supersededBy, type QueuedRow } from './handover-select';
import type { SyncContext } from './sync-context';

/** SPEC P8's content hash, as the server computes it (sync-server/src/sync/content-hash.ts). */
async function contentHash(change: Omit<Change, 'seq' | 'township'>): Promise<string> {
  const { entity, id, baseVersion, fields, formVersion, changedAt } = change;
  return sha256Hex(canonicalJson({ entity, id, baseVersion, fields, formVersion, changedAt }));
}

/**
 * SPEC F10: before a push, after this tablet exported a file, ask the server which of the queued
 * changes up to the file's last seq it holds already (the file was imported), and apply those stored
 * results exactly as a push answer (push.ts applyPushResults: versions, rebasing later changes,
 * conflicts, rejections) without sending the changes. Returns how many changes were answered.
 * Rows answered together are of distinct records, as in a push batch; a record with two answered rows
 * (rare: an answer lost, then a file) is answered in a later round, oldest first.
 */
export async function ackHandedOver(ctx: SyncContext): Promise<number> {
  const exported = await readExported(ctx.db);
  if (!exported) return 0;
  const queued = (await queuedRange(ctx.db).toArray()) as QueuedRow[];
  const asked = queued.filter((q) => q.seq <= exported.seqTo).slice(0, HELD_MAX_SEQS);
  if (asked.length === 0) {
    await handoverMeta(ctx.db).delete('handover.exported');
    return 0;
  }
  const fields = await outboxChangeFields(ctx.keys.dataKey, asked);
  const body: HeldRequest = {
    deviceId: ctx.clientId,
    changes: await Promise.all(
      asked.map(async (row, i) => ({
        seq: row.seq,
        contentHash: await contentHash({ entity: row.entity, id: row.id, baseVersion: row.baseVersion, fields: fields[i]!, formVersion: row.formVersion, changedAt: row.changedAt }),
      })),
    ),
  };
  let results: ChangeResult[];
  try {
    results = (await ctx.api.call<{ results: ChangeResult[] }>(ctx.token, 'POST', '/api/sync/held', body)).results;
  } catch (e) {
    // The question is only a saving: when it fails for any reason but the session (an older server, a
    // busy one), the push sends the changes and the server answers the held ones from P2 all the same.
    if (e instanceof ApiError && (e.code === 'UNAUTHENTICATED' || e.code === 'SESSION_EXPIRED')) throw e;
    return 0;
  }
  const bySeq = new Map(asked.map((r) => [r.seq, r]));
  let remaining = results.filter((r) => bySeq.has(r.seq)).sort((a, b) => a.seq - b.seq);
  let answered = 0;
  while (remaining.length > 0) {
    const ids = new Set<string>();
    const round: ChangeResult[] = [];
    const later: ChangeResult[] = [];
    for (const r of remaining) {
      const row = bySeq.get(r.seq)!;
      if (ids.has(row.id)) later.push(r);
      else {
        ids.add(row.id);
        round.push(r);
      }
    }
    const rows = round.map((r) => bySeq.get(r.seq)!);
    const current = (await queuedRange(ctx.db).toArray()) as QueuedRow[];
    const done = await applyPushResults(ctx, rows, round, supersededBy(rows, current));
    if (done.ids.length > 0) ctx.onRecordsChanged(done.ids);
    answered += done.answered;
    remaining = later;
  }
  return answered;
}

