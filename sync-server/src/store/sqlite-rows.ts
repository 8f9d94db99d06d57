import type { ChangeResult, Role } from '../../../src/shared/protocol/messages';
import type { AccountAreaRow, AttachmentMeta, AttachmentRow, AuditRow, DeviceRow, SessionRow, StoredRecord, UserRow } from './store';

/** Row shapes of the SQLite tables and their mapping to the Store types. */

export interface SqlUser {
  id: string; username: string; display_name: string; role: string; township: string | null; county: string | null;
  password_hash: string; unlock_secret: string; disabled: number; created_at: string;
}
export const toUser = (r: SqlUser): UserRow => ({
  id: r.id, username: r.username, displayName: r.display_name, role: r.role as Role, township: r.township, county: r.county,
  passwordHash: r.password_hash, unlockSecret: r.unlock_secret, disabled: r.disabled === 1, createdAt: r.created_at,
});

export interface SqlDevice { id: string; user_id: string; name: string | null; revoked: number; last_seen: string | null; tablet_id?: string | null }
export const toDevice = (r: SqlDevice): DeviceRow => ({
  id: r.id, userId: r.user_id, name: r.name, revoked: r.revoked === 1, lastSeen: r.last_seen, ...(r.tablet_id ? { tabletId: r.tablet_id } : {}),
});

export interface SqlSession { token_hash: string; user_id: string; device_id: string; expires_at: string; created_at: string }
export const toSession = (r: SqlSession): SessionRow => ({
  tokenHash: r.token_hash, userId: r.user_id, deviceId: r.device_id, expiresAt: r.expires_at, createdAt: r.created_at,
});

export interface SqlRecord {
  entity: string; id: string; township: string | null; version: number; fields: string; field_versions: string; field_stamps: string;
  server_seq: number; created_by: string | null; updated_by: string | null; origin_client: string | null;
  created_at: string; updated_at: string; deleted: number; id_hmac: string | null;
}
export const toRecord = (r: SqlRecord): StoredRecord => ({
  entity: r.entity, id: r.id, township: r.township, version: r.version,
  fields: JSON.parse(r.fields), fieldVersions: JSON.parse(r.field_versions), fieldStamps: JSON.parse(r.field_stamps),
  serverSeq: r.server_seq, createdBy: r.created_by, updatedBy: r.updated_by, originClient: r.origin_client,
  createdAt: r.created_at, updatedAt: r.updated_at, deleted: r.deleted === 1, idHmac: r.id_hmac,
});

export interface SqlAttachment {
  sha256: string; bytes?: Buffer; size: number; content_type: string; record_id: string | null; township: string;
  uploaded_by: string | null; created_at: string;
}
export const toAttachmentMeta = (r: SqlAttachment): AttachmentMeta => ({
  sha256: r.sha256, size: r.size, contentType: r.content_type, recordId: r.record_id, township: r.township,
  uploadedBy: r.uploaded_by, createdAt: r.created_at,
});
export const toAttachment = (r: SqlAttachment): AttachmentRow => ({ ...toAttachmentMeta(r), bytes: r.bytes ?? Buffer.alloc(0) });

export interface SqlAudit {
  id: number; at: string; user_id: string | null; device_id: string | null; township: string | null; action: string;
  entity: string | null; record_id: string | null; detail: string | null;
}
export const toAudit = (r: SqlAudit): AuditRow => ({
  id: r.id, at: r.at, userId: r.user_id, deviceId: r.device_id, township: r.township, action: r.action,
  entity: r.entity, recordId: r.record_id, detail: r.detail === null ? null : JSON.parse(r.detail),
});

export const parseResult = (json: string): ChangeResult => JSON.parse(json) as ChangeResult;

export interface SqlAccountArea { user_id: string; role: string; township: string | null; county: string | null; from_at: string; until_at: string | null }
export const toAccountArea = (r: SqlAccountArea): AccountAreaRow => ({
  userId: r.user_id, role: r.role as Role, township: r.township, county: r.county, from: r.from_at, until: r.until_at,
});
