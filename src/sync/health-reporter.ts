import type { UserDb } from '../db/user-db';
import type { SyncApi } from './api-client';
import { buildHealthReport, type HealthStorage } from './health-report';
import type { Connectivity, Timers } from './platform';
import type { SyncEngine } from './sync-engine';

export interface HealthReporterDeps {
  engine: SyncEngine;
  db: UserDb;
  api: SyncApi;
  token: () => string | null;
  now: () => Date;
  timers: Timers;
  connectivity: Connectivity;
  appVersion: string;
  storage?: HealthStorage | null;
  /** A light heartbeat this often while online (H3); null: only after sync attempts. */
  heartbeatMs: number | null;
}

export interface HealthReporter {
  stop(): void;
  /** Resolves when no report is being sent (close, tests). */
  idle(): Promise<void>;
}

/**
 * Sends the tablet's health report (SPEC H3) after every sync attempt — the end of a run, success or
 * failure, as the engine's state shows it (the last error code is part of the report) — and as a
 * heartbeat while online. One report at a time; a report that fails is simply dropped: the next sync
 * or heartbeat sends a fresh one, and a report never changes the sync state or the queue.
 */
export function createHealthReporter(deps: HealthReporterDeps): HealthReporter {
  let stopped = false;
  let sending: Promise<void> = Promise.resolve();
  let timer: unknown = null;

  function send(kind: 'sync' | 'heartbeat'): void {
    sending = sending.then(async () => {
      const token = deps.token();
      if (stopped || !token || !deps.connectivity.isOnline()) return;
      try {
        const report = await buildHealthReport(deps, kind, deps.engine.state());
        if (!stopped) await deps.api.call(token, 'POST', '/api/sync/health', report);
      } catch {
        // Health is a side channel: never an error the worker sees.
      }
    });
  }

  function scheduleHeartbeat(): void {
    if (deps.heartbeatMs === null || stopped) return;
    timer = deps.timers.setTimeout(() => {
      timer = null;
      // A sync in progress sends its own report when it ends.
      if (deps.engine.state().phase !== 'syncing') send('heartbeat');
      scheduleHeartbeat();
    }, deps.heartbeatMs);
  }

  let previous = deps.engine.state().phase;
  const unsubscribe = deps.engine.subscribe((s) => {
    const ended = previous === 'syncing' && s.phase !== 'syncing';
    previous = s.phase;
    if (ended) send('sync');
  });
  scheduleHeartbeat();

  return {
    stop() {
      stopped = true;
      unsubscribe();
      if (timer !== null) deps.timers.clearTimeout(timer);
      timer = null;
    },
    idle: () => sending,
  };
}
