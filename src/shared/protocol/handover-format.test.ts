import { describe, expect, it } from 'vitest';
import {
  decodeHandoverPayload,
  encodeHandoverPayload,
  HANDOVER_MAX_FILE_BYTES,
  HANDOVER_MAX_HEADER_BYTES,
  handoverFileName,
  HandoverFormatError,
  handoverPrefix,
  handoverSignedPart,
  joinHandoverFile,
  parseHandoverHeader,
  splitHandoverFile,
  type HandoverHeader,
  type Utf8Codec,
} from './handover-format';

const utf8: Utf8Codec = { encode: (s) => new TextEncoder().encode(s), decode: (b) => new TextDecoder('utf-8', { fatal: true }).decode(b) };

const header: HandoverHeader = {
  fileId: 'file-0001-abcd', clientId: 'client-0001', userId: 'user-0001', keyId: '0123456789abcdef0123456789abcdef',
  seqFrom: 3, seqTo: 9, changes: 2, attachments: 1, payloadBytes: 100, createdAt: '2026-06-21T08:00:00.000Z',
};

function file(h: unknown = header, ciphertext = new Uint8Array(40).fill(7)): Uint8Array {
  const prefix = handoverPrefix(utf8.encode(JSON.stringify(h)));
  return joinHandoverFile(handoverSignedPart(prefix, new Uint8Array(65).fill(4), new Uint8Array(12).fill(1), ciphertext), new Uint8Array(64).fill(9));
}

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof HandoverFormatError ? e.code : `other: ${String(e)}`;
  }
  return 'no error';
};

describe('hand-over file layout', () => {
  it('[F2] splits what it joined: header, ephemeral key, iv, ciphertext, signature; the signature covers all before it', () => {
    const f = file();
    const parts = splitHandoverFile(f);
    expect(parts.version).toBe(1);
    expect(parseHandoverHeader(parts.headerBytes, utf8)).toEqual(header);
    expect([parts.ephemeralKey.length, parts.iv.length, parts.ciphertext.length, parts.signature.length]).toEqual([65, 12, 40, 64]);
    expect(parts.signed.length + 64).toBe(f.length);
    expect(parts.aad.length).toBe(8 + 1 + 4 + parts.headerBytes.length);
  });

  it('[F2][F8] size first, then magic, then version: each its own code', () => {
    expect(codeOf(() => splitHandoverFile(new Uint8Array(HANDOVER_MAX_FILE_BYTES + 1)))).toBe('PAYLOAD_TOO_LARGE');
    expect(codeOf(() => splitHandoverFile(utf8.encode('PK\u0003\u0004 a zip file')))).toBe('HANDOVER_NOT_A_FILE');
    const future = file();
    future[8] = 2;
    expect(codeOf(() => splitHandoverFile(future))).toBe('HANDOVER_VERSION_UNSUPPORTED');
    expect(codeOf(() => splitHandoverFile(file().subarray(0, 60)))).toBe('HANDOVER_DAMAGED');
    const longHeader = file();
    new DataView(longHeader.buffer).setUint32(9, HANDOVER_MAX_HEADER_BYTES + 1);
    expect(codeOf(() => splitHandoverFile(longHeader))).toBe('HANDOVER_DAMAGED');
  });

  it('[F3] the header holds ids and figures only: a name or any other field is refused as damage', () => {
    expect(codeOf(() => parseHandoverHeader(splitHandoverFile(file({ ...header, displayName: '王芳' })).headerBytes, utf8))).toBe('HANDOVER_DAMAGED');
    expect(codeOf(() => parseHandoverHeader(splitHandoverFile(file({ ...header, seqFrom: 10 })).headerBytes, utf8))).toBe('HANDOVER_DAMAGED');
    expect(codeOf(() => parseHandoverHeader(new Uint8Array([0xff, 0xfe]), utf8))).toBe('HANDOVER_DAMAGED');
    expect(handoverFileName(header)).toBe('tidemark-handover-user-0001-client-0001-3-9.tdmho');
  });

  it('[F6] the payload round-trips changes and attachment bytes; a cut or padded payload is damage', () => {
    const photo = new Uint8Array([1, 2, 3, 4, 5]);
    const payload = { changes: [{ seq: 1 }, { seq: 2 }], attachments: [{ entry: { sha256: 'a'.repeat(64), contentType: 'image/png', recordId: 'record-0001', size: 5 }, bytes: photo }] };
    const bytes = encodeHandoverPayload(payload, utf8);
    const back = decodeHandoverPayload(bytes, utf8);
    expect(back.changes).toEqual(payload.changes);
    expect([...back.attachments[0]!.bytes]).toEqual([...photo]);
    expect(codeOf(() => decodeHandoverPayload(bytes.subarray(0, bytes.length - 1), utf8))).toBe('HANDOVER_DAMAGED');
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes);
    expect(codeOf(() => decodeHandoverPayload(padded, utf8))).toBe('HANDOVER_DAMAGED');
  });
});
