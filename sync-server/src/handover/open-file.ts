import { createHash, webcrypto } from 'node:crypto';
import {
  decodeHandoverPayload,
  HandoverFormatError,
  parseHandoverHeader,
  splitHandoverFile,
  type HandoverHeader,
  type HandoverPayload,
  type HandoverServerKey,
  type Utf8Codec,
} from '../../../src/shared/protocol/handover-format';
import { appError } from '../errors';
import type { HandoverServerKeyPair } from './server-key';

const subtle = webcrypto.subtle;
export const HANDOVER_HKDF_INFO = 'tidemark/handover/v1';

export const serverUtf8: Utf8Codec = {
  encode: (text) => new TextEncoder().encode(text),
  decode: (bytes) => new TextDecoder('utf-8', { fatal: true }).decode(bytes),
};

/** F4: the key id of a public key, as the tablet computes it (first 16 bytes of SHA-256 over the raw key). */
export function handoverKeyIdOf(key: HandoverServerKey): string {
  const raw = Buffer.concat([Buffer.from([4]), Buffer.from(key.x, 'base64url'), Buffer.from(key.y, 'base64url')]);
  return createHash('sha256').update(raw).digest().subarray(0, 16).toString('hex');
}

const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** Splitting and header errors as the error table's codes (F9). */
function formatError(err: unknown): never {
  if (err instanceof HandoverFormatError) throw appError(err.code, undefined, err.message);
  throw err;
}

/**
 * F5, F9: reads a hand-over file, refusing it whole at the first fault, cheapest check first: size,
 * magic, version, header; then the signature by a key registered for the header's (client, account);
 * only a file that verifies is decrypted. A changed byte anywhere fails the signature (HANDOVER_DAMAGED);
 * a header naming a (client, account) that registered no key is HANDOVER_KEY_UNKNOWN.
 */
export async function openHandoverFile(
  file: Uint8Array,
  deps: { serverKey: HandoverServerKeyPair; registeredKeys: (clientId: string, userId: string) => Promise<{ keyId: string; publicKey: HandoverServerKey }[]> },
): Promise<{ header: HandoverHeader; payload: HandoverPayload }> {
  let parts: ReturnType<typeof splitHandoverFile>;
  let header: HandoverHeader;
  try {
    parts = splitHandoverFile(file);
    header = parseHandoverHeader(parts.headerBytes, serverUtf8);
  } catch (err) {
    formatError(err);
  }
  const keys = await deps.registeredKeys(header.clientId, header.userId);
  if (keys.length === 0) throw appError('HANDOVER_KEY_UNKNOWN', { clientId: header.clientId, userId: header.userId });
  const key = keys.find((k) => k.keyId === header.keyId);
  // A key id registered for no key of this (client, account): the header was changed.
  if (!key) throw appError('HANDOVER_DAMAGED', { reason: 'signature' });
  const verifier = await subtle.importKey('jwk', { ...key.publicKey }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  const valid = await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, verifier, asBuffer(parts.signature), asBuffer(parts.signed));
  if (!valid) throw appError('HANDOVER_DAMAGED', { reason: 'signature' });

  let plain: Uint8Array;
  try {
    const ephemeral = await subtle.importKey('raw', asBuffer(parts.ephemeralKey), { name: 'ECDH', namedCurve: 'P-256' }, false, []);
    const shared = await subtle.deriveBits({ name: 'ECDH', public: ephemeral }, deps.serverKey.privateKey, 256);
    const hkdf = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
    const aes = await subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: asBuffer(parts.ephemeralKey), info: Buffer.from(HANDOVER_HKDF_INFO) },
      hkdf,
      { name: 'AES-GCM', length: 256 },
      false,
      ['decrypt'],
    );
    plain = new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: asBuffer(parts.iv), additionalData: asBuffer(parts.aad) }, aes, asBuffer(parts.ciphertext)));
  } catch {
    // Signed by the tablet but not sealed to this server's key (another server's file): unreadable here.
    throw appError('HANDOVER_DAMAGED', { reason: 'decrypt' });
  }
  let payload: HandoverPayload;
  try {
    payload = decodeHandoverPayload(plain, serverUtf8);
  } catch (err) {
    formatError(err);
  }
  // F6: the header's counts are the payload's (the tablet signed both; a mismatch is a broken writer).
  if (payload.changes.length !== header.changes || payload.attachments.length !== header.attachments || plain.length !== header.payloadBytes) {
    throw appError('HANDOVER_DAMAGED', { reason: 'counts' });
  }
  return { header, payload };
}
