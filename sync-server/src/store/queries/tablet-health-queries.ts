import type { CompiledQuery } from 'kysely';
import { TABLET_HEALTH_COLUMNS as COLUMNS, type TabletHealthRecord } from '../tablet-health-store';
import type { QueryDialect } from './query-builder';

/** The latest sync-health report of each (client id, account) (SPEC H1–H5), written once for both stores. */


/** Replaces the report of (clientId, userId): only the latest is kept. */
export function upsertTabletHealth(q: QueryDialect, r: TabletHealthRecord): CompiledQuery {
  return q.db
    .insertInto('tablet_health')
    .values({
      client_id: r.clientId, user_id: r.userId, tablet_id: r.tabletId, kind: r.kind, app_version: r.appVersion, received_at: r.receivedAt,
      last_synced_at: r.lastSyncedAt, pending_records: r.pendingRecords, oldest_pending_at: r.oldestPendingAt,
      pending_attachments: r.pendingAttachments, rejected: r.rejected,
      storage_persisted: r.storagePersisted === null ? null : r.storagePersisted ? 1 : 0,
      storage_usage: r.storageUsageBytes, storage_quota: r.storageQuotaBytes, last_error_code: r.lastErrorCode,
    })
    .onConflict((oc) =>
      oc.columns(['client_id', 'user_id']).doUpdateSet((eb) => Object.fromEntries(COLUMNS.slice(2).map((c) => [c, eb.ref(`excluded.${c}`)]))),
    )
    .compile();
}

export function selectTabletHealth(q: QueryDialect, userIds?: readonly string[]): CompiledQuery {
  return q.db
    .selectFrom('tablet_health')
    .select([...COLUMNS])
    .$if(userIds !== undefined, (qb) => qb.where('user_id', 'in', userIds!))
    .compile();
}
