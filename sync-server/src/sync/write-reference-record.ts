import { stampFields } from '../../../src/shared/rules/stamp-fields';
import type { AppContext } from '../context';
import { appError } from '../errors';
import type { StoredRecord } from '../store/store';

export interface ReferenceWrite {
  entity: string;
  id: string;
  /** null: reference data for every township (events). */
  township: string | null;
  fields: Record<string, unknown>;
  mode: 'create' | 'update';
  userId: string;
  deviceId: string | null;
}

/**
 * Writes a record made on the server (disaster events, shelter sites: reference data tablets pull,
 * SPEC L1). The new fields replace the old; a field that kept its value keeps its field version, so the
 * merge rule of a later tablet change still sees which fields moved.
 */
export async function writeReferenceRecord(ctx: AppContext, w: ReferenceWrite): Promise<StoredRecord> {
  const at = ctx.clock().toISOString();
  return ctx.store.transaction(async (tx) => {
    const existing = await tx.getRecord(w.entity, w.id);
    if (w.mode === 'create' && existing) throw appError('ALREADY_EXISTS', { entity: w.entity, id: w.id });
    if (w.mode === 'update' && !existing) throw appError('NOT_FOUND', { entity: w.entity, id: w.id });
    const version = (existing?.version ?? 0) + 1;
    // A field that kept its value keeps its field version and stamp.
    const { fieldVersions, fieldStamps } = stampFields(w.fields, version, { at, device: 'server' }, existing);
    const record = await tx.putRecord({
      entity: w.entity,
      id: w.id,
      township: w.township,
      version,
      fields: w.fields,
      fieldVersions,
      fieldStamps,
      createdBy: existing?.createdBy ?? w.userId,
      updatedBy: w.userId,
      originClient: null,
      updatedAt: at,
      deleted: false,
      idHmac: null,
    });
    await tx.appendAudit({
      at, userId: w.userId, deviceId: w.deviceId, township: w.township, action: `${w.entity}.${w.mode}`,
      entity: w.entity, recordId: w.id, detail: { version, fields: Object.keys(w.fields).sort() },
    });
    return record;
  });
}
