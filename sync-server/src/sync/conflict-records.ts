import { createHash } from 'node:crypto';
import { deepEqual } from '../../../src/shared/rules/deep-equal';
import type { FieldConflict, FieldStamp } from '../../../src/shared/rules/merge';
import { stampFields } from '../../../src/shared/rules/stamp-fields';
import type { StoredRecord } from '../store/store';
import type { ChangeTx } from './batch-tx';

export const CONFLICT_ENTITY = 'conflict';

/** One conflict record per (entity, record, field), so a field that conflicts again updates the same one. */
export function conflictRecordId(entity: string, recordId: string, field: string): string {
  return 'cf-' + createHash('sha256').update(`${entity}\u0000${recordId}\u0000${field}`).digest('hex').slice(0, 40);
}

interface ConflictValue {
  value: unknown;
  stamp: FieldStamp;
}

interface ConflictFields {
  entity: string;
  recordId: string;
  field: string;
  /** [kept, other, ...older]: every value that competed, the one now in the record first. */
  values: ConflictValue[];
  status: 'open' | 'resolved';
  resolvedAt?: string;
  resolvedBy?: string;
  resolvedVersion?: number;
}

interface Writer {
  township: string | null;
  userId: string;
  at: string;
}

async function putConflict(tx: ChangeTx, id: string, existing: StoredRecord | null, fields: ConflictFields, w: Writer) {
  const version = (existing?.version ?? 0) + 1;
  const f = fields as unknown as Record<string, unknown>;
  await tx.putRecord({
    entity: CONFLICT_ENTITY,
    id,
    township: w.township,
    version,
    fields: f,
    ...stampFields(f, version, { at: w.at, device: 'server' }),
    createdBy: existing?.createdBy ?? w.userId,
    updatedBy: w.userId,
    // Written by the server: every device of the township pulls it (SPEC L3).
    originClient: null,
    updatedAt: w.at,
    deleted: false,
    idHmac: null,
  });
}

function withoutAccount({ account: _account, ...stamp }: FieldStamp): FieldStamp {
  return stamp;
}

/**
 * SPEC C4: both values of a conflicting field are kept in a conflict record of the record's township,
 * written in the push's transaction so the tablets pull it with the record. Nothing is dropped: values
 * from an earlier conflict on the same field stay listed after the new pair.
 */
export async function openConflict(tx: ChangeTx, entity: string, recordId: string, c: FieldConflict, w: Writer): Promise<void> {
  const id = conflictRecordId(entity, recordId, c.field);
  const existing = await tx.getRecord(CONFLICT_ENTITY, id);
  // A conflict record is pulled by every tablet of the township: its stamps say when and from which
  // client id, as before; the writer's account (C9, for the merge only) stays in the record's field stamps.
  const values: ConflictValue[] = [c.kept, c.other].map((v) => ({ value: v.value, stamp: withoutAccount(v.stamp) }));
  const earlier = (existing?.fields.values as ConflictValue[] | undefined) ?? [];
  for (const v of earlier) if (!values.some((x) => deepEqual(x.value, v.value))) values.push(v);
  await putConflict(tx, id, existing, { entity, recordId, field: c.field, values, status: 'open' }, w);
}

/**
 * SPEC C6: a change that set a conflicting field from the current version (the worker chose a value)
 * resolves the open conflict record of that field.
 */
export async function resolveConflicts(tx: ChangeTx, entity: string, recordId: string, fields: string[], version: number, w: Writer): Promise<void> {
  for (const field of fields) {
    const id = conflictRecordId(entity, recordId, field);
    const existing = await tx.getRecord(CONFLICT_ENTITY, id);
    if (!existing || existing.fields.status !== 'open') continue;
    const f = existing.fields as unknown as ConflictFields;
    await putConflict(tx, id, existing, { ...f, status: 'resolved', resolvedAt: w.at, resolvedBy: w.userId, resolvedVersion: version }, w);
  }
}
