import Dexie, { type Table } from 'dexie';
import type { SessionUser } from '../shared/protocol/messages';
import type { AccountKeyMaterial } from '../security/account-keys';
import type { Sealed } from '../security/seal';
import { dexieOptions, type DbEnv } from './db-env';
import { watchConnection } from './db-lifecycle';

export interface DeviceRow {
  key: 'device';
  deviceId: string;
  createdAt: string;
}

/**
 * One account that has logged in online on this tablet. Name, display name and township are in
 * clear (the unlock screen lists them); everything else that matters is wrapped or sealed.
 */
export interface AccountRow {
  userId: string;
  /** Lower-cased user name, for offline unlock by name. */
  usernameKey: string;
  user: SessionUser;
  lastOnlineLoginAt: string;
  offlineDays: number;
  /** Wrong offline passwords since the last success; 5 wipes the password material. */
  failedAttempts: number;
  /** The latest clock reading seen, so winding the tablet's clock back cannot extend offline use. */
  maxSeenAt: string;
  keys: AccountKeyMaterial;
  /** The server session token, sealed with the user's data key: a lost tablet cannot use it. */
  session: { token: Sealed; expiresAt: string } | null;
  /**
   * This worker's id on this tablet: the login `deviceId` and the push `deviceId`. One per (tablet,
   * worker, database) because each database numbers its outbox from 1: two workers sharing one id
   * would replay each other's seq numbers (rule P2). The server binds a session to it.
   */
  clientId: string;
  /**
   * Set once a database has numbered changes under `clientId`. If that database disappears (storage
   * evicted or cleared on its own) a new one must not reuse the id: its seq would restart at 1 and the
   * server would answer the new changes with the old results (P2), silently dropping them.
   */
  clientIdUsed: boolean;
  /** The user's database (a new key generation gets a new one; the old one is kept, never deleted). */
  dbName: string;
  keyGeneration: number;
}

/**
 * `tidemark-device`: what the tablet knows before anyone unlocks.
 * Migrations: never edit a released version; add `this.version(2).stores({...}).upgrade(tx => ...)`
 * listing only the tables that change. Dexie runs the upgrades in order inside one versionchange
 * transaction, so a tablet that skipped releases still arrives at the latest schema.
 */
export class DeviceDb extends Dexie {
  device!: Table<DeviceRow, string>;
  accounts!: Table<AccountRow, string>;

  constructor(env: DbEnv = {}) {
    super(`${env.prefix ?? ''}tidemark-device`, dexieOptions(env));
    this.version(1).stores({
      device: 'key',
      accounts: 'userId, usernameKey',
    });
    watchConnection(this); // another page's upgrade closes this one, with a notice (db-lifecycle.ts)
  }
}

/** Whether a database exists (when the browser can tell; if not, assume it does). */
export async function databaseExists(env: DbEnv, name: string): Promise<boolean> {
  const factory = env.indexedDB ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB);
  if (!factory?.databases) return true;
  try {
    return (await factory.databases()).some((d) => d.name === name);
  } catch {
    return true;
  }
}

export function userDbName(env: DbEnv, userId: string, generation: number): string {
  const base = `${env.prefix ?? ''}tidemark-u-${userId}`;
  return generation <= 1 ? base : `${base}-g${generation}`;
}
