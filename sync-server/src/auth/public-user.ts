import type { AdminUser } from '../../../src/shared/protocol/admin/accounts';
import type { SessionUser } from '../../../src/shared/protocol/messages';
import { divisionNames, nameOf } from '../areas/division-names';
import type { Store, UserRow } from '../store/store';

/** The account as the API shows it: never the password hash or the unlock secret. */
function sessionUser(u: UserRow): SessionUser {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, township: u.township, county: u.county };
}

/**
 * The signed-in account with the names of its area from the division registry (issue 10: the areas are
 * codes; the tablet shows names, and keeps them for offline unlocks). A code the registry does not know
 * is named by itself.
 */
export async function sessionUserWithNames(store: Store, u: UserRow): Promise<SessionUser> {
  const names = u.township || u.county ? await divisionNames(store) : new Map<string, string>();
  return {
    ...sessionUser(u),
    townshipName: u.township ? nameOf(names, u.township) : null,
    countyName: u.county ? nameOf(names, u.county) : null,
  };
}

export function adminUserView(u: UserRow): AdminUser {
  return { ...sessionUser(u), disabled: u.disabled, createdAt: u.createdAt };
}
