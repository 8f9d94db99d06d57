import type { SessionUser } from '../shared/protocol/messages';
import type { UserKeys } from '../security/key-bundle';
import { createSession, type DbSession } from '../db/session';
import type { UserDb } from '../db/user-db';
import type { SyncApi } from '../sync/api-client';
import { createHealthReporter } from '../sync/health-reporter';
import type { HealthStorage } from '../sync/health-report';
import { createHousekeeping, type Housekeeping } from '../sync/housekeeping';
import type { Connectivity, Timers } from '../sync/platform';
import { sealConflictPulls } from '../sync/seal-conflict-pulls';
import { createSyncEngine, DEFAULT_SYNC_OPTIONS, type SyncEngine, type SyncOptions } from '../sync/sync-engine';
import { DEFAULT_PURGE_AFTER_DAYS } from '../db/purge-synced';
import { createTabletHandover } from '../sync/handover-api';

/**
 * The composition root of a worker's session: the database session (src/db/session.ts) with the sync
 * engine and the after-sync housekeeping wired into it. db never imports sync (sync uses db's outbox),
 * so the two meet here, above both.
 */
export interface ComposeSessionDeps {
  user: SessionUser;
  db: UserDb;
  keys: UserKeys;
  clientId: string;
  api: SyncApi;
  token: { value: string; expiresAt: string } | null;
  now: () => Date;
  newId: () => string;
  timers: Timers;
  random: () => number;
  connectivity: Connectivity;
  /** Over DEFAULT_SYNC_OPTIONS (merged here, so the client's start-up code does not load the sync engine). */
  syncOptions?: Partial<SyncOptions>;
  /** The server refused the token: forget it on the tablet too. */
  onAuthFailure: () => void;
  /** The outbox moved to a fresh client id (SPEC P9): the account remembers it for its next login. */
  onClientIdChanged?: (clientId: string) => void;
  /** For the county office's online calls (session.county); default: same origin, global fetch. */
  http?: { baseUrl: string; fetch: typeof fetch };
  /** Days after which records the server confirmed are purged from the tablet (purge-synced.ts); default DEFAULT_PURGE_AFTER_DAYS. */
  purgeAfterDays?: number;
  /** Sync-health reports to the county (SPEC H1–H3); off when absent. */
  health?: { appVersion: string; heartbeatMs: number | null; storage?: HealthStorage | null } | null;
}

/** The session createTidemarkClient returns: the database session plus its sync engine. */
export interface TidemarkSession extends DbSession {
  /** Resolves once the purge and audit sending started by the last sync are done (tests). */
  housekeepingIdle(): Promise<void>;
  /** The sync engine's raw handle (tests, diagnostics). */
  readonly engine: SyncEngine;
  /** Hand-over files (issue 17); `register` runs at an online login (compose-client.ts). */
  handover: ReturnType<typeof createTabletHandover>;
}

export function composeSession(deps: ComposeSessionDeps): TidemarkSession {
  const wired: { engine?: SyncEngine; housekeeping?: Housekeeping; handover?: ReturnType<typeof createTabletHandover>; clientId?: string } = {};
  const session = createSession(
    { user: deps.user, db: deps.db, keys: deps.keys, clientId: deps.clientId, call: (t, m, p, b) => deps.api.call(t, m, p, b), token: deps.token, now: deps.now, newId: deps.newId, timers: deps.timers, ...(deps.http ? { http: deps.http } : {}) },
    (hooks) => {
      const e = createSyncEngine({
        db: deps.db,
        keys: deps.keys,
        api: sealConflictPulls(deps.api, deps.keys.dataKey), // conflict values are sealed on the tablet (conflict-seal.ts)
        clientId: deps.clientId,
        newId: deps.newId,
        onClientIdChanged: (id) => {
          wired.clientId = id;
          hooks.setClientId(id);
          deps.onClientIdChanged?.(id);
        },
        token: hooks.validToken,
        now: deps.now,
        timers: deps.timers,
        random: deps.random,
        connectivity: deps.connectivity,
        options: { ...DEFAULT_SYNC_OPTIONS, ...deps.syncOptions },
        noTokenReason: hooks.noTokenReason,
        onAuthFailure: (code) => {
          hooks.loseToken(code);
          deps.onAuthFailure();
        },
        onRecordsChanged: () => hooks.notify(),
        onRecordsWritten: hooks.recordsWritten,
      });
      const h = createHousekeeping({
        db: deps.db,
        api: deps.api,
        token: hooks.validToken,
        now: deps.now,
        connectivity: deps.connectivity,
        purgeAfterDays: deps.purgeAfterDays ?? DEFAULT_PURGE_AFTER_DAYS,
        opened: hooks.opened,
        changed: () => hooks.notify(),
        beforePurge: () => hooks.beforePurge(),
      });
      h.watch(e);
      const health = deps.health
        ? createHealthReporter({ engine: e, db: deps.db, api: deps.api, token: hooks.validToken, now: deps.now, timers: deps.timers, connectivity: deps.connectivity, ...deps.health })
        : null;
      wired.engine = e;
      wired.housekeeping = h;
      // Issue 17: the hand-over API; carried files (SPEC F12) are passed on after each sync that reached the server.
      const handover = createTabletHandover({
        db: deps.db, keys: deps.keys, userId: deps.user.id, clientId: () => wired.clientId ?? deps.clientId, now: deps.now, newId: deps.newId,
        token: hooks.validToken, http: deps.http ?? { baseUrl: '', fetch: (input, init) => globalThis.fetch(input, init) },
        handedOver: () => e.state().handedOver ?? 0,
      });
      wired.handover = handover;
      let lastPhase = e.state().phase;
      e.subscribe((st) => {
        if (lastPhase === 'syncing' && (st.phase === 'synced' || st.phase === 'idle')) void handover.forwardCarried().catch(() => undefined);
        lastPhase = st.phase;
      });
      return {
        state: () => e.state(),
        subscribe: (l) => e.subscribe(l),
        syncNow: () => e.syncNow(),
        localChange: () => e.localChange(),
        flushAudit: () => void h.flushAudit(),
        start: () => e.start(),
        stop: async () => {
          // A report in flight is not waited for: a stalled request must not hold the lock; reading a
          // closed database only makes that report fail quietly.
          health?.stop();
          await e.stop();
          await h.idle();
        },
      };
    },
  );
  const { engine, housekeeping, handover } = wired;
  if (!engine || !housekeeping || !handover) throw new Error('createSession did not wire sync');
  return Object.assign(session, { engine, housekeepingIdle: () => housekeeping.idle(), handover });
}
