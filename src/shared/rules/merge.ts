import { deepEqual } from './deep-equal';
import { stampFields } from './stamp-fields';

/**
 * Per-field merge of one pushed change into the server's copy (SPEC rules C1–C5, C8).
 * Pure and deterministic: the same set of changes gives the same record in any order
 * of arrival, which the convergence tests check.
 */

/** Who wrote a field value, used only to pick a deterministic provisional value in a conflict. */
export interface FieldStamp {
  at: string;
  device: string;
  /**
   * SPEC C9: the account that wrote the value. A client id moved to a fresh one (P9) is still the same
   * writer: its resent changes supersede what the account wrote under the old id. Absent on stamps
   * stored before, which then match by client id only.
   */
  account?: string;
  /**
   * SPEC C8: another client id wrote the same value (C5) or competed for this field (C4) too, so the
   * value is not this device's alone and its later write does not supersede it silently. Absent on
   * stamps stored before C8, which then count as the device's own.
   */
  shared?: true;
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
  /** The pushing account (C8: its client ids are one writer). */
  account?: string;
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
  /**
   * C8: fields taken although changed since the change's base, because only this same client had
   * changed them (its own earlier write). The change did not see anything else of the field, so it must
   * not count as a worker's resolution of an open conflict of it (C6).
   */
  superseded: string[];
}

/** C4: the later stamp wins provisionally; ties go to the greater device id. Never silent: a conflict is recorded. */
export function stampWins(a: FieldStamp, b: FieldStamp): boolean {
  if (a.at !== b.at) return a.at > b.at;
  return a.device > b.device;
}

/**
 * SPEC C8: the field's current value was written by this same client id, at a stamp not later than this
 * change's. A tablet's changes are cumulative since their base (P1) and its outbox folds a record's queued
 * saves into one change, so after a lost reply (the server applied the first save, the tablet never heard)
 * the folded change arrives on the old base carrying the tablet's own earlier value edited again. That is
 * not a competing value: the device's later write supersedes its earlier one, as a fast-forward of that
 * field. Fixed here, on the server's rule, rather than in the client's fold: the tablet cannot know the
 * lost reply was applied, and tablets already in the field fold this way.
 * A stamp of the same client that is LATER than the change (impossible in P1 order) is judged as today
 * (C4: both values kept), so no value is dropped and the result stays deterministic. A different client
 * id is never superseded (C4), nor a value another client also wrote or competed with (`shared`): then
 * the device's later write is a C4 conflict as before, which keeps the other client's value and leaves an
 * open conflict of the field open.
 */
function ownEarlierWrite(current: FieldStamp | undefined, incoming: FieldStamp): boolean {
  return current !== undefined && current.shared !== true && sameWriter(current, incoming) && current.at <= incoming.at;
}

/**
 * SPEC C9: one writer is one client id, or one account. After CLIENT_ID_REUSED the tablet resends its
 * unacknowledged changes under a fresh client id of the same account (P9); some of them the server may
 * already have applied under the old id (a lost reply), folded with later saves of the same fields. By
 * client id alone those would conflict with the tablet's own earlier writes. So the account counts too:
 * an account's later write supersedes its own earlier one whichever of its client ids carried them (a
 * worker on two tablets included: the later value the worker saved stands, the earlier-stamped one
 * arriving last is still a C4 conflict). Stamps without an account (stored before) match by client id.
 */
function sameWriter(a: FieldStamp, b: FieldStamp): boolean {
  return a.device === b.device || (a.account !== undefined && a.account === b.account);
}

function sameStamp(a: FieldStamp, b: FieldStamp): boolean {
  return a.at === b.at && a.device === b.device && a.account === b.account && a.shared === b.shared;
}

export function mergeChange(existing: MergeableRecord | null, change: IncomingChange): MergeResult {
  const stamp: FieldStamp = { at: change.changedAt, device: change.deviceId, ...(change.account !== undefined ? { account: change.account } : {}) };
  // C1: a create, or a change to a record the server has not seen: every field applies.
  if (!existing) {
    return { record: { version: 1, fields: { ...change.fields }, ...stampFields(change.fields, 1, stamp) }, status: 'applied', conflicts: [], changed: true, stampsOnly: false, superseded: [] };
  }
  const fastForward = change.baseVersion >= existing.version;
  const nextVersion = existing.version + 1;
  const fields = { ...existing.fields };
  const fieldVersions = { ...existing.fieldVersions };
  const fieldStamps = { ...existing.fieldStamps };
  const conflicts: FieldConflict[] = [];
  const superseded: string[] = [];
  let changed = false;
  let stamped = false;
  for (const [k, incoming] of Object.entries(change.fields)) {
    const current = existing.fields[k];
    if (deepEqual(current, incoming)) {
      // C5: the same value twice is no change of value. Its stamp becomes the later of the two, so a
      // third, conflicting write is judged the same whichever of the equal writes arrived first.
      // C8: an equal value from another client id makes the value shared, in either arrival order.
      const currentStamp = existing.fieldStamps[k];
      if (currentStamp) {
        const later = stampWins(stamp, currentStamp) ? stamp : currentStamp;
        const shared = currentStamp.shared === true || !sameWriter(currentStamp, stamp);
        const next: FieldStamp = shared ? { ...later, shared: true } : later;
        if (next !== currentStamp && !sameStamp(next, currentStamp)) {
          fieldStamps[k] = next;
          stamped = true;
        }
      }
      continue;
    }
    const touchedSince = (existing.fieldVersions[k] ?? 0) > change.baseVersion;
    const ownEarlier = ownEarlierWrite(existing.fieldStamps[k], stamp);
    if (fastForward || !touchedSince || ownEarlier) {
      // C2/C3: nobody else changed this field since the base the tablet edited: take it.
      // C8: or only this same client did, earlier: its own later write supersedes its own earlier one.
      fields[k] = incoming;
      fieldVersions[k] = nextVersion;
      fieldStamps[k] = stamp;
      changed = true;
      if (ownEarlier && touchedSince && !fastForward) superseded.push(k);
      continue;
    }
    // C4: both sides changed the same field to different values. Keep both; pick one deterministically.
    const currentStamp = existing.fieldStamps[k] ?? { at: '', device: '' };
    // C8: the value now held competed with another client's: mark it shared (in both arrival orders), so
    // a later write of its device opens the conflict again rather than superseding it past an open one.
    if (stampWins(stamp, currentStamp)) {
      conflicts.push({ field: k, kept: { value: incoming, stamp }, other: { value: current, stamp: currentStamp } });
      fields[k] = incoming;
      fieldVersions[k] = nextVersion;
      fieldStamps[k] = { ...stamp, shared: true };
      changed = true;
    } else {
      conflicts.push({ field: k, kept: { value: current, stamp: currentStamp }, other: { value: incoming, stamp } });
      if (!currentStamp.shared) {
        fieldStamps[k] = { ...currentStamp, shared: true };
        stamped = true;
      }
    }
  }
  const record = changed
    ? { version: nextVersion, fields, fieldVersions, fieldStamps }
    : stamped
      ? { ...existing, fieldStamps }
      : existing;
  const status = conflicts.length > 0 ? 'conflict' : fastForward ? 'applied' : 'merged';
  return { record, status, conflicts, changed, stampsOnly: stamped && !changed, superseded };
}
