import { createHash } from 'node:crypto';
import { deepEqual } from '../../../src/shared/rules/deep-equal';
import { stampFields } from '../../../src/shared/rules/stamp-fields';
import type { FlagFields, FlagKind } from '../../../src/shared/rules/relocation/flag-fields';
import type { AppContext } from '../context';
import type { StoreTx, StoredRecord } from '../store/store';

export const FLAG_ENTITY = 'flag';

/**
 * One flag per thing found, whoever finds it and however often: the id is a hash of what the records
 * share (kind, event, the head's id_hmac or household record, item, round). The HMAC is already keyed,
 * so the id reveals no ID number.
 */
export function flagRecordId(kind: FlagKind, parts: string[]): string {
  return 'fl-' + createHash('sha256').update([kind, ...parts].join('\u0000')).digest('hex').slice(0, 40);
}

/** What a detection found; the write adds status, openedAt and keeps any resolution. */
export type FlagCandidate = Omit<FlagFields, 'status' | 'openedAt' | 'resolution'> & { township: string | null };

export interface FlagWriter {
  userId: string | null;
  deviceId: string | null;
}

const union = (a: readonly string[] = [], b: readonly string[] = []) => [...new Set([...a, ...b])].sort();

/** Writes the flag record with server stamps on every field: tablets only pull flags (SPEC L1). */
export async function putFlag(tx: Pick<StoreTx, 'putRecord'>, id: string, existing: StoredRecord | null, township: string | null, fields: FlagFields, at: string, userId: string | null) {
  const version = (existing?.version ?? 0) + 1;
  const f = fields as unknown as Record<string, unknown>;
  return tx.putRecord({
    entity: FLAG_ENTITY, id, township, version, fields: f, ...stampFields(f, version, { at, device: 'server' }),
    createdBy: existing?.createdBy ?? userId, updatedBy: userId,
    // Written by the server: every device of the township pulls it (SPEC L3).
    originClient: null, updatedAt: at, deleted: false, idHmac: null,
  });
}

/**
 * What one detection found, written together by `write`: every flag of a push in one transaction
 * (issue 14: one commit, where a push of hand-outs after a flood wrote a dozen flags, each its own).
 */
export class PendingFlags {
  private readonly items: { id: string; c: FlagCandidate }[] = [];

  add(id: string, c: FlagCandidate): void {
    this.items.push({ id, c });
  }

  /** Writes them in the order found; how many were opened or updated (not unchanged). */
  async write(ctx: AppContext, by: FlagWriter): Promise<number> {
    if (this.items.length === 0) return 0;
    const at = ctx.clock().toISOString();
    return ctx.store.transaction(async (tx) => {
      let written = 0;
      for (const { id, c } of this.items) if ((await writeFlagIn(tx, at, id, c, by)) !== 'unchanged') written++;
      return written;
    }, { group: true }); // SPEC I4: the flags of pushes finishing together share one commit
  }
}

/**
 * Opens the flag, or adds newly found records (or a person's changed disagreements) to it, inside the
 * transaction of PendingFlags.write. Exactly once by construction: a flag that already lists every record, with the same
 * disagreements and description, is not written again (no new serverSeq, no audit), so a
 * replayed push or a second detector finds nothing to do. A resolved flag that gains a record opens
 * again, its earlier resolution kept for the supervisor to see.
 */
async function writeFlagIn(tx: StoreTx, at: string, id: string, c: FlagCandidate, by: FlagWriter): Promise<'opened' | 'updated' | 'unchanged'> {
  const existing = await tx.getRecord(FLAG_ENTITY, id);
  const old = existing?.fields as FlagFields | undefined;
  const recordIds = union(old?.recordIds, c.recordIds);
  const householdIds = c.householdIds || old?.householdIds ? union(old?.householdIds, c.householdIds) : undefined;
  const grew = !old || recordIds.length !== old.recordIds.length || (householdIds?.length ?? 0) !== (old.householdIds?.length ?? 0);
  // A person's registrations that now say something else (issue 13 item 3) is news for the county too.
  // Compared as values: PostgreSQL's jsonb gives object keys back in its own order.
  const disagree = !deepEqual(c.disagreements ?? [], old?.disagreements ?? []);
  const described = !deepEqual(c.occurrences ?? null, old?.occurrences ?? null) || c.key !== old?.key;
  if (old && !grew && !disagree && !described) return 'unchanged';
  const { township, ...candidate } = c;
  if (!candidate.occurrences) delete candidate.occurrences;
  if (!candidate.disagreements?.length) delete candidate.disagreements;
  const fields: FlagFields = {
    ...candidate,
    recordIds,
    ...(householdIds ? { householdIds } : {}),
    townships: union(old?.townships, c.townships),
    // Opens again when it gains a record or its disagreement changes; a new description alone does not.
    status: grew || disagree ? 'open' : old!.status,
    openedAt: old?.openedAt ?? at,
    ...(old?.resolution ? { resolution: old.resolution } : {}),
  };
  // The flag stays in the township it was first opened in, so it never moves between tablets.
  const home = existing ? existing.township : township;
  await putFlag(tx, id, existing, home, fields, at, by.userId);
  await tx.appendAudit({
    at, userId: by.userId, deviceId: by.deviceId, township: home, action: existing ? 'flag.update' : 'flag.open', entity: FLAG_ENTITY, recordId: id,
    detail: { kind: c.kind, records: recordIds.length },
  });
  return existing ? 'updated' : 'opened';
}
