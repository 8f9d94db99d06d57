import type { LoginResponse } from '../shared/protocol/messages';
import { createAccountKeys, openAtOnlineLogin } from '../security/account-keys';
import type { UserKeys } from '../security/key-bundle';
import { seal } from '../security/seal';
import { usernameKey } from './account-store';
import { userDbName, type AccountRow, type DeviceDb } from './device-db';
import type { DbEnv } from './db-env';

export function tokenAad(userId: string): string {
  return `tidemark/session/${userId}`;
}

/** Seals the session token under the data key: a lost tablet's profile cannot be used to pull. */
export async function sealSession(keys: UserKeys, userId: string, res: LoginResponse): Promise<AccountRow['session']> {
  return { token: await seal(keys.dataKey, tokenAad(userId), res.token), expiresAt: res.expiresAt };
}

/**
 * After the server accepted the password: open (or create) this account's keys on the tablet and
 * store the account. An account whose password material was wiped (5 wrong offline attempts) or whose
 * password changed on the server is opened through the recovery slot with the unlockSecret the server
 * just released, so every record on the tablet, synced or not, is readable again.
 * If nothing opens (the server replaced the secret AND the password slot is gone), a new key
 * generation starts in a new database with a new client id; the old database is kept, never deleted.
 * The returned account's clientId may differ from `sentClientId`: the caller then logs in again with
 * it, because the server binds the session to the device id of the login.
 */
export async function completeOnlineLogin(
  device: DeviceDb,
  env: DbEnv,
  res: LoginResponse,
  password: string,
  opts: { iterations: number; now: Date; sentClientId: string; newId: () => string; freshClientId: boolean },
): Promise<{ account: AccountRow; keys: UserKeys; recovered: boolean }> {
  const userId = res.user.id;
  const existing = await device.accounts.get(userId);
  const input = { userId, unlockSecret: res.unlockSecret, password, iterations: opts.iterations };
  let generation = existing?.keyGeneration ?? 1;
  // A fresh id was sent because the account's database is gone: adopt it (see AccountRow.clientIdUsed).
  let clientId = existing && !opts.freshClientId ? existing.clientId : opts.sentClientId;
  let clientIdUsed = existing && !opts.freshClientId ? existing.clientIdUsed : false;
  let opened = existing ? await openAtOnlineLogin(existing.keys, input) : null;
  if (existing && !opened) {
    generation++;
    clientId = opts.newId();
    clientIdUsed = false;
  }
  if (!existing) {
    // The id we sent may belong to another account that had this user name before.
    const owner = await device.accounts.filter((a) => a.clientId === opts.sentClientId).first();
    if (owner) clientId = opts.newId();
  }
  if (!opened) opened = { ...(await createAccountKeys(input)), recovered: false };
  const nowIso = opts.now.toISOString();
  const account: AccountRow = {
    userId,
    usernameKey: usernameKey(res.user.username),
    user: res.user,
    lastOnlineLoginAt: nowIso,
    offlineDays: res.offlineDays,
    failedAttempts: 0,
    maxSeenAt: existing && existing.maxSeenAt > nowIso ? existing.maxSeenAt : nowIso,
    keys: opened.material,
    session: await sealSession(opened.keys, userId, res),
    clientId,
    clientIdUsed,
    dbName: userDbName(env, userId, generation),
    keyGeneration: generation,
  };
  await device.accounts.put(account);
  return { account, keys: opened.keys, recovered: opened.recovered };
}
