import { z } from 'zod';
import { idSchema, isoDateTime } from '../schema/common';

/**
 * The hand-over file (SPEC F1–F12, issue 17): a tablet's queued work for when the network stays down
 * for weeks. Pure layout and bounds here (no crypto, no DOM, no Node): the tablet seals with WebCrypto
 * (src/security/handover-file.ts), the server opens (sync-server/src/handover/open-file.ts).
 *
 * Layout, version 1 (F2), all integers big-endian:
 *   magic "TDMHOVR\n" (8) | version u8 | header length u32 | header (UTF-8 JSON, F3)
 *   | ephemeral ECDH P-256 public key, raw uncompressed (65) | AES-GCM iv (12) | ciphertext
 *   | ECDSA P-256 SHA-256 signature, IEEE P1363 r‖s (64)
 * The signature covers every byte before it (F5); the header is also the ciphertext's associated data.
 */
export const HANDOVER_MAGIC = [0x54, 0x44, 0x4d, 0x48, 0x4f, 0x56, 0x52, 0x0a] as const; // "TDMHOVR\n"
export const HANDOVER_FORMAT_VERSION = 1;
export const HANDOVER_SUPPORTED_VERSIONS: readonly number[] = [1];

/** F8: bounds, checked before any crypto work. */
export const HANDOVER_MAX_FILE_BYTES = 48 * 1024 * 1024;
export const HANDOVER_MAX_HEADER_BYTES = 4096;
export const HANDOVER_MAX_CHANGES = 20_000;
export const HANDOVER_MAX_ATTACHMENTS = 2_000;

const EPHEMERAL_KEY_BYTES = 65;
const IV_BYTES = 12;
const SIGNATURE_BYTES = 64;
const PREFIX_BYTES = HANDOVER_MAGIC.length + 1 + 4;
/** Smallest possible file: an empty header and a GCM tag alone. */
const MIN_FILE_BYTES = PREFIX_BYTES + EPHEMERAL_KEY_BYTES + IV_BYTES + 16 + SIGNATURE_BYTES;

/**
 * F3: the clear header. It names who wrote the file and what it holds, never what the records say:
 * ids of the account and client, the seq range, counts and sizes. No name, no ID number.
 */
export const handoverHeaderSchema = z.strictObject({
  fileId: idSchema,
  clientId: idSchema,
  userId: idSchema,
  /** The registered signing key (F4): first 16 bytes of SHA-256 over its raw public key, hex. */
  keyId: z.string().regex(/^[0-9a-f]{32}$/),
  seqFrom: z.number().int().positive(),
  seqTo: z.number().int().positive(),
  changes: z.number().int().min(1).max(HANDOVER_MAX_CHANGES),
  attachments: z.number().int().min(0).max(HANDOVER_MAX_ATTACHMENTS),
  /** Plaintext payload size in bytes (F6). */
  payloadBytes: z.number().int().min(0).max(HANDOVER_MAX_FILE_BYTES),
  /** The tablet's clock when exported: shown, never trusted for ordering. */
  createdAt: isoDateTime,
}).refine((h) => h.seqFrom <= h.seqTo, { message: 'seqFrom after seqTo', path: ['seqTo'] });
export type HandoverHeader = z.infer<typeof handoverHeaderSchema>;

/** The parts of a file, as laid out (F2). `signed` is every byte the signature covers. */
export interface HandoverParts {
  version: number;
  headerBytes: Uint8Array;
  ephemeralKey: Uint8Array;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  signature: Uint8Array;
  /** magic | version | header length | header: the associated data of the ciphertext (F5). */
  aad: Uint8Array;
  signed: Uint8Array;
}

/**
 * UTF-8 from the platform (TextEncoder / a fatal TextDecoder): shared code has neither DOM nor Node
 * types, so the tablet and the server pass theirs in. `decode` throws on bytes that are not UTF-8.
 */
export interface Utf8Codec {
  encode(text: string): Uint8Array;
  decode(bytes: Uint8Array): string;
}

/** Why a file cannot be read, as the error code the server answers with (F9). */
export class HandoverFormatError extends Error {
  constructor(
    readonly code: 'HANDOVER_NOT_A_FILE' | 'HANDOVER_VERSION_UNSUPPORTED' | 'HANDOVER_DAMAGED' | 'PAYLOAD_TOO_LARGE',
    message: string,
  ) {
    super(message);
    this.name = 'HandoverFormatError';
  }
}

