import type { UnlockedSession } from '../../db/contracts';
import type { Role, SessionUser } from '../../shared/protocol/messages';

/** An account as GET /api/admin/users lists it (sync-server/src/auth/public-user.ts). */
export interface AdminUser extends SessionUser {
  disabled: boolean;
  createdAt: string;
}

/** A device as GET /api/admin/devices lists it: the account that logged in on it last. */
export interface AdminDevice {
  id: string;
  userId: string;
  name: string | null;
  revoked: boolean;
  lastSeen: string | null;
  username: string | null;
  township: string | null;
}

/** One entry of the append-only audit log (sync-server/src/store/store.ts AuditRow). */
export interface AuditEntry {
  id: number;
  at: string;
  userId: string | null;
  deviceId: string | null;
  township: string | null;
  action: string;
  entity: string | null;
  recordId: string | null;
  detail: Record<string, unknown> | null;
}

/** PATCH /api/admin/users/:id (issue 10 §7): only what changed; null clears an area. */
export interface AccountEdit {
  role?: Role;
  township?: string | null;
  county?: string | null;
  displayName?: string;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  township: string | null;
  county: string | null;
  displayName?: string;
}

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

/** The administration API (sync-server/src/routes/admin-*.ts) over the session's authenticated request. */
export function adminApi(request: Request) {
  const enc = encodeURIComponent;
  return {
    listUsers: async () => (await request<{ users: AdminUser[] }>('GET', '/api/admin/users')).users,
    createUser: async (u: NewUser) => (await request<{ user: AdminUser }>('POST', '/api/admin/users', u)).user,
    setUserDisabled: async (id: string, disabled: boolean) =>
      (await request<{ user: AdminUser }>('POST', `/api/admin/users/${enc(id)}/${disabled ? 'disable' : 'enable'}`, {})).user,
    editUser: async (id: string, edit: AccountEdit) => (await request<{ user: AdminUser }>('PATCH', `/api/admin/users/${enc(id)}`, edit)).user,
    setUserPassword: async (id: string, password: string) =>
      (await request<{ user: AdminUser }>('POST', `/api/admin/users/${enc(id)}/password`, { password })).user,
    listDevices: async () => (await request<{ devices: AdminDevice[] }>('GET', '/api/admin/devices')).devices,
    setDeviceRevoked: async (id: string, revoked: boolean) =>
      (await request<{ device: AdminDevice }>('POST', `/api/admin/devices/${enc(id)}/${revoked ? 'revoke' : 'restore'}`, {})).device,
    listAudit: (f: AuditFilters, before?: number) =>
      request<{ entries: AuditEntry[]; nextBefore: number | null }>('GET', `/api/admin/audit?${auditQuery(f, before)}`),
  };
}

export type AdminApi = ReturnType<typeof adminApi>;
