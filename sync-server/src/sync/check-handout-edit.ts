import type { Change } from '../../../src/shared/protocol/messages';
import { deepEqual } from '../../../src/shared/rules/deep-equal';
import { reliefDistributionSchema } from '../../../src/shared/schema/relief';
import type { StoredRecord } from '../store/store';
import type { CorrectionRefusal } from './check-correction';

/** Whether every value the change sends is what is stored (a value the schema normalises compared normalised, P11). */
function repeatsStored(existing: StoredRecord, fields: Record<string, unknown>): boolean {
  const same = (k: string, v: unknown) => deepEqual(existing.fields[k] ?? null, v ?? null);
  if (Object.entries(fields).every(([k, v]) => same(k, v))) return true;
  const parsed = reliefDistributionSchema.safeParse({ ...existing.fields, ...fields });
  if (!parsed.success) return false;
  const value = parsed.data as Record<string, unknown>;
  return Object.keys(fields).every((k) => same(k, value[k]));
}

export type HandoutEdit = { refusal: CorrectionRefusal } | { fields: Record<string, unknown> };

/**
 * SPEC R9 (R1): a stored relief hand-out is never edited. A mistake is voided or corrected by a
 * `relief-correction` record of its own; the tablet never edits a hand-out it saved. An edit accepted
 * here would also undo R7: a tablet that purged a hand-out with its void would pull the edited
 * hand-out back alone and count it again. A change that repeats what is stored (a replay under a fresh
 * client id, P9, or the same batch again) is no change (C5): it goes on to the merge carrying the stored
 * values, so that text the schema would trim to the same value does not write a new version either
 * (which every tablet would pull back). Other changes pass through untouched.
 */
export function checkHandoutEdit(change: Change, existing: StoredRecord | null, fields: Record<string, unknown>): HandoutEdit {
  if (change.entity !== 'relief' || !existing || existing.deleted) return { fields };
  if (!repeatsStored(existing, fields)) return { refusal: { code: 'CHANGE_IMMUTABLE', issues: [{ path: 'id', message: 'relief.immutable' }] } };
  return { fields: Object.fromEntries(Object.keys(fields).map((k) => [k, existing.fields[k] ?? null])) };
}
