import type { SyncState } from '../db/contracts';
import type { UserDb } from '../db/user-db';
import type { HealthReport } from '../shared/protocol/tablet-health';
import { outboxStats } from './outbox-stats';

/** The part of navigator.storage the report reads; injectable (tests, browsers without it). */
export interface HealthStorage {
  persisted?(): Promise<boolean>;
  estimate?(): Promise<{ usage?: number; quota?: number }>;
}

export interface HealthReportDeps {
  db: UserDb;
  now: () => Date;
  appVersion: string;
  storage?: HealthStorage | null;
}

const MAX_AGE_SECONDS = 10 * 365 * 24 * 3600;
const MAX_BYTES = 2 ** 50;

/** Whole seconds from `iso` to now, clamped to what the schema takes (a clock set back gives 0, not a negative). */
function ageSeconds(iso: string | null | undefined, now: Date): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  return Math.min(MAX_AGE_SECONDS, Math.max(0, Math.round((now.getTime() - t) / 1000)));
}

const bytesOrNull = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.min(MAX_BYTES, Math.round(n)) : null);

async function readStorage(storage: HealthStorage | null | undefined): Promise<HealthReport['storage']> {
  // Each part on its own: a browser that answers one and throws on the other still reports what it can.
  const persisted = storage?.persisted ? await storage.persisted().then((p) => p === true, () => null) : null;
  const estimate = storage?.estimate ? await storage.estimate().catch(() => null) : null;
  return { persisted, usageBytes: bytesOrNull(estimate?.usage), quotaBytes: bytesOrNull(estimate?.quota) };
}

/**
 * The tablet's health report (SPEC H1): queue counts from the outbox indexes (no record is read or
 * decrypted, so no personal value can slip in), the last sync and the last error from the sync state,
 * storage from the platform. Times go as ages on this tablet's clock (H2).
 */
export async function buildHealthReport(deps: HealthReportDeps, kind: HealthReport['kind'], state: SyncState): Promise<HealthReport> {
  const [stats, storage, lastSyncedMeta] = await Promise.all([
    outboxStats(deps.db),
    readStorage(deps.storage),
    state.lastSyncedAt ? Promise.resolve(null) : deps.db.meta.get('lastSyncedAt'),
  ]);
  const now = deps.now();
  const lastSyncedAt = state.lastSyncedAt ?? (typeof lastSyncedMeta?.value === 'string' ? lastSyncedMeta.value : null);
  const oldest = stats.pendingRecords > 0 ? ageSeconds(stats.oldestPendingAt, now) : null;
  return {
    kind,
    appVersion: deps.appVersion,
    lastSyncAgeSeconds: ageSeconds(lastSyncedAt, now),
    pendingRecords: stats.pendingRecords,
    // A waiting record whose change time cannot be read counts as just made: the report must still go.
    oldestPendingAgeSeconds: stats.pendingRecords > 0 ? (oldest ?? 0) : null,
    pendingAttachments: stats.pendingAttachments,
    rejected: stats.rejected,
    storage,
    lastErrorCode: state.phase === 'error' && state.error && /^[A-Z][A-Z0-9_]{0,39}$/.test(state.error.code) ? state.error.code : null,
  };
}