/** The bytes before the ephemeral key: magic, version, header length, header. */
export function handoverPrefix(headerBytes: Uint8Array, version = HANDOVER_FORMAT_VERSION): Uint8Array {
  const out = new Uint8Array(PREFIX_BYTES + headerBytes.length);
  out.set(HANDOVER_MAGIC, 0);
  out[HANDOVER_MAGIC.length] = version;
  new DataView(out.buffer).setUint32(HANDOVER_MAGIC.length + 1, headerBytes.length);
  out.set(headerBytes, PREFIX_BYTES);
  return out;
}

/** The signed part of a file: prefix | ephemeral key | iv | ciphertext (F5). */
export function handoverSignedPart(prefix: Uint8Array, ephemeralKey: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  if (ephemeralKey.length !== EPHEMERAL_KEY_BYTES || iv.length !== IV_BYTES) throw new Error('bad ephemeral key or iv length');
  const out = new Uint8Array(prefix.length + EPHEMERAL_KEY_BYTES + IV_BYTES + ciphertext.length);
  out.set(prefix, 0);
  out.set(ephemeralKey, prefix.length);
  out.set(iv, prefix.length + EPHEMERAL_KEY_BYTES);
  out.set(ciphertext, prefix.length + EPHEMERAL_KEY_BYTES + IV_BYTES);
  return out;
}

export function joinHandoverFile(signed: Uint8Array, signature: Uint8Array): Uint8Array {
  if (signature.length !== SIGNATURE_BYTES) throw new Error('bad signature length');
  const out = new Uint8Array(signed.length + SIGNATURE_BYTES);
  out.set(signed, 0);
  out.set(signature, signed.length);
  return out;
}

/**
 * Splits a file into its parts (F2, F8, F9), checking size, magic and version first, in that order, so
 * a file too large or of an unknown version gets its own clear answer before any other work.
 */
export function splitHandoverFile(file: Uint8Array): HandoverParts {
  if (file.length > HANDOVER_MAX_FILE_BYTES) throw new HandoverFormatError('PAYLOAD_TOO_LARGE', `A hand-over file holds at most ${HANDOVER_MAX_FILE_BYTES} bytes.`);
  if (file.length < PREFIX_BYTES || !HANDOVER_MAGIC.every((b, i) => file[i] === b)) {
    throw new HandoverFormatError('HANDOVER_NOT_A_FILE', 'This is not a Tidemark hand-over file.');
  }
  const version = file[HANDOVER_MAGIC.length]!;
  if (!HANDOVER_SUPPORTED_VERSIONS.includes(version)) {
    throw new HandoverFormatError('HANDOVER_VERSION_UNSUPPORTED', `Hand-over file version ${version} is not supported (supported: ${HANDOVER_SUPPORTED_VERSIONS.join(', ')}).`);
  }
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const headerLength = view.getUint32(HANDOVER_MAGIC.length + 1);
  if (headerLength > HANDOVER_MAX_HEADER_BYTES || file.length < MIN_FILE_BYTES + headerLength) {
    throw new HandoverFormatError('HANDOVER_DAMAGED', 'The file is cut short or damaged.');
  }
  const headerEnd = PREFIX_BYTES + headerLength;
  const ivEnd = headerEnd + EPHEMERAL_KEY_BYTES + IV_BYTES;
  const sigStart = file.length - SIGNATURE_BYTES;
  return {
    version,
    headerBytes: file.subarray(PREFIX_BYTES, headerEnd),
    ephemeralKey: file.subarray(headerEnd, headerEnd + EPHEMERAL_KEY_BYTES),
    iv: file.subarray(headerEnd + EPHEMERAL_KEY_BYTES, ivEnd),
    ciphertext: file.subarray(ivEnd, sigStart),
    signature: file.subarray(sigStart),
    aad: file.subarray(0, headerEnd),
    signed: file.subarray(0, sigStart),
  };
}

/** The header of a split file, validated (F3); a header that does not parse is damage (F9). */
export function parseHandoverHeader(headerBytes: Uint8Array, utf8: Utf8Codec): HandoverHeader {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(headerBytes));
  } catch {
    throw new HandoverFormatError('HANDOVER_DAMAGED', 'The file header is damaged.');
  }
  const parsed = handoverHeaderSchema.safeParse(json);
  if (!parsed.success) throw new HandoverFormatError('HANDOVER_DAMAGED', 'The file header is damaged.');
  return parsed.data;
}

/**
 * F6: the plaintext payload. A JSON part (the changes as a push carries them, and the attachments'
 * descriptions) followed by the attachments' bytes in the order described:
 *   json length u32 | json (UTF-8) | attachment bytes...
 */
