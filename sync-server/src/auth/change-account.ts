import type { AppContext } from '../context';
import { appError } from '../errors';
import { areaChanged, LastAdminError, type UserPatch, type UserRow } from '../store/store';
import { accountAreaIssues } from './account-area';

/** Who made the change: an administrator's account, or the command line on the server. */
export type ChangedBy = { userId: string } | { cli: true };

/**
 * What ends the account's sessions (SPEC A7): anything that changes who may sign in, or what they may
 * see. Disabling refuses every session at once already (403 ACCOUNT_DISABLED, A3, which tells the
 * tablet why); the sessions are deleted when the account is enabled again, so none outlives a disable.
 */
function endsSessions(before: UserRow, patch: UserPatch, after: UserRow): boolean {
  return patch.passwordHash !== undefined || (before.disabled && patch.disabled === false) || areaChanged(before, after);
}

/** Field names, roles and areas only: never a display name or a password (privacy.md §6). */
function auditDetail(before: UserRow, after: UserRow, patch: UserPatch, endedSessions: number): Record<string, unknown> {
  const detail: Record<string, unknown> = { fields: Object.keys(patch).filter((k) => patch[k as keyof UserPatch] !== undefined).sort(), endedSessions };
  for (const k of ['role', 'township', 'county'] as const) {
    if (before[k] !== after[k]) detail[k] = { from: before[k], to: after[k] };
  }
  return detail;
}

/**
 * Changes an account for the admin API and the command line alike, and audits it under `action`.
 * The store applies the patch, the area history and the end of the sessions in one transaction, and
 * refuses a change that leaves no enabled administrator (LAST_ADMIN). Null when there is no such account.
 */
export async function changeAccount(
  ctx: Pick<AppContext, 'store' | 'clock'>,
  id: string,
  patch: UserPatch,
  action: 'user.update' | 'user.password' | 'user.disable' | 'user.enable',
  by: ChangedBy,
): Promise<UserRow | null> {
  const before = await ctx.store.getUserById(id);
  if (!before) return null;
  const merged: UserRow = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  const issues = accountAreaIssues(merged.role, merged.township, merged.county);
  if (issues.length) throw appError('VALIDATION_FAILED', { issues });
  const at = ctx.clock().toISOString();
  let result: { user: UserRow; endedSessions: number } | null;
  try {
    result = await ctx.store.changeAccount(id, {
      patch,
      at,
      endSessions: endsSessions(before, patch, merged),
      keepAnAdmin: before.role === 'admin' && (patch.role !== undefined || patch.disabled === true),
    });
  } catch (err) {
    if (err instanceof LastAdminError) throw appError('LAST_ADMIN');
    throw err;
  }
  if (!result) return null;
  await ctx.store.appendAudit({
    at, userId: 'userId' in by ? by.userId : null, deviceId: null, township: null, action, entity: 'user', recordId: id,
    detail: { ...auditDetail(before, result.user, patch, result.endedSessions), ...('cli' in by ? { by: 'cli' } : {}) },
  });
  return result.user;
}
