import { randomBytes, wipe } from './bytes';
import { importKeyBundle, newKeyBundle, unwrapKeyBundle, wrapKeyBundle, type UserKeys } from './key-bundle';
import { derivePasswordKek, derivePepperKey, deriveRecoveryKek } from './key-derivation';
import type { Sealed } from './seal';

/**
 * The wrapped key material of one account on one tablet (stored in the device database). See README.md.
 * - passwordSlot: the key bundle under PBKDF2(HMAC(pepperKey, password)); used for offline unlock.
 * - pepperKey: HKDF(unlockSecret, "pepper"), non-extractable. Both are removed by the 5-attempt wipe.
 * - recoverySlot: the same bundle under HKDF(unlockSecret, "recovery", salt). The tablet never stores
 *   the unlockSecret, so only an online login (the server checked the password) opens this slot.
 */
interface PasswordSlot {
  salt: Uint8Array;
  iterations: number;
  wrapped: Sealed;
}
interface RecoverySlot {
  salt: Uint8Array;
  wrapped: Sealed;
}
export interface AccountKeyMaterial {
  passwordSlot: PasswordSlot | null;
  pepperKey: CryptoKey | null;
  recoverySlot: RecoverySlot;
}

interface SecretInput {
  userId: string;
  unlockSecret: string;
  password: string;
  iterations: number;
}

async function makePasswordSlot(pepperKey: CryptoKey, i: SecretInput, bundle: Uint8Array): Promise<PasswordSlot> {
  const salt = randomBytes(16);
  const kek = await derivePasswordKek(pepperKey, i.password, salt, i.iterations);
  return { salt, iterations: i.iterations, wrapped: await wrapKeyBundle(kek, i.userId, 'password', bundle) };
}

async function makeRecoverySlot(i: SecretInput, bundle: Uint8Array): Promise<RecoverySlot> {
  const salt = randomBytes(16);
  const kek = await deriveRecoveryKek(i.unlockSecret, i.userId, salt);
  return { salt, wrapped: await wrapKeyBundle(kek, i.userId, 'recovery', bundle) };
}

async function openPasswordSlot(pepperKey: CryptoKey, userId: string, password: string, slot: PasswordSlot): Promise<Uint8Array | null> {
  const kek = await derivePasswordKek(pepperKey, password, new Uint8Array(slot.salt), slot.iterations);
  return unwrapKeyBundle(kek, userId, 'password', slot.wrapped);
}

async function openRecoverySlot(unlockSecret: string, userId: string, slot: RecoverySlot): Promise<Uint8Array | null> {
  const kek = await deriveRecoveryKek(unlockSecret, userId, new Uint8Array(slot.salt));
  return unwrapKeyBundle(kek, userId, 'recovery', slot.wrapped);
}

/** First online login of this account on this tablet: fresh random keys, both slots. */
export async function createAccountKeys(i: SecretInput): Promise<{ keys: UserKeys; material: AccountKeyMaterial }> {
  const bundle = newKeyBundle();
  try {
    const pepperKey = await derivePepperKey(i.unlockSecret, i.userId);
    const material: AccountKeyMaterial = {
      passwordSlot: await makePasswordSlot(pepperKey, i, bundle),
      pepperKey,
      recoverySlot: await makeRecoverySlot(i, bundle),
    };
    return { keys: await importKeyBundle(bundle), material };
  } finally {
    wipe(bundle);
  }
}

/** Offline unlock: null when the password is wrong (or the material was wiped). */
export async function openWithPassword(material: AccountKeyMaterial, userId: string, password: string): Promise<UserKeys | null> {
  if (!material.passwordSlot || !material.pepperKey) return null;
  const bundle = await openPasswordSlot(material.pepperKey, userId, password, material.passwordSlot);
  if (!bundle) return null;
  try {
    return await importKeyBundle(bundle);
  } finally {
    wipe(bundle);
  }
}

/**
 * Online login of an account that already has keys here. The server has just checked the password,
 * so we may open the recovery slot if the password slot fails (wiped after 5 wrong attempts, or the
 * password was changed on the server). Re-wraps whatever no longer matches the current password and
 * secret. Null only if neither the password nor the current secret opens anything (the server's
 * secret was replaced and the password slot is gone): the caller then starts a new key generation.
 */
export async function openAtOnlineLogin(
  material: AccountKeyMaterial,
  i: SecretInput,
): Promise<{ keys: UserKeys; material: AccountKeyMaterial; recovered: boolean } | null> {
  const pepperKey = await derivePepperKey(i.unlockSecret, i.userId);
  let viaPassword = false;
  let viaRecovery = false;
  let bundle: Uint8Array | null = null;
  if (material.passwordSlot) {
    bundle = await openPasswordSlot(pepperKey, i.userId, i.password, material.passwordSlot);
    viaPassword = !!bundle;
  }
  if (!bundle) {
    bundle = await openRecoverySlot(i.unlockSecret, i.userId, material.recoverySlot);
    viaRecovery = !!bundle;
  }
  if (!bundle && material.passwordSlot && material.pepperKey) {
    // The server's secret changed but the old pepper key and the password still open the slot.
    bundle = await openPasswordSlot(material.pepperKey, i.userId, i.password, material.passwordSlot);
  }
  if (!bundle) return null;
  try {
    const passwordSlot = viaPassword && material.passwordSlot ? material.passwordSlot : await makePasswordSlot(pepperKey, i, bundle);
    let recoverySlot = material.recoverySlot;
    if (!viaRecovery && !(await openRecoverySlot(i.unlockSecret, i.userId, recoverySlot))) {
      recoverySlot = await makeRecoverySlot(i, bundle);
    }
    return { keys: await importKeyBundle(bundle), material: { passwordSlot, pepperKey, recoverySlot }, recovered: !viaPassword };
  } finally {
    wipe(bundle);
  }
}

/** The 5-attempt wipe: drop what offline guessing needs; keep the recovery slot (and every record). */
export function wipePasswordMaterial(material: AccountKeyMaterial): AccountKeyMaterial {
  return { passwordSlot: null, pepperKey: null, recoverySlot: material.recoverySlot };
}
