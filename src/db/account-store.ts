import type { KnownAccount } from './contracts';
import type { AccountRow, DeviceDb } from './device-db';

/** The tablet's id (made once, on first use), sent at login. */
export async function getDeviceId(device: DeviceDb, newId: () => string, now: () => Date): Promise<string> {
  return device.transaction('rw', device.device, async () => {
    const row = await device.device.get('device');
    if (row) return row.deviceId;
    const deviceId = newId();
    await device.device.put({ key: 'device', deviceId, createdAt: now().toISOString() });
    return deviceId;
  });
}

export function usernameKey(username: string): string {
  return username.trim().toLowerCase();
}

/** The account with this user name that last logged in online here (a name can be reused on the server). */
export async function findAccountByUsername(device: DeviceDb, username: string): Promise<AccountRow | undefined> {
  const rows = await device.accounts.where('usernameKey').equals(usernameKey(username)).toArray();
  return rows.sort((a, b) => (a.lastOnlineLoginAt < b.lastOnlineLoginAt ? 1 : -1))[0];
}

export async function listKnownAccounts(device: DeviceDb): Promise<KnownAccount[]> {
  const rows = await device.accounts.toArray();
  return rows
    .sort((a, b) => (a.lastOnlineLoginAt < b.lastOnlineLoginAt ? 1 : -1))
    .map((a) => ({ userId: a.userId, username: a.user.username, displayName: a.user.displayName, township: a.user.township, townshipName: a.user.townshipName ?? null, lastOnlineLoginAt: a.lastOnlineLoginAt }));
}
