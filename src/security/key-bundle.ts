import { asBytes, randomBytes } from './bytes';
import { openBytes, sealBytes, type Sealed } from './seal';

/** A user's keys, in memory only while unlocked (lock() drops the references). */
export interface UserKeys {
  /** AES-GCM 256: seals every record, change and attachment. */
  dataKey: CryptoKey;
  /** HMAC-SHA256: keyed hashes of ID numbers for look-ups. */
  lookupKey: CryptoKey;
}

const BUNDLE_BYTES = 64;

/** Fresh random key bytes: 32 for the data key, then 32 for the lookup key. */
export function newKeyBundle(): Uint8Array<ArrayBuffer> {
  return randomBytes(BUNDLE_BYTES);
}

/** Imports the bundle as non-extractable keys; the caller wipes the bytes afterwards. */
export async function importKeyBundle(bundle: Uint8Array): Promise<UserKeys> {
  if (bundle.length !== BUNDLE_BYTES) throw new Error('bad key bundle');
  const subtle = globalThis.crypto.subtle;
  const dataKey = await subtle.importKey('raw', asBytes(bundle.subarray(0, 32)), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  const lookupKey = await subtle.importKey('raw', asBytes(bundle.subarray(32)), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return { dataKey, lookupKey };
}

function slotAad(userId: string, slot: 'password' | 'recovery'): string {
  return `tidemark/keys/v1/${userId}/${slot}`;
}

export function wrapKeyBundle(kek: CryptoKey, userId: string, slot: 'password' | 'recovery', bundle: Uint8Array): Promise<Sealed> {
  return sealBytes(kek, slotAad(userId, slot), bundle);
}

/** The key bundle, or null when the wrapping key is wrong (the GCM tag does not verify). */
export async function unwrapKeyBundle(kek: CryptoKey, userId: string, slot: 'password' | 'recovery', wrapped: Sealed): Promise<Uint8Array | null> {
  try {
    return await openBytes(kek, slotAad(userId, slot), wrapped);
  } catch {
    return null;
  }
}

