import { createECDH, createHash, webcrypto } from 'node:crypto';
import type { HandoverServerKey } from '../../../src/shared/protocol/handover-format';
import type { AppContext } from '../context';

/** The server's hand-over key pair (SPEC F1): files are sealed to its public key, opened with its private one. */
export interface HandoverServerKeyPair {
  publicKey: HandoverServerKey;
  privateKey: webcrypto.CryptoKey;
}

const b64url = (b: Buffer) => b.toString('base64url');

/**
 * The key pair from the stored seed (server_secrets 'handover_ecdh', migration 011): the P-256 scalar is
 * SHA-256 of the seed, so every server process derives the same pair and nothing but the seed is stored.
 * (A digest at or above the curve order has probability below 2^-32; createECDH refuses it loudly.)
 */
export async function handoverKeyFromSeed(seed: string): Promise<HandoverServerKeyPair> {
  const d = createHash('sha256').update(`tidemark/handover/server-key/${seed}`).digest();
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(d);
  const pub = ecdh.getPublicKey(); // 0x04 | x (32) | y (32)
  const publicKey: HandoverServerKey = { kty: 'EC', crv: 'P-256', x: b64url(pub.subarray(1, 33)), y: b64url(pub.subarray(33, 65)) };
  const privateKey = await webcrypto.subtle.importKey('jwk', { ...publicKey, d: b64url(d) }, { name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  return { publicKey, privateKey };
}

/** Read once per context (like the ID-number HMAC); a failed read is retried next time. */
const cache = new WeakMap<AppContext, Promise<HandoverServerKeyPair>>();

export function handoverServerKey(ctx: AppContext): Promise<HandoverServerKeyPair> {
  let pair = cache.get(ctx);
  if (!pair) {
    pair = ctx.store.getServerSecret('handover_ecdh').then(handoverKeyFromSeed);
    pair.catch(() => cache.delete(ctx));
    cache.set(ctx, pair);
  }
  return pair;
}
