import { namePieces } from '../../src/db/name-index';
import type { Fields } from '../../src/db/record-fields';
import { toBase64Url, utf8 } from '../../src/security/bytes';

/**
 * A record's name index entries as Dexie versions 2–4 wrote them (SPEC N1 before version 5): for each
 * piece, base64url of the first 8 bytes of HMAC-SHA256(lookup key, `n2:` + piece), paired with the row's
 * ISO `updatedAt` (N8, version 4). What a version 4 database holds, for the upgrade tests.
 */
export async function version4NameKeys(fields: Fields, lookupKey: CryptoKey, updatedAt: string): Promise<[string, string][]> {
  const tokens = await Promise.all(
    (await namePieces(fields)).map(async (p) => toBase64Url(new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', lookupKey, utf8(`n2:${p}`)), 0, 8))),
  );
  return [...new Set(tokens)].map((t) => [t, updatedAt]);
}
