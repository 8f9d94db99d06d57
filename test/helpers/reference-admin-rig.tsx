/**
 * The reference-data page against the real server's admin routes, in process: an administrator of
 * 安平县 logged in on this tablet, accounts of two of its townships and of another county (the page
 * offers the county's townships), and the given reference records already stored. Areas are division
 * codes (test/fixtures/areas.ts): the server refuses a reference record naming an unregistered township. Every request the
 * page makes is recorded as it left the tablet (method, path, JSON body, authorization).
 */
import { ANPING, DONGFENG, ANPING_LIULIN as LL, ANPING_QINGHE as QH, DONGFENG_QINGHE as YS } from '../fixtures/areas';
import type { Role } from '../../src/shared/protocol/messages';
import { ReferenceAdminPage } from '../../src/features/reference-admin/ReferenceAdminPage';
import type { ClientRig } from './client-rig';
import type { ReferenceEntity } from './in-process-server';
import { renderInSession, screenRig } from './screen-rig';

interface Call {
  method: string;
  path: string;
  body: unknown;
  authorization: string | null;
}

export interface ReferenceServer {
  seed: { entity: ReferenceEntity; fields: Record<string, unknown> & { id: string } }[];
  calls: Call[];
  writes(): Call[];
  /**
   * Makes the real server refuse the next write: 'invalid-start-date' sends it with a start date the
   * shared schema refuses (VALIDATION_FAILED naming the field); 'forbidden' takes the administrator's
   * role away just before it arrives (FORBIDDEN).
   */
  refuseNext: 'invalid-start-date' | 'forbidden' | null;
  /** Set once rendered. */
  rig: ClientRig | null;
  count(entity: ReferenceEntity): Promise<number>;
}

export function referenceServer(seed: ReferenceServer['seed'] = []): ReferenceServer {
  const server: ReferenceServer = {
    seed,
    calls: [],
    writes: () => server.calls.filter((c) => c.method !== 'GET'),
    refuseNext: null,
    rig: null,
    count: async (entity) => (await server.rig!.server.records(entity)).length,
  };
  return server;
}

/** The page in an administrator's online session, on the real client and server. */
export async function renderReferenceAdmin(opts: { server?: ReferenceServer; user?: { role?: Role; township?: string | null }; online?: boolean; lang?: 'zh-CN' | 'en' } = {}) {
  const server = opts.server ?? referenceServer();
  const rig = await screenRig({ user: null, reference: false });
  server.rig = rig;
  const role = opts.user?.role ?? 'admin';
  const admin = await rig.server.addUser({ username: 'admin', password: 'admin-pass-1', role, township: opts.user?.township ?? null, county: ANPING });
  await rig.server.addUser({ username: 'qh', password: 'pass-1234', township: QH, county: ANPING });
  await rig.server.addUser({ username: 'll', password: 'pass-1234', township: LL, county: ANPING });
  await rig.server.addUser({ username: 'ys', password: 'pass-1234', township: YS, county: DONGFENG });
  for (const r of server.seed) await rig.server.putReference(r.entity, { ...r.fields });
  const session = await rig.client.loginOnline('admin', 'admin-pass-1');
  if (opts.online === false) rig.expireSessions();
  rig.net.always((r) => r.path.startsWith('/api/admin/'), {
    kind: 'observe',
    observe: (r) => server.calls.push({ method: r.method, path: r.path + (r.query.size ? `?${r.query}` : ''), body: r.json, authorization: r.headers.get('authorization') }),
  });
  rig.net.always((r) => r.path.startsWith('/api/admin/') && r.method !== 'GET' && server.refuseNext === 'invalid-start-date', {
    kind: 'rewrite',
    rewrite: (b) => {
      server.refuseNext = null;
      return { ...(b as object), startDate: '20 June 2024' };
    },
  });
  rig.net.always((r) => r.path.startsWith('/api/admin/') && r.method !== 'GET' && server.refuseNext === 'forbidden', {
    kind: 'before',
    before: async () => {
      server.refuseNext = null;
      await rig.server.store.updateUser(admin.id, { role: 'supervisor' });
    },
  });
  const r = await renderInSession(<ReferenceAdminPage />, { rig, session, lang: opts.lang });
  return { ...r, server, token: session.token() };
}
