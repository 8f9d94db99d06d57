import { AppError } from './contracts';
import { openWithPassword, wipePasswordMaterial } from '../security/account-keys';
import type { UserKeys } from '../security/key-bundle';
import { findAccountByUsername } from './account-store';
import type { AccountRow, DeviceDb } from './device-db';
import { patchRow } from './patch-row';

const MAX_OFFLINE_ATTEMPTS = 5;
const DAY_MS = 86_400_000;

/**
 * Offline unlock with the password alone. Five wrong passwords in a row wipe the password slot and
 * the pepper key (UNLOCK_WIPED): guessing on this tablet stops; records stay, sealed, until an
 * online login opens them again through the recovery slot. Offline use ends `offlineDays` after the
 * last online login (OFFLINE_EXPIRED); a clock wound back does not extend it (`maxSeenAt`).
 */
export async function unlockOffline(device: DeviceDb, username: string, password: string, now: Date): Promise<{ account: AccountRow; keys: UserKeys }> {
  const found = await findAccountByUsername(device, username);
  if (!found) throw new AppError('NO_OFFLINE_ACCOUNT', 'Log in online once on this tablet first.');
  if (!found.keys.passwordSlot || !found.keys.pepperKey) throw new AppError('UNLOCK_WIPED', 'Too many wrong passwords: log in online.');
  const nowIso = now.toISOString();
  const effectiveNow = Math.max(now.getTime(), Date.parse(found.maxSeenAt));
  if (effectiveNow > Date.parse(found.lastOnlineLoginAt) + found.offlineDays * DAY_MS) {
    // Remember the time seen, so winding the clock back afterwards does not reopen offline use.
    if (nowIso > found.maxSeenAt) await patchRow(device.accounts, found.userId, { maxSeenAt: nowIso });
    throw new AppError('OFFLINE_EXPIRED', 'Offline use has expired: log in online.');
  }
  const keys = await openWithPassword(found.keys, found.userId, password);
  const outcome = await device.transaction('rw', device.accounts, async () => {
    const a = await device.accounts.get(found.userId);
    if (!a) throw new AppError('NO_OFFLINE_ACCOUNT');
    const maxSeenAt = a.maxSeenAt > nowIso ? a.maxSeenAt : nowIso;
    if (keys) {
      const next = { ...a, failedAttempts: 0, maxSeenAt };
      await device.accounts.put(next);
      return { account: next, wiped: false, attemptsLeft: MAX_OFFLINE_ATTEMPTS };
    }
    const failedAttempts = a.failedAttempts + 1;
    const wiped = failedAttempts >= MAX_OFFLINE_ATTEMPTS;
    const next: AccountRow = { ...a, failedAttempts, maxSeenAt, keys: wiped ? wipePasswordMaterial(a.keys) : a.keys };
    await device.accounts.put(next);
    return { account: next, wiped, attemptsLeft: MAX_OFFLINE_ATTEMPTS - failedAttempts };
  });
  if (!keys) {
    if (outcome.wiped) throw new AppError('UNLOCK_WIPED', 'Too many wrong passwords: log in online.');
    throw new AppError('UNLOCK_FAILED', 'Wrong password.', { attemptsLeft: outcome.attemptsLeft });
  }
  return { account: outcome.account, keys };
}
