import type { AppContext } from '../context';
import { appError } from '../errors';
import { areaChanged, LastAdminError, type UserPatch, type UserRow } from '../store/store';
import { validateAccountArea } from '../areas/validate-account-area';

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
 * A patch that touches the role or the area, with the area checked against the division registry
 * (issue 10: codes of active divisions, never names). An area the new role does not have and the patch
 * does not name is dropped (a worker made supervisor loses its township), and a worker's county is its
 * township's parent, so the stored pair can never disagree.
 */
async function checkedArea(ctx: Pick<AppContext, 'store'>, before: UserRow, patch: UserPatch): Promise<UserPatch> {
  const role = patch.role ?? before.role;
  const township = patch.township !== undefined ? patch.township : role === 'worker' ? before.township : null;
  const county = patch.county !== undefined ? patch.county : role === 'supervisor' ? before.county : null;
  const area = await validateAccountArea(ctx.store, role, { township, county });
  return { ...patch, township: area.township, county: area.county };
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
  // The audit names the fields asked for; the store gets the checked area too.
  const applied = patch.role !== undefined || patch.township !== undefined || patch.county !== undefined ? await checkedArea(ctx, before, patch) : patch;
  const merged: UserRow = { ...before, ...Object.fromEntries(Object.entries(applied).filter(([, v]) => v !== undefined)) };
  const at = ctx.clock().toISOString();
  let result: { user: UserRow; endedSessions: number } | null;
  try {
    result = await ctx.store.changeAccount(id, {
      patch: applied,
      at,
      endSessions: endsSessions(before, applied, merged),
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
