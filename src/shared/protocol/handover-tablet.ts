import type { HandoverHeader, HandoverImportSummary } from './handover-format';

/**
 * What a worker's session offers the hand-over screen (issue 17, SPEC F5, F10, F12). Pure types: the
 * implementation is src/sync/handover-api.ts, wired in by the composition root (compose-session.ts).
 */
export interface HandoverExportPreview {
  /** Changes the file would hold (a record saved many times goes as its latest change, as a push sends it). */
  changes: number;
  /** Records those changes are of. */
  records: number;
  attachments: number;
  /** Queued changes that stay for the next sync (a record's later change made on another base). */
  leftForSync: number;
}

export interface HandoverExportResult {
  header: HandoverHeader;
  fileName: string;
  bytes: Uint8Array;
}

export type HandoverUnavailable = 'NOTHING_QUEUED' | 'NO_SIGNING_KEY' | 'NO_SERVER_KEY';

/** A colleague's file this tablet carries for the server (F12): only its clear header is known here. */
export interface CarriedFile {
  fileId: string;
  userId: string;
  clientId: string;
  seqFrom: number;
  seqTo: number;
  changes: number;
  bytes: number;
  carriedAt: string;
}

export interface TabletHandoverApi {
  /** What an export would hold now, or why there can be none. */
  preview(): Promise<HandoverExportPreview | { unavailable: HandoverUnavailable }>;
  /** F5: writes the file. Nothing leaves the outbox: the changes stay queued until the server answers. */
  export(): Promise<HandoverExportResult>;
  /** F12: takes a colleague's file to carry; refuses a file that is not one, of an unknown version or too large. */
  carry(file: Uint8Array): Promise<CarriedFile>;
  /** Files waiting to be passed on at this tablet's next sync. */
  carried(): Promise<CarriedFile[]>;
  /** F12: passes carried files on now (online); the session also does it after each sync. */
  forwardCarried(): Promise<{ forwarded: number; refused: { fileId: string; code: string }[] }>;
  /** F7, F11: the county's import (supervisor, administrator), online. */
  importFile(file: Uint8Array): Promise<HandoverImportSummary>;
  /** F10: changes the server already held through a file, answered at this session's syncs. */
  handedOver(): number;
}
