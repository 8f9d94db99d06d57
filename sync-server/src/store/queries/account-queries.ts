import type { CompiledQuery } from 'kysely';
import type { SessionRow, UserPatch, UserRow } from '../store';
import { compiledOnce } from './compiled-once';
import type { QueryDialect } from './query-builder';

/** Users, the areas they held, sessions and client ids (devices), written once for both stores (issue 14). */

export function insertUser(q: QueryDialect, u: UserRow): CompiledQuery {
  return q.db
    .insertInto('users')
    .values({
      id: u.id, username: u.username, display_name: u.displayName, role: u.role, township: u.township, county: u.county,
      password_hash: u.passwordHash, unlock_secret: u.unlockSecret, disabled: u.disabled ? 1 : 0, created_at: u.createdAt,
    })
    .returningAll()
    .compile();
}

/** `forUpdate`: lock the row till the transaction ends, where the database has row locks (PostgreSQL). */
export function selectUserById(q: QueryDialect, id: string, forUpdate = false): CompiledQuery {
  const lock = forUpdate && q.rowLocks;
  // Every request reads its account (auth/authenticate.ts): the text is compiled once.
  return compiledOnce(q, `selectUserById:${lock}`, [id], () => q.db.selectFrom('users').selectAll().where('id', '=', id).$if(lock, (qb) => qb.forUpdate()).compile());
}

export function selectUserByUsername(q: QueryDialect, username: string): CompiledQuery {
  return q.db.selectFrom('users').selectAll().where('username', '=', username).compile();
}

export function selectUsers(q: QueryDialect, filter: { county?: string }): CompiledQuery {
  return q.db
    .selectFrom('users')
    .selectAll()
    .$if(filter.county !== undefined, (qb) => qb.where('county', '=', filter.county!))
    .orderBy('username')
    .compile();
}

export function countUsers(q: QueryDialect): CompiledQuery {
  return q.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).compile();
}

export function countEnabledAdmins(q: QueryDialect): CompiledQuery {
  return q.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('role', '=', 'admin').where('disabled', '=', 0).compile();
}

/** The patch's columns (absent ones unchanged) and the row after it; null when the patch changes nothing. */
export function updateUser(q: QueryDialect, id: string, patch: UserPatch): CompiledQuery | null {
  const set = Object.fromEntries(
    Object.entries({
      display_name: patch.displayName, role: patch.role, township: patch.township, county: patch.county, password_hash: patch.passwordHash,
      disabled: patch.disabled === undefined ? undefined : patch.disabled ? 1 : 0,
    }).filter(([, v]) => v !== undefined),
  );
  if (Object.keys(set).length === 0) return null;
  return q.db.updateTable('users').set(set).where('id', '=', id).returningAll().compile();
}

/** Opens an account's current area (issue 10 §7); the unique index allows one open area per account. */
export function openAccountArea(q: QueryDialect, u: Pick<UserRow, 'id' | 'role' | 'township' | 'county'>, at: string): CompiledQuery {
  return q.db.insertInto('account_areas').values({ user_id: u.id, role: u.role, township: u.township, county: u.county, from_at: at, until_at: null }).compile();
}

export function closeAccountArea(q: QueryDialect, userId: string, at: string): CompiledQuery {
  return q.db.updateTable('account_areas').set({ until_at: at }).where('user_id', '=', userId).where('until_at', 'is', null).compile();
}

export function selectAccountAreas(q: QueryDialect, userId: string): CompiledQuery {
  // Read by every push (change-area.ts, SPEC A8): compiled once (issue 14).
  return compiledOnce(q, 'selectAccountAreas', [userId], () => q.db.selectFrom('account_areas').selectAll().where('user_id', '=', userId).orderBy('id').compile());
}

// ---------------------------------------------------------------- sessions

export function insertSession(q: QueryDialect, s: SessionRow): CompiledQuery {
  return q.db
    .insertInto('sessions')
    .values({ token_hash: s.tokenHash, user_id: s.userId, device_id: s.deviceId, expires_at: s.expiresAt, created_at: s.createdAt })
    .compile();
}

/** Every request's first look-up (auth/authenticate.ts): the text is compiled once. */
export function selectSession(q: QueryDialect, tokenHash: string): CompiledQuery {
  return compiledOnce(q, 'selectSession', [tokenHash], () => q.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).compile());
}

export function deleteSession(q: QueryDialect, tokenHash: string): CompiledQuery {
  return q.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).compile();
}

export function deleteUserSessions(q: QueryDialect, userId: string): CompiledQuery {
  return q.db.deleteFrom('sessions').where('user_id', '=', userId).compile();
}

export function deleteExpiredSessions(q: QueryDialect, before: string): CompiledQuery {
  return q.db.deleteFrom('sessions').where('expires_at', '<', before).compile();
}

export function moveSession(q: QueryDialect, tokenHash: string, deviceId: string): CompiledQuery {
  return q.db.updateTable('sessions').set({ device_id: deviceId }).where('token_hash', '=', tokenHash).compile();
}

// ---------------------------------------------------------------- client ids (SPEC A4–A5)

/**
 * Binds a client id to an account in one statement: the WHERE on the update is what keeps a client id
 * with its first account. When it says no, nothing is written and RETURNING gives no row (both databases).
 */
export function bindClient(q: QueryDialect, c: { id: string; userId: string; name: string | null; tabletId: string | null; lastSeen: string }): CompiledQuery {
  return q.db
    .insertInto('devices')
    .values({ id: c.id, user_id: c.userId, name: c.name, revoked: 0, last_seen: c.lastSeen, tablet_id: c.tabletId })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({
          name: eb.fn.coalesce('excluded.name', 'devices.name'),
          last_seen: eb.ref('excluded.last_seen'),
          tablet_id: eb.fn.coalesce('excluded.tablet_id', 'devices.tablet_id'),
        }))
        .whereRef('devices.user_id', '=', 'excluded.user_id'),
    )
    .returningAll()
    .compile();
}

/** Every request reads its client id (auth/authenticate.ts): the text is compiled once. */
export function selectDevice(q: QueryDialect, id: string): CompiledQuery {
  return compiledOnce(q, 'selectDevice', [id], () => q.db.selectFrom('devices').selectAll().where('id', '=', id).compile());
}

export function selectDevices(q: QueryDialect, userIds?: readonly string[]): CompiledQuery {
  return q.db
    .selectFrom('devices')
    .selectAll()
    .$if(userIds !== undefined, (qb) => qb.where('user_id', 'in', userIds!))
    .orderBy('id')
    .compile();
}

export function setDeviceRevoked(q: QueryDialect, id: string, revoked: boolean): CompiledQuery {
  return q.db.updateTable('devices').set({ revoked: revoked ? 1 : 0 }).where('id', '=', id).compile();
}

export function touchDevice(q: QueryDialect, id: string, at: string): CompiledQuery {
  return q.db.updateTable('devices').set({ last_seen: at }).where('id', '=', id).compile();
}

export function selectServerSecret(q: QueryDialect, name: string): CompiledQuery {
  return q.db.selectFrom('server_secrets').select('value').where('name', '=', name).compile();
}
