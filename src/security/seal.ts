import { asBytes, equalBytes, fromUtf8, randomBytes, utf8 } from './bytes';

/** An AES-GCM ciphertext as stored in IndexedDB: a fresh 12-byte IV per write, tag appended to `ct`. */
export interface Sealed {
  iv: Uint8Array;
  ct: Uint8Array;
}

/** The same ciphertext (its IV is random per seal, so equal IV and bytes mean one sealing, copied). */
export function sameSealed(a: Sealed, b: Sealed): boolean {
  return a === b || (equalBytes(a.iv, b.iv) && equalBytes(a.ct, b.ct));
}

/**
 * Encrypts a JSON value. `aad` (the record id) is bound as AES-GCM additional data, so a ciphertext
 * copied onto another record fails to open instead of silently showing the wrong household.
 * The IV is random per call: never reuse one with the same key (GCM breaks completely if you do).
 */
export async function seal(key: CryptoKey, aad: string, value: unknown): Promise<Sealed> {
  return sealBytes(key, aad, utf8(JSON.stringify(value)));
}

export async function open<T = unknown>(key: CryptoKey, aad: string, sealed: Sealed): Promise<T> {
  return JSON.parse(fromUtf8(await openBytes(key, aad, sealed))) as T;
}

export async function sealBytes(key: CryptoKey, aad: string, bytes: Uint8Array): Promise<Sealed> {
  const iv = randomBytes(12);
  const ct = await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8(aad) }, key, asBytes(bytes));
  return { iv, ct: new Uint8Array(ct) };
}

/** Rejects (OperationError) on a wrong key, a wrong `aad` or any tampering. */
export async function openBytes(key: CryptoKey, aad: string, sealed: Sealed): Promise<Uint8Array> {
  const pt = await globalThis.crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: asBytes(sealed.iv), additionalData: utf8(aad) },
    key,
    asBytes(sealed.ct),
  );
  return new Uint8Array(pt);
}
