import { sha256Hex } from './sha256-hex';
import type { Change, ChangeResult } from '../../../src/shared/protocol/messages';
import type { ErrorCode } from '../../../src/shared/protocol/error-codes';
import { deepEqual } from '../../../src/shared/rules/deep-equal';
import { RELIEF_CORRECTION_ENTITY, voidRecordId } from '../../../src/shared/schema/relief-correction';
import type { StoredRecord, UserRow } from '../store/store';
import type { ChangeTx } from './batch-tx';

export interface CorrectionRefusal {
  code: ErrorCode;
  issues: NonNullable<ChangeResult['issues']>;
}

const refuse = (code: ErrorCode, path: string, message: string): CorrectionRefusal => ({ code, issues: [{ path, message }] });

/**
 * Whether `original` (a stored hand-out) is void already: its void has a record id of its own (R3).
 * `except` is the correction being checked, so a replay of the void itself is not "already void".
 */
export async function isVoided(tx: ChangeTx, originalId: string, except?: string): Promise<boolean> {
  const id = await voidRecordId(originalId, sha256Hex);
  if (id === except) return false;
  const v = await tx.getRecord(RELIEF_CORRECTION_ENTITY, id);
  return !!v && !v.deleted;
}

/**
 * Who may void or correct a hand-out, checked by the tablet's push and the county page alike (SPEC R2,
 * R3), inside the writing transaction. The area of the original was checked before (A6: OUT_OF_AREA).
 * - the original must be on the server (a correction never waits for its hand-out: the tablet that
 *   recorded it pushed it first, P1);
 * - a worker corrects only the hand-outs their account recorded; a supervisor or administrator any
 *   hand-out they may read;
 * - nothing is corrected after a void: a second void (same record id, R3) or a correct after it is
 *   refused, so the county sees one void, by one person, with one reason.
 */
export async function correctionRefusalFor(tx: ChangeTx, user: UserRow, originalId: string, action: string, id: string): Promise<CorrectionRefusal | null> {
  const original: StoredRecord | null = await tx.getRecord('relief', originalId);
  if (!original || original.deleted) return refuse('CHANGE_INVALID', 'originalId', 'correction.originalUnknown');
  if (user.role === 'worker' && original.createdBy !== user.id) return refuse('FORBIDDEN', 'originalId', 'correction.notRecorder');
  if (action === 'void' && id !== (await voidRecordId(originalId, sha256Hex))) return refuse('CHANGE_INVALID', 'id', 'correction.voidId');
  if (await isVoided(tx, originalId, id)) return refuse('CHANGE_INVALID', 'originalId', 'correction.alreadyVoided');
  return null;
}

/**
 * SPEC R1–R3 for a pushed change of a `relief-correction` record (null for other entities, and for a
 * change that is allowed). A correction is append-only: a change to one already stored applies only
 * when it repeats what is stored (a replay under a fresh client id, P9, merges as no change, C5); a
 * second void of the same hand-out is that record id with other content, and is refused as such.
 */
export async function correctionRefusal(tx: ChangeTx, user: UserRow, change: Change, fields: Record<string, unknown>): Promise<CorrectionRefusal | null> {
  if (change.entity !== RELIEF_CORRECTION_ENTITY) return null;
  const existing = await tx.getRecord(RELIEF_CORRECTION_ENTITY, change.id);
  if (existing && !existing.deleted) {
    if (Object.entries(fields).every(([k, v]) => deepEqual(existing.fields[k] ?? null, v ?? null))) return null;
    return existing.fields.action === 'void'
      ? refuse('CHANGE_INVALID', 'originalId', 'correction.alreadyVoided')
      : refuse('CHANGE_INVALID', 'id', 'correction.immutable');
  }
  const originalId = typeof fields.originalId === 'string' ? fields.originalId : '';
  const action = typeof fields.action === 'string' ? fields.action : '';
  // A create missing either is left to the schema check, which names the field.
  if (!originalId || !action) return null;
  return correctionRefusalFor(tx, user, originalId, action, change.id);
}
