/**
 * The tables the query layer writes to and reads from (issue 14), typed from the migrations
 * (migrations/sqlite, migrations/postgres) as both drivers accept their PARAMETERS: booleans as 0/1,
 * times as ISO-8601 text, JSON as text. What the drivers hand BACK differs (a PostgreSQL boolean comes
 * back true, a timestamptz a Date, a jsonb parsed, a bigint a string): that is decoded per store
 * (sqlite-rows.ts, postgres-rows.ts), never read from these types. Columns filled by the database
 * (autoincrement ids) are optional on insert only through the Generated marker.
 */
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  township: string | null;
  county: string | null;
  password_hash: string;
  unlock_secret: string;
  disabled: number;
  created_at: string;
}

export interface DevicesTable {
  id: string;
  user_id: string;
  name: string | null;
  revoked: number;
  last_seen: string | null;
  tablet_id: string | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  device_id: string;
  expires_at: string;
  created_at: string;
}

export interface AccountAreasTable {
  id: Generated<number>;
  user_id: string;
  role: string;
  township: string | null;
  county: string | null;
  from_at: string;
  until_at: string | null;
}

export interface AttachmentsTable {
  township: string;
  sha256: string;
  bytes: Buffer;
  size: number;
  content_type: string;
  record_id: string | null;
  uploaded_by: string | null;
  created_at: string;
}

/** The view of migration 002: the audit log with each release-1 row's area from audit_areas. */
export interface AuditLogAreasView {
  id: number;
  at: string;
  user_id: string | null;
  device_id: string | null;
  township: string | null;
  written_township: string | null;
  action: string;
  entity: string | null;
  record_id: string | null;
  detail: string | null;
}

export interface AuditAreasTable {
  audit_id: number;
  area_code: string;
}

export interface ServerSecretsTable {
  name: string;
  value: string;
}

export interface CaseStepsTable {
  case_id: string;
  step_id: string;
  arrived: number;
}

export interface DivisionsTable {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  status: string;
  successor_code: string | null;
  provisional: number;
  created_at: string;
  updated_at: string;
}

export interface AreaQueueTable {
  id: Generated<number>;
  kind: string;
  entity: string | null;
  record_id: string | null;
  position: number | null;
  sha256: string | null;
  audit_id: number | null;
  written_township: string;
  candidates: string;
  created_at: string;
  resolved_code: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
}

export interface TabletHealthTable {
  client_id: string;
  user_id: string;
  tablet_id: string | null;
  kind: string;
  app_version: string;
  received_at: string;
  last_synced_at: string | null;
  pending_records: number;
  oldest_pending_at: string | null;
  pending_attachments: number;
  rejected: number;
  storage_persisted: number | null;
  storage_usage: number | null;
  storage_quota: number | null;
  last_error_code: string | null;
}

/** Migration 011: the public signing keys of hand-over files (SPEC F4). */
export interface HandoverKeysTable {
  client_id: string;
  user_id: string;
  key_id: string;
  public_key: string;
  registered_at: string;
}
