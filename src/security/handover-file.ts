import {
  handoverPrefix,
  handoverSignedPart,
  joinHandoverFile,
  type HandoverHeader,
  type HandoverServerKey,
  type Utf8Codec,
} from '../shared/protocol/handover-format';
import { asBytes, randomBytes, toHex, utf8 } from './bytes';

/**
 * The tablet's side of the hand-over file (SPEC F1–F5): a signing key per (account, client) and the
 * sealing of a file only the server can open. WebCrypto only; the server opens it with the same
 * algorithms (sync-server/src/handover/open-file.ts).
 */
const subtle = () => globalThis.crypto.subtle;

export const HANDOVER_HKDF_INFO = 'tidemark/handover/v1';

export const utf8Codec: Utf8Codec = {
  encode: (text) => utf8(text),
  decode: (bytes) => new TextDecoder('utf-8', { fatal: true }).decode(bytes),
};

export interface HandoverSigningKey {
  /** Non-extractable: it signs on this tablet and never leaves it (IndexedDB stores the CryptoKey itself). */
  privateKey: CryptoKey;
  publicKey: HandoverServerKey;
  keyId: string;
}

/** F4: the key id, the first 16 bytes of SHA-256 over the raw uncompressed public key, as hex. */
export async function handoverKeyId(publicKey: HandoverServerKey): Promise<string> {
  const key = await subtle().importKey('jwk', { ...publicKey, ext: true }, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
  const raw = new Uint8Array(await subtle().exportKey('raw', key));
  return toHex(new Uint8Array(await subtle().digest('SHA-256', raw)).subarray(0, 16));
}

/** F4: a fresh ECDSA P-256 key for this (account, client), generated at an online login. */
export async function createHandoverSigningKey(): Promise<HandoverSigningKey> {
  const pair = await subtle().generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const jwk = await subtle().exportKey('jwk', pair.publicKey);
  const publicKey: HandoverServerKey = { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!};
  return { privateKey: pair.privateKey, publicKey, keyId: await handoverKeyId(publicKey) };
}

/**
 * F5: seals a payload for the server and signs the whole file. Ephemeral ECDH P-256 with the server's
 * key, HKDF-SHA-256 (salt: the ephemeral public key, info: HANDOVER_HKDF_INFO) to an AES-256-GCM key;
 * the header is the associated data; the signature covers every byte before it.
 */
export async function sealHandoverFile(input: {
  header: HandoverHeader;
  payload: Uint8Array;
  serverKey: HandoverServerKey;
  signingKey: CryptoKey;
}): Promise<Uint8Array> {
  const serverKey = await subtle().importKey('jwk', { ...input.serverKey, ext: true }, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const ephemeral = await subtle().generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const ephemeralRaw = new Uint8Array(await subtle().exportKey('raw', ephemeral.publicKey));
  const shared = await subtle().deriveBits({ name: 'ECDH', public: serverKey }, ephemeral.privateKey, 256);
  const hkdf = await subtle().importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  const aesKey = await subtle().deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: ephemeralRaw, info: utf8(HANDOVER_HKDF_INFO) },
    hkdf,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  );
  const prefix = handoverPrefix(utf8(JSON.stringify(input.header)));
  const iv = randomBytes(12);
  const ciphertext = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: asBytes(prefix) }, aesKey, asBytes(input.payload)));
  const signed = handoverSignedPart(prefix, ephemeralRaw, iv, ciphertext);
  const signature = new Uint8Array(await subtle().sign({ name: 'ECDSA', hash: 'SHA-256' }, input.signingKey, asBytes(signed)));
  return joinHandoverFile(signed, signature);
}
