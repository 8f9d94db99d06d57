import { deepEqual } from './deep-equal';
import type { FieldStamp, MergeableRecord } from './merge';

/**
 * The field versions and stamps of a record written whole at `version` by one writer (a tablet's
 * create, SPEC C1, or a record the server writes itself: flags, conflicts, reference data, SPEC L1).
 * With `previous`, a field whose value did not change keeps its old version and stamp, so the merge
 * rule of a later tablet change still sees which fields moved (C3).
 */
export function stampFields(
  fields: Record<string, unknown>,
  version: number,
  stamp: FieldStamp,
  previous?: MergeableRecord | null,
): Pick<MergeableRecord, 'fieldVersions' | 'fieldStamps'> {
  const fieldVersions: Record<string, number> = {};
  const fieldStamps: Record<string, FieldStamp> = {};
  for (const [k, v] of Object.entries(fields)) {
    const same = !!previous && k in previous.fields && deepEqual(previous.fields[k], v);
    fieldVersions[k] = same ? (previous.fieldVersions[k] ?? version) : version;
    fieldStamps[k] = same && previous.fieldStamps[k] ? previous.fieldStamps[k] : stamp;
  }
  return { fieldVersions, fieldStamps };
}
