import type { SessionUser } from '../../../src/shared/protocol/messages';
import type { UserRow } from '../store/store';

/** The account as the API shows it: never the password hash or the unlock secret. */
export function sessionUser(u: UserRow): SessionUser {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, township: u.township, county: u.county };
}

export interface AdminUserView extends SessionUser {
  disabled: boolean;
  createdAt: string;
}

export function adminUserView(u: UserRow): AdminUserView {
  return { ...sessionUser(u), disabled: u.disabled, createdAt: u.createdAt };
}