export interface HandoverAttachmentEntry {
  sha256: string;
  contentType: string;
  recordId: string | null;
  size: number;
}

export const handoverPayloadJsonSchema = z.strictObject({
  changes: z.array(z.unknown()).min(1).max(HANDOVER_MAX_CHANGES),
  attachments: z
    .array(
      z.strictObject({
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        contentType: z.string().min(1).max(200),
        recordId: idSchema.nullable(),
        size: z.number().int().min(0).max(HANDOVER_MAX_FILE_BYTES),
      }),
    )
    .max(HANDOVER_MAX_ATTACHMENTS),
});

export interface HandoverPayload {
  /** Push changes (messages.ts Change), validated by the server's push parser, not here. */
  changes: unknown[];
  attachments: { entry: HandoverAttachmentEntry; bytes: Uint8Array }[];
}

export function encodeHandoverPayload(payload: HandoverPayload, utf8: Utf8Codec): Uint8Array {
  const json = utf8.encode(JSON.stringify({ changes: payload.changes, attachments: payload.attachments.map((a) => a.entry) }));
  const total = 4 + json.length + payload.attachments.reduce((n, a) => n + a.bytes.length, 0);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, json.length);
  out.set(json, 4);
  let at = 4 + json.length;
  for (const a of payload.attachments) {
    if (a.bytes.length !== a.entry.size) throw new Error(`attachment ${a.entry.sha256} size differs from its entry`);
    out.set(a.bytes, at);
    at += a.bytes.length;
  }
  return out;
}

export function decodeHandoverPayload(bytes: Uint8Array, utf8: Utf8Codec): HandoverPayload {
  const damaged = () => new HandoverFormatError('HANDOVER_DAMAGED', 'The file contents are damaged.');
  if (bytes.length < 4) throw damaged();
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  if (4 + jsonLength > bytes.length) throw damaged();
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(bytes.subarray(4, 4 + jsonLength)));
  } catch {
    throw damaged();
  }
  const parsed = handoverPayloadJsonSchema.safeParse(json);
  if (!parsed.success) throw damaged();
  let at = 4 + jsonLength;
  const attachments: HandoverPayload['attachments'] = [];
  for (const entry of parsed.data.attachments) {
    if (at + entry.size > bytes.length) throw damaged();
    attachments.push({ entry, bytes: bytes.subarray(at, at + entry.size) });
    at += entry.size;
  }
  if (at !== bytes.length) throw damaged();
  return { changes: parsed.data.changes, attachments };
}

/** The file name a tablet offers (F3): client, account and seq range, nothing that names a person. */
export function handoverFileName(h: Pick<HandoverHeader, 'clientId' | 'userId' | 'seqFrom' | 'seqTo'>): string {
  const short = (id: string) => id.replace(/[^A-Za-z0-9-]/g, '').slice(0, 12);
  return `tidemark-handover-${short(h.userId)}-${short(h.clientId)}-${h.seqFrom}-${h.seqTo}.tdmho`;
}

/** The server's public key as the tablet receives it at login (F1). */
export const handoverServerKeySchema = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().min(1).max(64),
  y: z.string().min(1).max(64),
});
export type HandoverServerKey = z.infer<typeof handoverServerKeySchema>;

/** F4: the signing key a tablet registers for its (account, client) at an online login. */
export const handoverKeyRegistrationSchema = z.strictObject({
  publicKey: handoverServerKeySchema,
});

/** F10: the pre-push question "which of these do you hold already?", and its answer. */
export const HELD_MAX_SEQS = 5000;
export const heldRequestSchema = z.strictObject({
  deviceId: idSchema,
  changes: z
    .array(z.strictObject({ seq: z.number().int().positive(), contentHash: z.string().regex(/^[0-9a-f]{64}$/) }))
    .min(1)
    .max(HELD_MAX_SEQS),
});
export type HeldRequest = z.infer<typeof heldRequestSchema>;

/** F11: what an import did, change by change, summed for the county's page. */
export interface HandoverImportSummary {
  fileId: string;
  clientId: string;
  userId: string;
  username: string;
  seqFrom: number;
  seqTo: number;
  changes: number;
  applied: number;
  merged: number;
  conflict: number;
  rejected: number;
  /** Changes the server held already (an earlier import or sync): answered from its record, not re-applied. */
  alreadyHeld: number;
  /** Changes a later save of the same tablet, received by sync first, had carried already (F7, C8): left out. */
  superseded: number;
  attachmentsStored: number;
}
