import { toBase64Url, utf8 } from './bytes';

/**
 * Keyed tokens of two-character pieces of names and villages, for the name index (SPEC N1, N2): the
 * first 8 bytes of HMAC-SHA256 under the worker's lookup key, domain-separated from the ID-number hashes
 * (`n2:` here, `id:` in lookup-hash.ts). Without the key nobody can test a guess against the index.
 * Memoised per key while it is in memory: a tablet's names share few distinct pairs, so a pull of
 * 50,000 households signs each pair once rather than once per record (WebCrypto costs ~20–60 µs a call).
 * The memo goes with the key (WeakMap): lock drops the key, and the pairs with it.
 */
const memo = new WeakMap<CryptoKey, Map<string, Promise<string>>>();

export function nameToken(lookupKey: CryptoKey, pair: string): Promise<string> {
  const m = memo.get(lookupKey) ?? new Map<string, Promise<string>>();
  memo.set(lookupKey, m);
  let t = m.get(pair);
  if (!t) {
    t = globalThis.crypto.subtle.sign('HMAC', lookupKey, utf8(`n2:${pair}`)).then((mac) => toBase64Url(new Uint8Array(mac, 0, 8)));
    t.catch(() => m.delete(pair));
    m.set(pair, t);
  }
  return t;
}
