import type { ChangeResult, Role } from '../../../src/shared/protocol/messages';
import type { Division } from '../../../src/shared/schema/division';
import type { AreaQueueItem } from './division-store';
import type { AccountAreaRow, AttachmentMeta, AttachmentRow, AuditRow, DeviceRow, PullRow, RecordWrite, SessionRow, StoredRecord, UserRow } from './store';
import type { HandoverKeyRecord } from './handover-key-store';
import type { TabletHealthRecord } from './tablet-health-store';

/**
 * Rows read back, mapped to the Store's types once for both stores (issue 14). Only how a driver hands
 * back a value differs, and that is the store's `Decode` (sqlite-rows.ts, postgres-rows.ts): a boolean
 * (0/1 or true/false), a time (ISO text or a Date), JSON (text or parsed). Numbers go through Number()
 * (a PostgreSQL bigint or COUNT arrives as a string; serverSeq stays far below 2^53).
 */
export type Row = Record<string, unknown>;

export interface Decode {
  bool(v: unknown): boolean;
  time(v: unknown): string;
  json<T>(v: unknown): T;
  /** A JSON column as JSON.stringify writes its value. */
  jsonText(v: unknown): string;
}

export interface RowMappers {
  toUser(r: Row): UserRow;
  toDevice(r: Row): DeviceRow;
  toSession(r: Row): SessionRow;
  toRecord(r: Row): StoredRecord;
  toPullRow(r: Row): PullRow;
  /** A record just written: the values in hand, with what the database kept (RETURNING server_seq, created_by, created_at, updated_at). */
  toWritten(r: RecordWrite, kept: Row): StoredRecord;
  toAttachmentMeta(r: Row): AttachmentMeta;
  toAttachment(r: Row): AttachmentRow;
  toAudit(r: Row): AuditRow;
  toAccountArea(r: Row): AccountAreaRow;
  toResult(v: unknown): ChangeResult;
  toDivision(r: Row): Division;
  toQueueItem(r: Row): AreaQueueItem;
  toTabletHealth(r: Row): TabletHealthRecord;
  toHandoverKey(r: Row): HandoverKeyRecord;
}

