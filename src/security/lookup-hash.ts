import { idCheckChar } from '../shared/rules/id-number';
import { toBase64Url, utf8 } from './bytes';

/**
 * The canonical form of an ID number for look-ups: trimmed, upper case, and a 15-digit number of the
 * 1989 standard widened to its 18-digit form (insert "19", add the check character), so the same
 * person is found whichever card the worker typed from.
 */
export function canonicalIdNumber(idNumber: string): string {
  const v = idNumber.trim().toUpperCase();
  if (/^\d{15}$/.test(v)) {
    const first17 = `${v.slice(0, 6)}19${v.slice(6)}`;
    return first17 + idCheckChar(first17);
  }
  return v;
}

/**
 * Keyed hash of an ID number for duplicate checks and look-ups (privacy.md §4). A plain SHA-256 is
 * reversible: with a known area and birth date about a thousand candidates remain. The HMAC key is
 * random per user and tablet and lives only in memory while unlocked.
 */
export async function lookupHash(hmacKey: CryptoKey, idNumber: string): Promise<string> {
  const mac = await globalThis.crypto.subtle.sign('HMAC', hmacKey, utf8(`id:${canonicalIdNumber(idNumber)}`));
  return toBase64Url(mac);
}
