import type pg from 'pg';
import { TABLET_HEALTH_COLUMNS, tabletHealthValues, type TabletHealthRecord } from './tablet-health-store';

/** Tablet health reports on PostgreSQL (TabletHealthStore); `t` qualifies a table with the store's schema. */

const cols = TABLET_HEALTH_COLUMNS.join(', ');
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const toRecord = (r: Record<string, unknown>): TabletHealthRecord => ({
  clientId: String(r.client_id), userId: String(r.user_id), tabletId: r.tablet_id === null ? null : String(r.tablet_id),
  kind: r.kind as TabletHealthRecord['kind'], appVersion: String(r.app_version), receivedAt: iso(r.received_at)!,
  lastSyncedAt: iso(r.last_synced_at), pendingRecords: Number(r.pending_records), oldestPendingAt: iso(r.oldest_pending_at),
  pendingAttachments: Number(r.pending_attachments), rejected: Number(r.rejected),
  storagePersisted: r.storage_persisted === null ? null : r.storage_persisted === true,
  storageUsageBytes: numOrNull(r.storage_usage), storageQuotaBytes: numOrNull(r.storage_quota),
  lastErrorCode: r.last_error_code === null ? null : String(r.last_error_code),
});

export async function postgresPutTabletHealth(pool: pg.Pool, t: (table: string) => string, r: TabletHealthRecord): Promise<void> {
  await pool.query(
    `INSERT INTO ${t('tablet_health')} (${cols}) VALUES (${TABLET_HEALTH_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (client_id, user_id) DO UPDATE SET ${TABLET_HEALTH_COLUMNS.slice(2).map((c) => `${c} = excluded.${c}`).join(', ')}`,
    tabletHealthValues(r),
  );
}

export async function postgresListTabletHealth(pool: pg.Pool, t: (table: string) => string, filter: { userIds?: string[] } = {}): Promise<TabletHealthRecord[]> {
  if (filter.userIds && filter.userIds.length === 0) return [];
  const res = filter.userIds
    ? await pool.query(`SELECT ${cols} FROM ${t('tablet_health')} WHERE user_id = ANY($1::text[])`, [filter.userIds])
    : await pool.query(`SELECT ${cols} FROM ${t('tablet_health')}`);
  return (res.rows as Record<string, unknown>[]).map(toRecord);
}
