/**
 * TEST HELPER — the reference-data page against a fetch double at the HTTP boundary: the session's
 * real request (src/sync/api-client.ts) talks to a tiny stand-in for the admin routes, which records
 * every call. The routes themselves are tested with app.inject (sync-server/test/admin*.test.ts).
 */
import '../../app/test-env';
import { createTestClient } from '../../app/test-client';
import { renderInSession } from '../../app/test-render';
import type { UnlockedSession } from '../../db/contracts';
import type { SessionUser } from '../../shared/protocol/messages';
import { createApiClient } from '../../sync/api-client';
import { ReferenceAdminPage } from './ReferenceAdminPage';

export interface Call {
  method: string;
  path: string;
  body: unknown;
  authorization: string | null;
}

type Stored = { entity: string; id: string; township: string | null; version: number; fields: Record<string, unknown>; updatedAt: string };
const ENTITY_BY_PATH: Record<string, string> = { events: 'event', sites: 'site', entitlements: 'entitlement', policies: 'policy' };

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** The admin routes' shapes; `refuse` makes the next write answer with that error body. */
export function fakeReferenceServer(seed: Stored[] = []) {
  const records = new Map(seed.map((r) => [`${r.entity}:${r.id}`, structuredClone(r)]));
  const calls: Call[] = [];
  const state: { refuse: { status: number; error: { code: string; message: string; details?: unknown } } | null } = { refuse: null };
  const users = [
    { county: '安平县', township: '清河镇' },
    { county: '安平县', township: '柳林乡' },
    { county: '别县', township: '远山镇' },
    { county: null, township: null },
  ];

  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input), 'http://tablet');
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : undefined;
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({ method, path: url.pathname + url.search, body, authorization: headers.authorization ?? null });
    if (method === 'GET' && url.pathname === '/api/admin/users') return json(200, { users });
    if (method === 'GET' && url.pathname === '/api/admin/records') {
      const entity = url.searchParams.get('entity');
      const list = [...records.values()].filter((r) => r.entity === entity);
      return json(200, { records: list, cursor: list.length, hasMore: false });
    }
    const m = /^\/api\/admin\/(events|sites|entitlements|policies)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!m || !body) return json(404, { error: { code: 'NOT_FOUND', message: 'Not found.' } });
    if (state.refuse) {
      const r = state.refuse;
      state.refuse = null;
      return json(r.status, { error: r.error });
    }
    const entity = ENTITY_BY_PATH[m[1]!]!;
    const id = m[2] ? decodeURIComponent(m[2]) : String(body.id);
    const old = records.get(`${entity}:${id}`);
    if (method === 'POST' && old) return json(409, { error: { code: 'ALREADY_EXISTS', message: 'exists' } });
    if (method === 'PUT' && !old) return json(404, { error: { code: 'NOT_FOUND', message: 'Not found.' } });
    const township = entity === 'event' ? null : ((body.township as string | null | undefined) ?? null);
    const stored: Stored = { entity, id, township, version: (old?.version ?? 0) + 1, fields: { ...body, id }, updatedAt: '2024-06-21T02:00:00.000Z' };
    records.set(`${entity}:${id}`, stored);
    return json(method === 'POST' ? 201 : 200, { record: stored });
  };
  return { fetch, calls, records, state, writes: () => calls.filter((c) => c.method !== 'GET') };
}

export type FakeReferenceServer = ReturnType<typeof fakeReferenceServer>;

/** The page in an administrator's online session whose request goes through the real API client. */
export async function renderReferenceAdmin(opts: { server?: FakeReferenceServer; user?: Partial<SessionUser>; online?: boolean; lang?: 'zh-CN' | 'en' } = {}) {
  const server = opts.server ?? fakeReferenceServer();
  const client = createTestClient();
  const base = await client.loginOnline('wang', 'pass-1234');
  const api = createApiClient({ baseUrl: '', fetch: server.fetch as typeof fetch, now: () => 0 });
  const session: UnlockedSession = {
    ...base,
    user: { ...base.user, id: 'u-admin', username: 'admin', role: 'admin', township: null, county: '安平县', ...opts.user },
    online: () => opts.online ?? true,
    request: (method, path, body) => api.call('token-admin', method, path, body),
  };
  const r = await renderInSession(<ReferenceAdminPage />, { client, session, lang: opts.lang });
  return { ...r, server };
}
