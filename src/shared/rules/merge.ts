import { deepEqual } from './deep-equal';

/**
 * Per-field merge of one pushed change into the server's copy (SPEC rules C1–C5).
 * Pure and deterministic: the same set of changes gives the same record in any order
 * of arrival, which the convergence tests check.
 */

/** Who wrote a field value, used only to pick a deterministic provisional value in a conflict. */
export interface FieldStamp {
  at: string;
  device: string;
}

export interface MergeableRecord {
  version: number;
  fields: Record<string, unknown>;
  /** The record version at which each field last changed. */
  fieldVersions: Record<string, number>;
  fieldStamps: Record<string, FieldStamp>;
}

export interface IncomingChange {
  baseVersion: number;
  fields: Record<string, unknown>;
  changedAt: string;
  deviceId: string;
}

export interface FieldConflict {
  field: string;
  /** Both values, each with who wrote it; `kept` is the one now in the record. */
  kept: { value: unknown; stamp: FieldStamp };
  other: { value: unknown; stamp: FieldStamp };
}

export interface MergeResult {
  record: MergeableRecord;
  status: 'applied' | 'merged' | 'conflict';
  conflicts: FieldConflict[];
  /** False when the change altered no value (its values were already there). */
  changed: boolean;
  /** True when only field stamps moved (an equal value written later, C5): store it, same version. */
  stampsOnly: boolean;
}

/** C4: the later stamp wins provisionally; ties go to the greater device id. Never silent: a conflict is recorded. */
export function stampWins(a: FieldStamp, b: FieldStamp): boolean {
  if (a.at !== b.at) return a.at > b.at;
  return a.device > b.device;
}

export function mergeChange(existing: MergeableRecord | null, change: IncomingChange): MergeResult {
  const stamp: FieldStamp = { at: change.changedAt, device: change.deviceId };
  // C1: a create, or a change to a record the server has not seen: every field applies.
  if (!existing) {
    const fieldVersions: Record<string, number> = {};
    const fieldStamps: Record<string, FieldStamp> = {};
    for (const k of Object.keys(change.fields)) {
      fieldVersions[k] = 1;
      fieldStamps[k] = stamp;
    }
    return { record: { version: 1, fields: { ...change.fields }, fieldVersions, fieldStamps }, status: 'applied', conflicts: [], changed: true, stampsOnly: false };
  }
  const fastForward = change.baseVersion >= existing.version;
  const nextVersion = existing.version + 1;
  const fields = { ...existing.fields };
  const fieldVersions = { ...existing.fieldVersions };
  const fieldStamps = { ...existing.fieldStamps };
  const conflicts: FieldConflict[] = [];
  let changed = false;
  let stamped = false;
  for (const [k, incoming] of Object.entries(change.fields)) {
    const current = existing.fields[k];
    if (deepEqual(current, incoming)) {
      // C5: the same value twice is no change of value. Its stamp becomes the later of the two, so a
      // third, conflicting write is judged the same whichever of the equal writes arrived first.
      const currentStamp = existing.fieldStamps[k];
      if (currentStamp && stampWins(stamp, currentStamp)) {
        fieldStamps[k] = stamp;
        stamped = true;
      }
      continue;
    }
    const touchedSince = (existing.fieldVersions[k] ?? 0) > change.baseVersion;
    if (fastForward || !touchedSince) {
      // C2/C3: nobody else changed this field since the base the tablet edited: take it.
      fields[k] = incoming;
      fieldVersions[k] = nextVersion;
      fieldStamps[k] = stamp;
      changed = true;
      continue;
    }
    // C4: both sides changed the same field to different values. Keep both; pick one deterministically.
    const currentStamp = existing.fieldStamps[k] ?? { at: '', device: '' };
    if (stampWins(stamp, currentStamp)) {
      conflicts.push({ field: k, kept: { value: incoming, stamp }, other: { value: current, stamp: currentStamp } });
      fields[k] = incoming;
      fieldVersions[k] = nextVersion;
      fieldStamps[k] = stamp;
      changed = true;
    } else {
      conflicts.push({ field: k, kept: { value: current, stamp: currentStamp }, other: { value: incoming, stamp } });
    }
  }
  const record = changed
    ? { version: nextVersion, fields, fieldVersions, fieldStamps }
    : stamped
      ? { ...existing, fieldStamps }
      : existing;
  const status = conflicts.length > 0 ? 'conflict' : fastForward ? 'applied' : 'merged';
  return { record, status, conflicts, changed, stampsOnly: stamped && !changed };
}
