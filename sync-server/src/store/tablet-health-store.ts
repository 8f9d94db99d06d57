import type { TabletHealthFigures } from '../../../src/shared/protocol/tablet-health';

/**
 * The latest sync-health report of each (client id, account) (SPEC H1–H5). Part of Store; both
 * implementations are checked by sync-server/test/tablet-health.test.ts on SQLite and PostgreSQL.
 */
export interface TabletHealthRecord extends TabletHealthFigures {
  clientId: string;
  userId: string;
  tabletId: string | null;
}

export interface TabletHealthStore {
  /** Replaces the report of (clientId, userId): only the latest is kept. */
  putTabletHealth(report: TabletHealthRecord): Promise<void>;
  /** The reports of these accounts (all when `userIds` is absent), in no particular order. */
  listTabletHealth(filter?: { userIds?: string[] }): Promise<TabletHealthRecord[]>;
}

/** The columns in order (queries/tablet-health-queries.ts writes the query once for both stores). */
export const TABLET_HEALTH_COLUMNS = [
  'client_id', 'user_id', 'tablet_id', 'kind', 'app_version', 'received_at', 'last_synced_at', 'pending_records', 'oldest_pending_at',
  'pending_attachments', 'rejected', 'storage_persisted', 'storage_usage', 'storage_quota', 'last_error_code',
] as const;
