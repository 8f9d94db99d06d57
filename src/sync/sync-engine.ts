import type { SyncState } from '../db/contracts';
import { AppError } from '../db/contracts';
import { readClientId } from '../db/client-id';
import type { UserDb } from '../db/user-db';
import type { UserKeys } from '../security/key-bundle';
import { ApiError, type SyncApi } from './api-client';
import { uploadAttachments } from './attachments';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { outboxStats } from './outbox-stats';
import type { Connectivity, Timers } from './platform';
import { pullChanges } from './pull';
import { pushOutbox } from './push';
import { ackHandedOver } from './handover-ack';
import { DEFAULT_LIMITS, type SyncContext, type SyncLimits } from './sync-context';

export interface SyncOptions {
  /**
   * Sync by itself: at start, after saves, on `online`, after failures (back-off) and periodically.
   * Default true. Off, only syncNow() syncs (tests that drive every step).
   */
  autoSync: boolean;
  /** Sync this often while all is well (pulls others' work). Default 5 min. */
  periodicMs: number;
  /** Wait this long after a save before pushing, so a burst of saves goes in one batch. Default 2 s. */
  debounceMs: number;
  backoff: BackoffOptions;
  limits: SyncLimits;
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  autoSync: true,
  periodicMs: 5 * 60_000,
  debounceMs: 2_000,
  backoff: DEFAULT_BACKOFF,
  limits: DEFAULT_LIMITS,
};

export interface SyncEngineDeps {
  db: UserDb;
  keys: UserKeys;
  api: SyncApi;
  /** The client id the session opened with; each run reads the database's current one (P9 may move it). */
  clientId: string;
  /** Makes a fresh client id when the server says another writer used ours (P9). Default crypto.randomUUID. */
  newId?: () => string;
  /** The outbox moved to a fresh client id (P9). */
  onClientIdChanged?: (clientId: string) => void;
  /** The session token, or null when there is none (offline unlock with an expired session). */
  token: () => string | null;
  now: () => Date;
  timers: Timers;
  random: () => number;
  connectivity: Connectivity;
  options: SyncOptions;
  /** The server refused the token (401): the UI asks for an online login; the queue stays (rule A1). */
  onAuthFailure: (code: string) => void;
  /**
   * Why there is no token, shown as the state's error: SESSION_EXPIRED ("登录已过期") when the session
   * this tablet held has run out, so the worker knows to log in online again. Default UNAUTHENTICATED.
   */
  noTokenReason?: () => 'SESSION_EXPIRED' | 'UNAUTHENTICATED';
  onRecordsChanged: (ids: string[]) => void;
  /** A pull's page committed: its record rows with their fields (the list digest, SPEC N10; SyncContext). */
  onRecordsWritten?: SyncContext['onRecordsWritten'];
}

export interface SyncEngine {
  state(): SyncState;
  subscribe(listener: (s: SyncState) => void): () => void;
  /** Push, pull, attachments; resolves when done (errors are in the state, never thrown). */
  syncNow(): Promise<void>;
  /** A local save happened: update counts and push soon. */
  localChange(): void;
  start(): void;
  /** Stops timers and listeners; resolves once a running sync has finished. */
  stop(): Promise<void>;
}

/** After a count read, saves within this many ms are counted together by one more read. */
export const COUNTS_DELAY_MS = 250;

/** Errors that retrying cannot fix: wait for the worker (log in again, update the app, call the office). */
const BLOCKING_STATUSES = new Set([401, 403, 426]);

function initialSyncState(): SyncState {
  return { phase: 'idle', pending: 0, rejected: 0, lastSyncedAt: null, oldestPendingAt: null, error: null, nextRetryAt: null, progress: null, pendingAttachments: 0 };
}

/**
 * The sync loop of one unlocked session: one run at a time (a request during a run queues exactly one
 * more), a single timer for the next wake-up (debounce, back-off or periodic), and a typed state.
 */
