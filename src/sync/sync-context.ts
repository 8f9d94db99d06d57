import type { UserKeys } from '../security/key-bundle';
import type { UserDb } from '../db/user-db';
import type { WrittenRecord } from '../db/household-list';
import type { WriteAccount } from '../db/write-account';
import type { SyncApi } from './api-client';

export interface SyncLimits {
  /** Rule P3: at most 500 changes per push. */
  maxChanges: number;
  /** Below the server's 2 MiB so the envelope and escaping never tip a batch over (rule P3). */
  maxBytes: number;
  /** Rule L2: at most 1000 per page. */
  pullLimit: number;
}

export const DEFAULT_LIMITS: SyncLimits = { maxChanges: 500, maxBytes: 1.5 * 1024 * 1024, pullLimit: 1000 };

interface PushProgress {
  sentChanges: number;
  totalChanges: number;
  sentBytes: number;
  totalBytes: number;
}

/** What push, pull and attachments need; built by the sync engine for one run. */
export interface SyncContext {
  db: UserDb;
  keys: UserKeys;
  api: SyncApi;
  token: string;
  /** The per-database client id, sent as the push `deviceId`; moves to a fresh one on CLIENT_ID_REUSED (P9). */
  clientId: string;
  /** Makes a fresh client id (P9). Default crypto.randomUUID. */
  newId?: () => string;
  /** The push moved this database to a fresh client id (P9): remember it for the next login. */
  onClientIdChanged?: (clientId: string) => void;
  now: () => Date;
  limits: SyncLimits;
  onProgress: (p: PushProgress) => void;
  /** After each committed transaction, with the ids of the records it wrote. */
  onRecordsChanged: (ids: string[]) => void;
  /**
   * The list digest (SPEC N10): `mark()` before a pull's page transaction; after it committed, `written`
   * with the record rows it wrote and the fields sealed in them, and what else it did to record rows.
   */
  onRecordsWritten?: { mark(): number; written(rows: WrittenRecord[], wrote: WriteAccount): void; prime(): Promise<void> };
}
