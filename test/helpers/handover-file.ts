import { createHash, randomUUID } from 'node:crypto';
import { encodeHandoverPayload, type HandoverHeader, type HandoverServerKey } from '../../src/shared/protocol/handover-format';
import type { Change } from '../../src/shared/protocol/messages';
import { createHandoverSigningKey, sealHandoverFile, utf8Codec, type HandoverSigningKey } from '../../src/security/handover-file';

/**
 * Writes a hand-over file the way the tablet does (the real WebCrypto sealing of
 * src/security/handover-file.ts), for server tests that need one without a browser.
 */
export async function writeHandoverFile(input: {
  clientId: string;
  userId: string;
  signingKey: HandoverSigningKey;
  serverKey: HandoverServerKey;
  changes: Change[];
  attachments?: { bytes: Uint8Array; contentType: string; recordId: string | null }[];
}): Promise<Uint8Array> {
  const attachments = (input.attachments ?? []).map((a) => ({
    entry: { sha256: createHash('sha256').update(a.bytes).digest('hex'), contentType: a.contentType, recordId: a.recordId, size: a.bytes.length },
    bytes: a.bytes,
  }));
  const payload = encodeHandoverPayload({ changes: input.changes, attachments }, utf8Codec);
  const seqs = input.changes.map((c) => c.seq);
  const header: HandoverHeader = {
    fileId: randomUUID(), clientId: input.clientId, userId: input.userId, keyId: input.signingKey.keyId,
    seqFrom: Math.min(...seqs), seqTo: Math.max(...seqs), changes: input.changes.length, attachments: attachments.length,
    payloadBytes: payload.length, createdAt: '2026-06-21T08:00:00.000Z',
  };
  return sealHandoverFile({ header, payload, serverKey: input.serverKey, signingKey: input.signingKey.privateKey });
}

export { createHandoverSigningKey };
