import { createHash } from 'node:crypto';
import { deepEqual } from '../../../src/shared/rules/deep-equal';
import { stampFields } from '../../../src/shared/rules/stamp-fields';
import type { FlagFields, FlagKind } from '../../../src/shared/rules/relocation/flag-fields';
import type { AppContext } from '../context';
import type { AuditInput, RecordWrite, StoreTx, StoredRecord } from '../store/store';

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

/** What a flag's write needs of its stored state: the row as read, or as this transaction last wrote it. */
type FlagState = Pick<StoredRecord, 'version' | 'fields' | 'township' | 'createdBy'>;

/** The flag record with server stamps on every field: tablets only pull flags (SPEC L1). */
function flagWrite(id: string, existing: FlagState | null, township: string | null, fields: FlagFields, at: string, userId: string | null): RecordWrite {
  const version = (existing?.version ?? 0) + 1;
  const f = fields as unknown as Record<string, unknown>;
  return {
    entity: FLAG_ENTITY, id, township, version, fields: f, ...stampFields(f, version, { at, device: 'server' }),
    createdBy: existing?.createdBy ?? userId, updatedBy: userId,
    // Written by the server: every device of the township pulls it (SPEC L3).
    originClient: null, updatedAt: at, deleted: false, idHmac: null,
  };
}

/** Writes the flag record (a supervisor's resolution, a case's stale flag): flagWrite, stored. */
export async function putFlag(tx: Pick<StoreTx, 'putRecord'>, id: string, existing: StoredRecord | null, township: string | null, fields: FlagFields, at: string, userId: string | null) {
  return tx.putRecord(flagWrite(id, existing, township, fields, at, userId));
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

  /**
   * Writes them in the order found; how many were opened or updated (not unchanged). One read of every
   * flag found and multi-row writes (issue 14, thirteenth session: on PostgreSQL a flag was three round
   * trips under the lock), with the answers of writing them one by one (planFlagWrites); serverSeqs
   * follow the order found.
   */
  async write(ctx: AppContext, by: FlagWriter): Promise<number> {
    if (this.items.length === 0) return 0;
    const at = ctx.clock().toISOString();
    const items = this.items;
    return ctx.store.transaction(async (tx) => {
      // Read under the serialising lock (this transaction takes it from the start, `lock: 'first'`), so no
      // other server process writes one of these flags between the read and the write.
      const plan = await planFlagWrites(tx, items, at, by);
      for (const rows of plan.statements) if (rows.length) await tx.putRecords(rows);
      if (plan.audits.length) await tx.appendAudits(plan.audits);
      return plan.audits.length;
    }, { group: true }); // SPEC I4: the flags of pushes finishing together share one commit
  }
}

/**
 * The writes of these flags, on what the store holds: each decided on the state the previous ones left,
 * a flag found twice written twice, its second version in a later statement (one statement cannot write
 * a row twice).
 */
async function planFlagWrites(tx: StoreTx, items: readonly { id: string; c: FlagCandidate }[], at: string, by: FlagWriter): Promise<{ statements: RecordWrite[][]; audits: AuditInput[] }> {
  const keys = [...new Set(items.map((i) => i.id))].map((id) => ({ entity: FLAG_ENTITY, id }));
  const state = new Map<string, FlagState>((await tx.getRecords(keys)).map((r) => [r.id, r]));
  const statements: RecordWrite[][] = [[]];
  let inStatement = new Set<string>();
  const audits: AuditInput[] = [];
  for (const { id, c } of items) {
    const next = nextFlag(state.get(id) ?? null, at, id, c, by);
    if (!next) continue;
    if (inStatement.has(id)) {
      statements.push([]);
      inStatement = new Set();
    }
    statements[statements.length - 1]!.push(next.write);
    inStatement.add(id);
    state.set(id, next.write);
    audits.push(next.audit);
  }
  return { statements, audits };
}

/**
 * Opens the flag, or adds newly found records (or a person's changed disagreements) to it: the write and
 * its audit entry, for PendingFlags.write's transaction. Exactly once by construction: a flag that already
 * lists every record, with the same disagreements and description, is not written again (null: no new
 * serverSeq, no audit), so a replayed push or a second detector finds nothing to do. A resolved flag that
 * gains a record opens again, its earlier resolution kept for the supervisor to see.
 */
function nextFlag(existing: FlagState | null, at: string, id: string, c: FlagCandidate, by: FlagWriter): { write: RecordWrite; audit: AuditInput } | null {
  const old = existing?.fields as FlagFields | undefined;
  const recordIds = union(old?.recordIds, c.recordIds);
  const householdIds = c.householdIds || old?.householdIds ? union(old?.householdIds, c.householdIds) : undefined;
  const grew = !old || recordIds.length !== old.recordIds.length || (householdIds?.length ?? 0) !== (old.householdIds?.length ?? 0);
  // A person's registrations that now say something else (issue 13 item 3) is news for the county too.
  // Compared as values: PostgreSQL's jsonb gives object keys back in its own order.
  const disagree = !deepEqual(c.disagreements ?? [], old?.disagreements ?? []);
  const described = !deepEqual(c.occurrences ?? null, old?.occurrences ?? null) || c.key !== old?.key;
  if (old && !grew && !disagree && !described) return null;
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
  return {
    write: flagWrite(id, existing, home, fields, at, by.userId),
    audit: {
      at, userId: by.userId, deviceId: by.deviceId, township: home, action: existing ? 'flag.update' : 'flag.open', entity: FLAG_ENTITY, recordId: id,
      detail: { kind: c.kind, records: recordIds.length },
    },
  };
}