export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const { options, timers } = deps;
  let state: SyncState = initialSyncState();
  const listeners = new Set<(s: SyncState) => void>();
  let failures = 0;
  let timer: unknown = null;
  let stopped = false;
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  let changedDuringRun = false;
  let unsubscribeConnectivity: (() => void) | null = null;

  function set(patch: Partial<SyncState>) {
    state = { ...state, ...patch };
    for (const l of [...listeners]) l(state);
  }

  async function refreshCounts() {
    const s = await outboxStats(deps.db);
    set({ pending: s.pendingRecords, rejected: s.rejected, oldestPendingAt: s.oldestPendingAt, pendingAttachments: s.pendingAttachments });
    return s;
  }

  // Issue 18: the counts after a save are read once a burst of saves is over, not after each one. The
  // read is a transaction over the outbox: run after every save, it held up the next save's write
  // (IndexedDB runs a write after the reads it overlaps) and cost more than the save itself. A burst
  // (bulk entry, a survey's autosaves) reads once, COUNTS_DELAY_MS after its last save. Not a sync
  // wake-up, so not on the engine's timer (which schedules syncs and retries).
  let countsTimer: ReturnType<typeof setTimeout> | null = null;
  let countsAgain = false;
  function countsSoon() {
    countsAgain = true;
    if (countsTimer !== null) return;
    const tick = () => {
      if (stopped || !countsAgain) {
        countsTimer = null;
        return;
      }
      countsAgain = false;
      void refreshCounts()
        .then(() => {
          if (state.phase === 'synced' && state.pending > 0) set({ phase: 'idle' });
        })
        .catch(() => undefined);
      countsTimer = setTimeout(tick, COUNTS_DELAY_MS); // a save meanwhile: once more after it
    };
    countsTimer = setTimeout(tick, 0);
  }

  function clearTimer() {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  }

  function schedule(ms: number, retry: boolean) {
    clearTimer();
    if (stopped || !options.autoSync) {
      set({ nextRetryAt: null });
      return;
    }
    timer = timers.setTimeout(() => {
      timer = null;
      void syncNow();
    }, ms);
    set({ nextRetryAt: retry ? new Date(deps.now().getTime() + ms).toISOString() : null });
  }

  function failureDelay(e: unknown): number {
    failures++;
    const jittered = backoffDelay(failures, deps.random, options.backoff);
    const retryAfter = e instanceof ApiError ? e.retryAfterMs : null;
    return Math.max(jittered, retryAfter ?? 0); // rule E2: at least Retry-After
  }

  function handleFailure(e: unknown) {
    const code = e instanceof AppError ? e.code : 'INTERNAL';
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof ApiError && e.status === 0 && !deps.connectivity.isOnline()) {
      set({ phase: 'offline', progress: null, nextRetryAt: null });
      clearTimer();
      return;
    }
    set({ phase: 'error', error: { code, message }, progress: null });
    if (e instanceof ApiError && BLOCKING_STATUSES.has(e.status)) {
      clearTimer();
      set({ nextRetryAt: null });
      if (e.status === 401) deps.onAuthFailure(code);
      return;
    }
    schedule(failureDelay(e), true);
  }

  async function runOnce(): Promise<void> {
    if (stopped) return;
    clearTimer();
    changedDuringRun = false;
    if (!deps.connectivity.isOnline()) {
      await refreshCounts();
      set({ phase: 'offline', progress: null, nextRetryAt: null });
      return;
    }
    const token = deps.token();
    if (!token) {
      await refreshCounts();
      set({ phase: 'error', error: { code: deps.noTokenReason?.() ?? 'UNAUTHENTICATED' }, progress: null, nextRetryAt: null });
      return;
    }
    set({ phase: 'syncing', error: null, nextRetryAt: null });
    const ctx: SyncContext = {
      db: deps.db,
      keys: deps.keys,
      api: deps.api,
      token,
      // The database's own id: another tab of this app may have moved it to a fresh one (P9).
      clientId: (await readClientId(deps.db)) ?? deps.clientId,
      newId: deps.newId ?? (() => globalThis.crypto.randomUUID()),
      onClientIdChanged: (id) => deps.onClientIdChanged?.(id),
      now: deps.now,
      limits: options.limits,
      onProgress: (p) => set({ progress: p }),
      onRecordsChanged: deps.onRecordsChanged,
      ...(deps.onRecordsWritten ? { onRecordsWritten: deps.onRecordsWritten } : {}),
    };
    try {
      // SPEC F10: changes the server already holds through a hand-over file are answered, not sent again.
      const handedOver = await ackHandedOver(ctx);
      if (handedOver > 0) set({ handedOver: (state.handedOver ?? 0) + handedOver });
      const pushed = await pushOutbox(ctx);
      if (pushed.formerTownship > 0) set({ formerTownship: (state.formerTownship ?? 0) + pushed.formerTownship }); // SPEC A8
      await pullChanges(ctx);
      // T1: attachments after the records; their failure never fails the records.
      const att = await uploadAttachments(ctx).catch((error: unknown) => ({ uploaded: 0, failed: 1, error }));
      const lastSyncedAt = deps.now().toISOString();
      await deps.db.meta.put({ key: 'lastSyncedAt', value: lastSyncedAt });
      const s = await refreshCounts();
      set({ phase: s.pending > 0 ? 'idle' : 'synced', lastSyncedAt, error: null, progress: null });
      if (att.failed > 0) {
        // Records are in; photos wait (pendingAttachments) and are retried with back-off.
        schedule(failureDelay(att.error), true);
        return;
      }
      failures = 0;
      schedule(changedDuringRun ? options.debounceMs : options.periodicMs, false);
    } catch (e) {
      await refreshCounts().catch(() => undefined);
      handleFailure(e);
    }
  }

  function syncNow(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (!running) {
      // Never rejects: timers and event handlers call this without awaiting (a closed database after lock()).
      running = runOnce()
        .catch((e: unknown) => {
          if (!stopped) handleFailure(e);
        })
        .finally(() => {
          running = null;
        });
      return running;
    }
    if (!queued) {
      queued = running.then(() => {
        queued = null;
        return syncNow();
      });
    }
    return queued;
  }

  return {
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    syncNow,
    localChange() {
      if (stopped) return;
      if (running) changedDuringRun = true;
      countsSoon();
      // After failures the back-off timer stands: saving again must not hammer a struggling server.
      if (!running && failures === 0 && deps.connectivity.isOnline()) schedule(options.debounceMs, false);
    },
    start() {
      unsubscribeConnectivity = deps.connectivity.subscribe((online) => {
        if (stopped) return;
        if (online) {
          failures = 0;
          if (options.autoSync) void syncNow(); // E3: at once when the network comes back
        } else {
          clearTimer();
          set({ phase: 'offline', nextRetryAt: null, progress: null });
        }
      });
      void deps.db.meta
        .get('lastSyncedAt')
        .then((m) => {
          if (m && typeof m.value === 'string' && !state.lastSyncedAt) set({ lastSyncedAt: m.value });
        })
        .catch(() => undefined);
      void refreshCounts()
        .then(() => {
          if (!deps.connectivity.isOnline()) set({ phase: 'offline' });
        })
        .catch(() => undefined);
      if (options.autoSync) void syncNow();
    },
    async stop() {
      stopped = true;
      clearTimer();
      if (countsTimer !== null) clearTimeout(countsTimer);
      countsTimer = null;
      unsubscribeConnectivity?.();
      unsubscribeConnectivity = null;
      listeners.clear();
      await running?.catch(() => undefined);
    },
  };
}
