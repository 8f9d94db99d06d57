import { utf8 } from './bytes';

/** OWASP 2023 guidance for PBKDF2-HMAC-SHA256. Tests inject ~1,000. */
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;

const subtle = () => globalThis.crypto.subtle;

async function secretMaterial(unlockSecret: string): Promise<CryptoKey> {
  return subtle().importKey('raw', utf8(unlockSecret), 'HKDF', false, ['deriveKey']);
}

/**
 * The "pepper" key kept on the tablet (a non-extractable HMAC CryptoKey in IndexedDB). It is derived
 * one-way from the server's unlockSecret, so holding it does NOT give the recovery key below.
 */
export async function derivePepperKey(unlockSecret: string, userId: string): Promise<CryptoKey> {
  return subtle().deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: utf8('tidemark/pepper/v1'), info: utf8(userId) },
    await secretMaterial(unlockSecret),
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  );
}

/**
 * The recovery key: from the unlockSecret alone (released only by an online login, never stored on the
 * tablet) and a random salt kept beside the slot. The secret is 32 random bytes on the server, so HKDF
 * suffices: a slow KDF adds nothing to a full-entropy input.
 */
export async function deriveRecoveryKek(unlockSecret: string, userId: string, salt: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return subtle().deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: utf8(`tidemark/recovery/v1/${userId}`) },
    await secretMaterial(unlockSecret),
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/**
 * The password key: PBKDF2-SHA256(HMAC(pepperKey, password), salt, iterations).
 * What the pepper adds, honestly: a copied profile cannot be attacked with a table of passwords
 * shared across users or tablets, and once the pepper key is wiped (5 wrong attempts) or before any
 * online login, no offline guessing is possible at all. What it does not add: a thief who copies the
 * browser profile BEFORE the wipe also copies the pepper key (browsers keep a non-extractable key's
 * bytes in their IndexedDB files; "non-extractable" only stops page scripts exporting it), and can then
 * guess passwords at PBKDF2 speed. Against that the defences are the iteration count, the password's
 * strength, and the OS disk encryption of the tablet.
 */
export async function derivePasswordKek(
  pepperKey: CryptoKey,
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<CryptoKey> {
  const peppered = await subtle().sign('HMAC', pepperKey, utf8(password.normalize('NFC')));
  const base = await subtle().importKey('raw', peppered, 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}
