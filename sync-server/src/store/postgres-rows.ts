import type { Role } from '../../../src/shared/protocol/messages';
import type { AccountAreaRow, AttachmentMeta, AttachmentRow, AuditRow, DeviceRow, SessionRow, StoredRecord, UserRow } from './store';

/** Row shapes of the PostgreSQL tables (as `pg` returns them) and their mapping to the Store types. */

type Row = Record<string, unknown>;
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));
const str = (v: unknown): string => v as string;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));

export const toUser = (r: Row): UserRow => ({
  id: str(r.id), username: str(r.username), displayName: str(r.display_name), role: r.role as Role,
  township: strOrNull(r.township), county: strOrNull(r.county), passwordHash: str(r.password_hash),
  unlockSecret: str(r.unlock_secret), disabled: r.disabled === true, createdAt: iso(r.created_at),
});

export const toDevice = (r: Row): DeviceRow => ({
  id: str(r.id), userId: str(r.user_id), name: strOrNull(r.name), revoked: r.revoked === true, lastSeen: isoOrNull(r.last_seen),
  ...(r.tablet_id ? { tabletId: str(r.tablet_id) } : {}),
});

export const toSession = (r: Row): SessionRow => ({
  tokenHash: str(r.token_hash), userId: str(r.user_id), deviceId: str(r.device_id), expiresAt: iso(r.expires_at), createdAt: iso(r.created_at),
});

export const toRecord = (r: Row): StoredRecord => ({
  entity: str(r.entity), id: str(r.id), township: strOrNull(r.township), version: Number(r.version),
  fields: r.fields as StoredRecord['fields'], fieldVersions: r.field_versions as StoredRecord['fieldVersions'],
  fieldStamps: r.field_stamps as StoredRecord['fieldStamps'],
  // bigint arrives as a string; serverSeq stays far below 2^53.
  serverSeq: Number(r.server_seq), createdBy: strOrNull(r.created_by), updatedBy: strOrNull(r.updated_by),
  originClient: strOrNull(r.origin_client), createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  deleted: r.deleted === true, idHmac: strOrNull(r.id_hmac),
});

export const toAttachmentMeta = (r: Row): AttachmentMeta => ({
  sha256: str(r.sha256), size: Number(r.size), contentType: str(r.content_type), recordId: strOrNull(r.record_id),
  township: str(r.township), uploadedBy: strOrNull(r.uploaded_by), createdAt: iso(r.created_at),
});
export const toAttachment = (r: Row): AttachmentRow => ({ ...toAttachmentMeta(r), bytes: r.bytes as Buffer });

export const toAudit = (r: Row): AuditRow => ({
  id: Number(r.id), at: iso(r.at), userId: strOrNull(r.user_id), deviceId: strOrNull(r.device_id), township: strOrNull(r.township),
  action: str(r.action), entity: strOrNull(r.entity), recordId: strOrNull(r.record_id),
  detail: (r.detail ?? null) as AuditRow['detail'],
});

export const toAccountArea = (r: Row): AccountAreaRow => ({
  userId: str(r.user_id), role: r.role as Role, township: strOrNull(r.township), county: strOrNull(r.county),
  from: iso(r.from_at), until: isoOrNull(r.until_at),
});