const str = (v: unknown): string => v as string;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function rowMappers(d: Decode): RowMappers {
  const timeOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : d.time(v));
  const toAttachmentMeta = (r: Row): AttachmentMeta => ({
    sha256: str(r.sha256), size: Number(r.size), contentType: str(r.content_type), recordId: strOrNull(r.record_id),
    township: str(r.township), uploadedBy: strOrNull(r.uploaded_by), createdAt: d.time(r.created_at),
  });
  return {
    toUser: (r) => ({
      id: str(r.id), username: str(r.username), displayName: str(r.display_name), role: r.role as Role,
      township: strOrNull(r.township), county: strOrNull(r.county), passwordHash: str(r.password_hash),
      unlockSecret: str(r.unlock_secret), disabled: d.bool(r.disabled), createdAt: d.time(r.created_at),
    }),
    toDevice: (r) => ({
      id: str(r.id), userId: str(r.user_id), name: strOrNull(r.name), revoked: d.bool(r.revoked), lastSeen: timeOrNull(r.last_seen),
      ...(r.tablet_id ? { tabletId: str(r.tablet_id) } : {}),
    }),
    toSession: (r) => ({
      tokenHash: str(r.token_hash), userId: str(r.user_id), deviceId: str(r.device_id), expiresAt: d.time(r.expires_at), createdAt: d.time(r.created_at),
    }),
    toRecord: (r) => ({
      entity: str(r.entity), id: str(r.id), township: strOrNull(r.township), version: Number(r.version),
      fields: d.json(r.fields), fieldVersions: d.json(r.field_versions), fieldStamps: d.json(r.field_stamps),
      serverSeq: Number(r.server_seq), createdBy: strOrNull(r.created_by), updatedBy: strOrNull(r.updated_by),
      originClient: strOrNull(r.origin_client), createdAt: d.time(r.created_at), updatedAt: d.time(r.updated_at),
      deleted: d.bool(r.deleted), idHmac: strOrNull(r.id_hmac),
    }),
    toPullRow: (r) => ({
      entity: str(r.entity), id: str(r.id), township: strOrNull(r.township), version: Number(r.version), fieldsJson: d.jsonText(r.fields),
      serverSeq: Number(r.server_seq), updatedBy: strOrNull(r.updated_by), originClient: strOrNull(r.origin_client),
      updatedAt: d.time(r.updated_at), deleted: d.bool(r.deleted),
    }),
    toWritten: (r, kept) => ({
      entity: r.entity, id: r.id, township: r.township, version: r.version, fields: r.fields, fieldVersions: r.fieldVersions,
      fieldStamps: r.fieldStamps, serverSeq: Number(kept.server_seq), createdBy: strOrNull(kept.created_by), updatedBy: r.updatedBy,
      originClient: r.originClient, createdAt: d.time(kept.created_at), updatedAt: d.time(kept.updated_at), deleted: r.deleted, idHmac: r.idHmac,
    }),
    toAttachmentMeta,
    toAttachment: (r) => ({ ...toAttachmentMeta(r), bytes: (r.bytes as Buffer | undefined) ?? Buffer.alloc(0) }),
    toAudit: (r) => ({
      id: Number(r.id), at: d.time(r.at), userId: strOrNull(r.user_id), deviceId: strOrNull(r.device_id), township: strOrNull(r.township),
      action: str(r.action), entity: strOrNull(r.entity), recordId: strOrNull(r.record_id),
      detail: r.detail === null || r.detail === undefined ? null : d.json<AuditRow['detail']>(r.detail),
    }),
    toAccountArea: (r) => ({
      userId: str(r.user_id), role: r.role as Role, township: strOrNull(r.township), county: strOrNull(r.county),
      from: d.time(r.from_at), until: timeOrNull(r.until_at),
    }),
    toResult: (v) => d.json<ChangeResult>(v),
    toDivision: (r) => ({
      code: str(r.code), name: str(r.name), level: r.level as Division['level'], parentCode: strOrNull(r.parent_code),
      status: r.status as Division['status'], successorCode: strOrNull(r.successor_code), provisional: d.bool(r.provisional),
      createdAt: d.time(r.created_at), updatedAt: d.time(r.updated_at),
    }),
    toQueueItem: (r) => ({
      id: Number(r.id), kind: r.kind as AreaQueueItem['kind'], entity: strOrNull(r.entity), recordId: strOrNull(r.record_id),
      position: numOrNull(r.position), sha256: strOrNull(r.sha256), auditId: numOrNull(r.audit_id), writtenTownship: str(r.written_township),
      candidates: d.json<string[]>(r.candidates), createdAt: d.time(r.created_at), resolvedCode: strOrNull(r.resolved_code),
      resolvedBy: strOrNull(r.resolved_by), resolvedAt: timeOrNull(r.resolved_at),
    }),
    toHandoverKey: (r) => ({
      clientId: str(r.client_id), userId: str(r.user_id), keyId: str(r.key_id), publicKey: str(r.public_key), registeredAt: d.time(r.registered_at),
    }),
    toTabletHealth: (r) => ({
      clientId: String(r.client_id), userId: String(r.user_id), tabletId: r.tablet_id === null ? null : String(r.tablet_id),
      kind: r.kind as TabletHealthRecord['kind'], appVersion: String(r.app_version), receivedAt: d.time(r.received_at),
      lastSyncedAt: timeOrNull(r.last_synced_at), pendingRecords: Number(r.pending_records), oldestPendingAt: timeOrNull(r.oldest_pending_at),
      pendingAttachments: Number(r.pending_attachments), rejected: Number(r.rejected),
      storagePersisted: r.storage_persisted === null ? null : d.bool(r.storage_persisted),
      storageUsageBytes: numOrNull(r.storage_usage), storageQuotaBytes: numOrNull(r.storage_quota),
      lastErrorCode: r.last_error_code === null ? null : String(r.last_error_code),
    }),
  };
}
