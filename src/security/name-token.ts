import { utf8 } from './bytes';

/**
 * Keyed tokens of two-character pieces of names and villages, for the name index (SPEC N1, N2): the
 * first 6 bytes of HMAC-SHA256 under the worker's lookup key, domain-separated from the ID-number hashes
 * (`n2:` here, `id:` in lookup-hash.ts), as an integer (< 2^48, exact in a double). Without the key nobody
 * can test a guess against the index. A number rather than text (version 5): Chromium stores a string
 * key at 2 bytes a character and compares it decoded, and the name index is most of a first sync's
 * writes; a shorter token only adds false candidates, which the decrypted check removes (N4).
 * Memoised per key while it is in memory: a tablet's names share few distinct pairs, so a pull of
 * 50,000 households signs each pair once rather than once per record (WebCrypto costs ~20–60 µs a call).
 * The memo goes with the key (WeakMap): lock drops the key, and the pairs with it.
 */
const memo = new WeakMap<CryptoKey, Map<string, Promise<number>>>();

/** The first 6 bytes, big-endian, as an integer. */
function first6(b: Uint8Array): number {
  let v = 0;
  for (let i = 0; i < 6; i++) v = v * 256 + b[i]!;
  return v;
}

export function nameToken(lookupKey: CryptoKey, pair: string): Promise<number> {
  const m = memo.get(lookupKey) ?? new Map<string, Promise<number>>();
  memo.set(lookupKey, m);
  let t = m.get(pair);
  if (!t) {
    t = globalThis.crypto.subtle.sign('HMAC', lookupKey, utf8(`n2:${pair}`)).then((mac) => first6(new Uint8Array(mac)));
    t.catch(() => m.delete(pair));
    m.set(pair, t);
  }
  return t;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A token as versions 2–4 stored it (base64url of the HMAC's first 8 bytes, 11 characters) as the number
 * nameToken gives for the same piece: its first 8 characters are exactly the first 6 bytes, so the
 * conversion (SPEC N9) needs no key. Null for anything else (not a token this app wrote).
 */
export function nameTokenFromText(text: string): number | null {
  if (!/^[A-Za-z0-9_-]{11}$/.test(text)) return null;
  let v = 0;
  for (let i = 0; i < 8; i++) v = v * 64 + BASE64URL.indexOf(text[i]!);
  return v;
}

/**
 * The first 8 characters every text token of a number starts with (the inverse of nameTokenFromText
 * on them): the search finds a piece's entries not yet converted by this prefix (SPEC N9).
 */
export function nameTokenTextPrefix(token: number): string {
  let out = '';
  for (let i = 7; i >= 0; i--) out += BASE64URL[Math.floor(token / 64 ** i) % 64];
  return out;
}
