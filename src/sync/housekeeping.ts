import { ApiError, type SyncApi } from './api-client';
import type { Connectivity } from './platform';
import type { SyncEngine } from './sync-engine';
import { sendAuditEvents } from '../db/audit-queue';
import { purgeSyncedRecords } from '../db/purge-synced';
import type { UserDb } from '../db/user-db';

export interface HousekeepingDeps {
  db: UserDb;
  api: SyncApi;
  token: () => string | null;
  now: () => Date;
  connectivity: Connectivity;
  /** Days after which confirmed records leave the tablet (purgeSyncedRecords). */
  purgeAfterDays: number;
  /** Records open in this session: never purged under the worker's form. */
  opened: ReadonlySet<string>;
  /** Records were purged: the screens re-query. */
  changed: () => void;
  /** Brings what the purge must keep up to date first (SPEC K22: the last survey of each held case). Never rejects. */
  beforePurge?: () => Promise<void>;
}

export interface Housekeeping {
  /** Sends queued audit events if online with a valid token. Never rejects. */
  flushAudit(): Promise<void>;
  /** After each successful sync: purge old confirmed records, then send queued audit events. */
  watch(engine: SyncEngine): () => void;
  /** Resolves when the running housekeeping is done (close, tests). */
  idle(): Promise<void>;
}

/** What the tablet does besides records: send audit events (privacy.md §3), purge old synced records (§5). */
export function createHousekeeping(deps: HousekeepingDeps): Housekeeping {
  let flushing: Promise<void> | null = null;
  let again = false;
  let purging: Promise<void> = Promise.resolve();

  function flushAudit(): Promise<void> {
    if (flushing) {
      again = true;
      return flushing;
    }
    flushing = (async () => {
      do {
        again = false;
        const token = deps.token();
        if (!token || !deps.connectivity.isOnline()) return;
        try {
          await sendAuditEvents(deps.db, async (events) => {
            try {
              await deps.api.call(token, 'POST', '/api/audit/events', { events });
              return 'sent';
            } catch (e) {
              // A malformed batch would be refused forever: drop it rather than block every later act.
              if (e instanceof ApiError && e.status === 400) return 'drop';
              // Too many events for one request (SPEC B5): smaller batches, never a queue that sticks.
              if (e instanceof ApiError && e.status === 413) return 'split';
              throw e;
            }
          });
        } catch {
          return; // offline, 401/403, server error: the events stay queued for the next sync
        }
      } while (again);
    })().finally(() => {
      flushing = null;
    });
    return flushing;
  }

  async function afterSync(): Promise<void> {
    const now = deps.now(); // the purge is as of the sync that ended, however long the keep-list takes
    await deps.beforePurge?.();
    const { purged } = await purgeSyncedRecords(deps.db, { now, days: deps.purgeAfterDays, keep: deps.opened }).catch(() => ({ purged: [] as string[] }));
    if (purged.length > 0) deps.changed();
    await flushAudit();
  }

  return {
    flushAudit,
    watch(engine) {
      let previous = engine.state().phase;
      return engine.subscribe((s) => {
        // The end of a successful run: 'syncing' → 'synced' / 'idle' without an error.
        const succeeded = previous === 'syncing' && (s.phase === 'synced' || s.phase === 'idle') && !s.error;
        previous = s.phase;
        if (succeeded) purging = purging.then(afterSync);
      });
    },
    idle: async () => {
      await purging;
      await flushing;
    },
  };
}
