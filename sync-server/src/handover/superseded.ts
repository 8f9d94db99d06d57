import type { Change } from '../../../src/shared/protocol/messages';
import { deepEqual } from '../../../src/shared/rules/deep-equal';
import type { StoredRecord } from '../store/store';

/**
 * SPEC F7 with C8: a change of the file whose every field the record already holds — the same value,
 * or a value the same writer (this client id or this account, C9) stamped at the change's time or
 * later, not shared with another writer — brings nothing: the tablet's later save of the record went by
 * sync first and carried it (P1 folds a record's saves on one base). Applying it would only judge the
 * worker's own older value against their newer one (C4) and open a conflict with themselves.
 */
export function supersededByOwnWrite(record: StoredRecord | undefined, change: Change, clientId: string, accountId: string): boolean {
  if (!record || record.deleted) return false;
  return Object.entries(change.fields).every(([field, value]) => {
    if (field in record.fields ? deepEqual(record.fields[field], value) : value === null) return true;
    const stamp = record.fieldStamps[field];
    if (!stamp || stamp.shared === true) return false;
    const sameWriter = stamp.device === clientId || (stamp.account !== undefined && stamp.account === accountId);
    return sameWriter && stamp.at >= change.changedAt;
  });
}
