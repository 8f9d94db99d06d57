import type { UnlockedSession } from '../../db/contracts';
import type { AccountEdit, AdminUserResponse, AdminUsersResponse, NewUser } from '../../shared/protocol/admin/accounts';
import type { AuditPage } from '../../shared/protocol/admin/audit';
import type { AdminDeviceResponse, AdminDevicesResponse } from '../../shared/protocol/admin/devices';

export type { AccountEdit, AdminUser, NewUser } from '../../shared/protocol/admin/accounts';
export type { AdminDevice } from '../../shared/protocol/admin/devices';
export type { AuditEntry } from '../../shared/protocol/admin/audit';

/** The audit filters of the page: dates are days in China time, `to` inclusive. */
export interface AuditFilters {
  userId?: string;
  action?: string;
  from?: string;
  to?: string;
}

const DAY_MS = 86_400_000;

/** 00:00 China time of a YYYY-MM-DD day, as an ISO time; undefined when empty or invalid. */
export function chinaDayStart(day: string | undefined, plusDays = 0): string | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const ms = Date.parse(`${day}T00:00:00+08:00`);
  return Number.isNaN(ms) ? undefined : new Date(ms + plusDays * DAY_MS).toISOString();
}

/** The query of GET /api/admin/audit: `until` is exclusive on the server, so "to" is the next day's start. */
export function auditQuery(f: AuditFilters, before?: number, limit = 100): string {
  const q = new URLSearchParams();
  if (f.userId) q.set('userId', f.userId);
  if (f.action) q.set('action', f.action);
  const since = chinaDayStart(f.from);
  const until = chinaDayStart(f.to, 1);
  if (since) q.set('since', since);
  if (until) q.set('until', until);
  if (before !== undefined) q.set('before', String(before));
  q.set('limit', String(limit));
  return q.toString();
}

type Request = NonNullable<UnlockedSession['request']>;

/** The administration API (sync-server/src/routes/admin-*.ts) over the session's authenticated request; wire types from src/shared/protocol/admin. */
export function adminApi(request: Request) {
  const enc = encodeURIComponent;
  return {
    listUsers: async () => (await request<AdminUsersResponse>('GET', '/api/admin/users')).users,
    createUser: async (u: NewUser) => (await request<AdminUserResponse>('POST', '/api/admin/users', u)).user,
    setUserDisabled: async (id: string, disabled: boolean) =>
      (await request<AdminUserResponse>('POST', `/api/admin/users/${enc(id)}/${disabled ? 'disable' : 'enable'}`, {})).user,
    editUser: async (id: string, edit: AccountEdit) => (await request<AdminUserResponse>('PATCH', `/api/admin/users/${enc(id)}`, edit)).user,
    setUserPassword: async (id: string, password: string) =>
      (await request<AdminUserResponse>('POST', `/api/admin/users/${enc(id)}/password`, { password })).user,
    listDevices: async () => (await request<AdminDevicesResponse>('GET', '/api/admin/devices')).devices,
    setDeviceRevoked: async (id: string, revoked: boolean) =>
      (await request<AdminDeviceResponse>('POST', `/api/admin/devices/${enc(id)}/${revoked ? 'revoke' : 'restore'}`, {})).device,
    listAudit: (f: AuditFilters, before?: number) =>
      request<AuditPage>('GET', `/api/admin/audit?${auditQuery(f, before)}`),
  };
}

export type AdminApi = ReturnType<typeof adminApi>;
