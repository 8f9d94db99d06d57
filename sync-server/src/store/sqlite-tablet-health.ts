import type Database from 'better-sqlite3';
import { TABLET_HEALTH_COLUMNS, tabletHealthValues, type TabletHealthRecord } from './tablet-health-store';

/** Tablet health reports on SQLite (TabletHealthStore); called inside SqliteStore's queue. */

const cols = TABLET_HEALTH_COLUMNS.join(', ');
const UPSERT = `INSERT INTO tablet_health (${cols}) VALUES (${TABLET_HEALTH_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (client_id, user_id) DO UPDATE SET ${TABLET_HEALTH_COLUMNS.slice(2).map((c) => `${c} = excluded.${c}`).join(', ')}`;

type Row = Record<(typeof TABLET_HEALTH_COLUMNS)[number], string | number | null>;

const toRecord = (r: Row): TabletHealthRecord => ({
  clientId: String(r.client_id), userId: String(r.user_id), tabletId: r.tablet_id === null ? null : String(r.tablet_id),
  kind: r.kind as TabletHealthRecord['kind'], appVersion: String(r.app_version), receivedAt: String(r.received_at),
  lastSyncedAt: r.last_synced_at === null ? null : String(r.last_synced_at), pendingRecords: Number(r.pending_records),
  oldestPendingAt: r.oldest_pending_at === null ? null : String(r.oldest_pending_at), pendingAttachments: Number(r.pending_attachments),
  rejected: Number(r.rejected), storagePersisted: r.storage_persisted === null ? null : r.storage_persisted === 1,
  storageUsageBytes: r.storage_usage === null ? null : Number(r.storage_usage), storageQuotaBytes: r.storage_quota === null ? null : Number(r.storage_quota),
  lastErrorCode: r.last_error_code === null ? null : String(r.last_error_code),
});

export function sqlitePutTabletHealth(db: Database.Database, r: TabletHealthRecord): void {
  const values = tabletHealthValues(r).map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
  db.prepare(UPSERT).run(...values);
}

export function sqliteListTabletHealth(db: Database.Database, filter: { userIds?: string[] } = {}): TabletHealthRecord[] {
  if (filter.userIds && filter.userIds.length === 0) return [];
  const rows = filter.userIds
    ? (db.prepare(`SELECT ${cols} FROM tablet_health WHERE user_id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(filter.userIds)) as Row[])
    : (db.prepare(`SELECT ${cols} FROM tablet_health`).all() as Row[]);
  return rows.map(toRecord);
}
