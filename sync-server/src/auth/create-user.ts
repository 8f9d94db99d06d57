import type { Role } from '../../../src/shared/protocol/messages';
import type { AppContext } from '../context';
import type { UserRow } from '../store/store';
import { hashPassword } from './password';

export interface NewAccount {
  username: string;
  password: string;
  role: Role;
  township: string | null;
  county: string | null;
  displayName?: string;
}

/** Creates an account with a hashed password and its own unlock secret. Throws StoreConflictError on a taken name. */
export async function createUser(ctx: Pick<AppContext, 'store' | 'clock' | 'random' | 'config'>, a: NewAccount): Promise<UserRow> {
  return ctx.store.createUser({
    id: ctx.random.uuid(),
    username: a.username,
    displayName: a.displayName?.trim() || a.username,
    role: a.role,
    township: a.township,
    county: a.county,
    passwordHash: await hashPassword(a.password, ctx.config.scryptCost),
    unlockSecret: ctx.random.bytes(32).toString('base64url'),
    disabled: false,
    createdAt: ctx.clock().toISOString(),
  });
}
