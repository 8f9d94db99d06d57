/**
 * The real sync server for client tests (STYLE habit 13): buildApp on a fresh SQLite file (or a fresh
 * PostgreSQL schema), reached through a `fetch` that calls app.inject, so node and jsdom tests alike
 * talk to the server the tablets meet in the field, with no port. Accounts and reference data are
 * written the way an administrator writes them (the store's createUser, the admin routes).
 */
import type { StoredRecord } from '../../sync-server/src/store/store';
import type { ServerConfig } from '../../sync-server/src/config';
import type { Store } from '../../sync-server/src/store/store';
import { ANPING, ANPING_QINGHE } from '../fixtures/areas';
import { IN_PROCESS_ORIGIN, injectFetch } from './inject-fetch';
import { startTestServer, type NewTestUser, type StoreKind, type TestClock, type TestServer, type TestSession } from './server-harness';

/**
 * Townships are division codes (areas by key, STYLE habit 14): 清河镇 of 安平县 in the registry every
 * test server is seeded with (test/fixtures/areas.ts), so reference records naming it are accepted.
 */
export const TEST_TOWNSHIP = ANPING_QINGHE;
export const TEST_COUNTY = ANPING;

export type ReferenceEntity = 'event' | 'site' | 'policy' | 'entitlement';
const ADMIN_PATHS: Record<ReferenceEntity, string> = {
  event: '/api/admin/events',
  site: '/api/admin/sites',
  policy: '/api/admin/policies',
  entitlement: '/api/admin/entitlements',
};

export interface InProcessServer extends TestServer {
  /** A fetch that reaches this app in process (any origin; the app sees the path). */
  fetch: typeof fetch;
  /** What to pass as the client's baseUrl. */
  baseUrl: string;
  /** An account in the store; a worker of TEST_TOWNSHIP unless told otherwise. */
  addUser(u: NewTestUser & { username: string; password: string }): Promise<{ id: string; username: string }>;
  /** Writes reference data through the admin routes (validated by the same schemas); creates or updates. */
  putReference(entity: ReferenceEntity, fields: Record<string, unknown> & { id: string }): Promise<StoredRecord>;
  /** The stored records of an entity (every township), in server order. */
  records(entity?: string): Promise<StoredRecord[]>;
  /** What tablets sent to POST /api/audit/events, oldest first, with the tablet's time as `at`. */
  clientAuditEvents(): Promise<{ userId: string | null; deviceId: string | null; action: string; entity?: string; recordId?: string; at: string }[]>;
  /** Every applied (deviceId, seq) mark the server holds. */
  appliedCount(clientId?: string): Promise<number>;
}

export interface InProcessServerOptions {
  store?: StoreKind | Store;
  clock?: TestClock;
  config?: Partial<ServerConfig>;
}

export async function startInProcessServer(options: InProcessServerOptions = {}): Promise<InProcessServer> {
  const base = await startTestServer({ store: options.store, clock: options.clock, config: options.config });
  let admin: Promise<TestSession> | null = null;
  const adminSession = () => (admin ??= base.session({ role: 'admin', township: null, county: null }));
  const server: InProcessServer = Object.assign(base, {
    fetch: injectFetch(base.app),
    baseUrl: IN_PROCESS_ORIGIN,
    async addUser(u: NewTestUser & { username: string; password: string }) {
      const role = u.role ?? 'worker';
      const { user } = await base.createUser({
        ...u,
        role,
        township: u.township !== undefined ? u.township : role === 'admin' ? null : TEST_TOWNSHIP,
        county: u.county !== undefined ? u.county : role === 'admin' ? null : TEST_COUNTY,
      });
      return { id: user.id, username: user.username };
    },
    async putReference(entity: ReferenceEntity, fields: Record<string, unknown> & { id: string }) {
      const session = await adminSession();
      const existing = await base.store.getRecord(entity, fields.id);
      const res = existing
        ? await base.inject('PUT', `${ADMIN_PATHS[entity]}/${encodeURIComponent(fields.id)}`, { session, body: fields })
        : await base.inject('POST', ADMIN_PATHS[entity], { session, body: fields });
      if (res.statusCode >= 300) throw new Error(`putReference ${entity} ${fields.id}: ${res.statusCode} ${res.body}`);
      return (await base.store.getRecord(entity, fields.id))!;
    },
    async records(entity = 'household') {
      return base.store.listRecords({ entity, townships: null, limit: 100_000 });
    },
    async clientAuditEvents() {
      const rows = await base.store.listAudit({ limit: 100_000 });
      return rows
        .filter((r) => r.action === 'idnumber.reveal' || r.action === 'record.export')
        .sort((a, b) => a.id - b.id)
        .map((r) => ({
          userId: r.userId, deviceId: r.deviceId, action: r.action,
          ...(r.entity ? { entity: r.entity } : {}), ...(r.recordId ? { recordId: r.recordId } : {}),
          at: String(r.detail?.reportedAt ?? r.at),
        }));
    },
    appliedCount: (clientId?: string) => base.store.countAppliedChanges(clientId),
  });
  return server;
}
