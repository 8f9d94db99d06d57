import type { PulledRecord } from '../../../src/shared/protocol/messages';
import type { MergeableRecord } from '../../../src/shared/rules/merge';
import type { PullRow, StoredRecord } from '../store/store';

/** The part of a stored record the shared merge rule works on. */
export function mergeable(r: StoredRecord): MergeableRecord {
  return { version: r.version, fields: r.fields, fieldVersions: r.fieldVersions, fieldStamps: r.fieldStamps };
}

/** A stored record as a pull sends it (SPEC L1). */
export function pulled(r: PullRow): PulledRecord {
  const out: PulledRecord = {
    entity: r.entity as PulledRecord['entity'],
    id: r.id,
    version: r.version,
    serverSeq: r.serverSeq,
    township: r.township,
    fields: r.fields,
    updatedAt: r.updatedAt,
  };
  if (r.deleted) out.deleted = true;
  return out;
}
