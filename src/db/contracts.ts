/**
 * The client-side contracts between the data layer (src/db, src/sync, src/security) and the screens
 * (src/app, src/features). Screens depend only on these types and on the functions named here.
 */
import type { SessionUser } from '../shared/protocol/messages';
import type { ErrorCode } from '../shared/protocol/error-codes';

/** A typed sync state the UI renders (STYLE: Dexie Cloud's SyncState). */
export type SyncPhase = 'offline' | 'idle' | 'syncing' | 'synced' | 'error';
export interface SyncState {
  phase: SyncPhase;
  /** Changes in the outbox not yet confirmed by the server. */
  pending: number;
  /** Changes the server rejected; they stay on the tablet flagged for correction. */
  rejected: number;
  lastSyncedAt: string | null;
  /** When the oldest unsynced change was made (for the "waiting N days" warning). */
  oldestPendingAt: string | null;
  error: { code: ErrorCode | ClientErrorCode; message?: string } | null;
  nextRetryAt: string | null;
  progress: { sentChanges: number; totalChanges: number; sentBytes: number; totalBytes: number } | null;
}

/** Errors the client raises itself (translated by the UI like server codes). */
export type ClientErrorCode =
  | 'NETWORK'
  | 'STORAGE_FULL'
  | 'UNLOCK_FAILED'
  | 'UNLOCK_WIPED'
  | 'OFFLINE_EXPIRED'
  | 'NO_OFFLINE_ACCOUNT'
  | 'LOCKED';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode | ClientErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? code);
    this.name = 'AppError';
  }
}

export interface KnownAccount {
  userId: string;
  username: string;
  displayName: string;
  township: string | null;
  lastOnlineLoginAt: string;
}

/** Per-record sync state shown next to each record. */
export type RecordSyncState = 'pending' | 'synced' | 'rejected' | 'conflict';

export type { SessionUser };

/** A displaced household as the list shows it (decrypted in memory, never stored in clear). */
export interface HouseholdListItem {
  id: string;
  headName: string;
  /** Masked, e.g. 3301**********1231; revealing the full number is a separate, logged action. */
  headIdMasked: string;
  membersCount: number;
  village: string;
  placement: 'centralised' | 'dispersed';
  shelterSiteId: string | null;
  eventId: string;
  checkInAt: string;
  checkedOut: boolean;
  syncState: RecordSyncState;
  /** Per-change rejection from the server (code and issues), when syncState is 'rejected'. */
  rejection: { code: string; issues?: { path: string; message: string }[] } | null;
  updatedAt: string;
}

/** Reference data pulled from the server (not sensitive, stored in clear). */
export interface ReferenceItem<T = Record<string, unknown>> {
  entity: string;
  id: string;
  version: number;
  township: string | null;
  fields: T;
}

/**
 * What the screens call. Implemented in src/db/client.ts (createTidemarkClient), with every
 * dependency (fetch, clock, ids, connectivity, KDF iterations) injectable for tests.
 */
export interface TidemarkClient {
  /** Accounts that have logged in online on this tablet (for offline unlock). */
  knownAccounts(): Promise<KnownAccount[]>;
  /** Online login: the server checks the password; the tablet derives its keys and opens the worker's database. */
  loginOnline(username: string, password: string): Promise<UnlockedSession>;
  /** Offline unlock after one online login; AppError UNLOCK_FAILED (details: { attemptsLeft }), UNLOCK_WIPED, OFFLINE_EXPIRED. */
  unlockOffline(username: string, password: string): Promise<UnlockedSession>;
  /** The session unlocked in this page, if any (keys live only in memory). */
  current(): UnlockedSession | null;
  /** Forgets the keys in memory; nothing on disk is deleted. */
  lock(): void;
  /** Ends the server session and locks; never deletes unsynced records. */
  logout(): Promise<void>;
  /** Asks for persistent storage; resolves whether storage is persistent. */
  persistStorage(): Promise<boolean>;
  deviceId(): Promise<string>;
}

export interface UnlockedSession {
  user: SessionUser;
  /** True when the server session token is present and not expired (sync possible). */
  online(): boolean;
  households: {
    /** Validates with the shared schema, encrypts, writes the record and its outbox change in one strict transaction. */
    save(input: unknown): Promise<{ id: string }>;
    get(id: string): Promise<import('../shared/schema/displaced-household').DisplacedHousehold | null>;
    list(query?: { text?: string; eventId?: string }): Promise<HouseholdListItem[]>;
    /** Records on this tablet whose head or member has this ID number (by keyed HMAC). */
    findByIdNumber(idNumber: string): Promise<HouseholdListItem[]>;
  };
  reference: {
    list<T = Record<string, unknown>>(entity: 'event' | 'site' | 'policy' | 'entitlement'): Promise<ReferenceItem<T>[]>;
  };
  sync: {
    state(): SyncState;
    subscribe(listener: (s: SyncState) => void): () => void;
    /** Push then pull now (the "Sync now" button). */
    syncNow(): Promise<void>;
  };
  /** Bumps whenever local data changes, for screens to re-query (Dexie liveQuery under the hood). */
  onChange(listener: () => void): () => void;
}
