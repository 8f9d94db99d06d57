import { HandoverFormatError, parseHandoverHeader, splitHandoverFile, type HandoverImportSummary } from '../shared/protocol/handover-format';
import type { CarriedFile } from '../shared/protocol/handover-tablet';
import { AppError } from '../shared/protocol/app-error';
import { utf8Codec } from '../security/handover-file';
import type { UserDb } from '../db/user-db';
import { CARRIED_PREFIX, handoverMeta, listCarried } from './handover-store';

/** POST /api/handover/carry with the file's bytes, as the courier's session. */
export type PostFile = (path: string, file: Uint8Array) => Promise<HandoverImportSummary>;

/**
 * SPEC F12: a worker takes a colleague's file onto their own tablet only to carry it. The file is
 * sealed for the server: this tablet reads its clear header (who, which seqs, how many) and nothing
 * else. A file that is not one, of an unknown version or too large is refused here with the server's
 * own codes, so the worker knows at once rather than at the next sync.
 */
export async function carryFile(db: UserDb, file: Uint8Array, now: () => Date): Promise<CarriedFile> {
  let header;
  try {
    header = parseHandoverHeader(splitHandoverFile(file).headerBytes, utf8Codec);
  } catch (e) {
    if (e instanceof HandoverFormatError) throw new AppError(e.code, e.message);
    throw e;
  }
  const carried: CarriedFile = {
    fileId: header.fileId, userId: header.userId, clientId: header.clientId, seqFrom: header.seqFrom, seqTo: header.seqTo,
    changes: header.changes, bytes: file.length, carriedAt: now().toISOString(),
  };
  await handoverMeta(db).put({ key: `${CARRIED_PREFIX}${header.fileId}`, value: { ...carried, file: new Uint8Array(file) } });
  return carried;
}

/** Codes after which a carried file is dropped: the server will never take it, resending changes nothing. */
const FINAL = new Set(['HANDOVER_NOT_A_FILE', 'HANDOVER_VERSION_UNSUPPORTED', 'HANDOVER_DAMAGED', 'HANDOVER_KEY_UNKNOWN', 'ACCOUNT_DISABLED', 'PAYLOAD_TOO_LARGE']);

/**
 * F12: at the courier's sync, each carried file goes to the server, which applies it for the account
 * that signed it (exactly once, F7); a file answered, or refused for good, is dropped. A network or
 * server fault keeps it for the next sync. Returns how many files were passed on.
 */
export async function forwardCarriedFiles(db: UserDb, post: PostFile): Promise<{ forwarded: number; refused: { fileId: string; code: string }[] }> {
  let forwarded = 0;
  const refused: { fileId: string; code: string }[] = [];
  for (const c of await listCarried(db)) {
    try {
      await post('/api/handover/carry', c.file);
      forwarded++;
    } catch (e) {
      const code = e instanceof AppError ? e.code : '';
      if (!FINAL.has(code)) continue;
      refused.push({ fileId: c.fileId, code });
    }
    await handoverMeta(db).delete(`${CARRIED_PREFIX}${c.fileId}`);
  }
  return { forwarded, refused };
}
