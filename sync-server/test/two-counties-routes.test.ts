import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/shared/protocol/version';
import { ANPING, ANPING_QINGHE, DONGFENG, DONGFENG_QINGHE } from '../../test/fixtures/areas';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { change, householdFields, validIdNumber } from './fixtures';
import { apiRoutes } from './route-table';

/**
 * Issue 10, done-when: two counties with a township of the same name (清河镇 in 安平县 and in 东丰县)
 * in one database — no read, write, report, flag, attachment or audit row crosses them. Walks EVERY
 * route of Fastify's route table (a route added later is walked too, or the coverage check fails) as
 * each county role, with the other county's ids, hashes and codes as parameters; then checks that no
 * answer carried the other county's data and that nothing of it was written or audited in its area.
 */
const EVENT_ID = 'event-0620-flood';
interface County {
  key: 'anping' | 'dongfeng';
  county: string;
  township: string;
  /** Appears in every personal field this county writes: an answer to the other county must never hold it. */
  mark: string;
  idNumbers: string[];
  worker: TestSession;
  supervisor: TestSession;
  households: string[];
  flagId: string;
  photo: Buffer;
  sha: string;
}

describe.each(['sqlite', 'postgres'] as StoreKind[])('two counties, one township name (%s)', (kind) => {
  let server: TestServer;
  let admin: TestSession;
  const counties = {} as Record<'anping' | 'dongfeng', County>;

  async function seed(key: County['key'], county: string, township: string, mark: string, idBase: number): Promise<void> {
    const worker = await server.session({ username: `worker-${key}`, township, county, deviceId: `dev-worker-${key}` });
    const supervisor = await server.session({ username: `sup-${key}`, role: 'supervisor', township: null, county, deviceId: `dev-sup-${key}` });
    const photo = Buffer.from(`${key} signature photo`);
    const sha = createHash('sha256').update(photo).digest('hex');
    const households = [`hh-${key}-0001`, `hh-${key}-0002`];
    const idNumbers = [validIdNumber(idBase)];
    const fields = (id: string) => householdFields(id, {
      head: { name: `${mark}户主`, idNumber: idNumbers[0], phone: '13800000000' }, origin: { village: `${mark}村`, group: '一组' },
    });
    // The same head registered twice in the county: a duplicate-person flag of that county.
    const res = await server.push(worker, [
      change(1, households[0]!, fields(households[0]!)),
      change(2, households[1]!, fields(households[1]!)),
      change(3, `rl-${key}-0001`, {
        id: `rl-${key}-0001`, eventId: EVENT_ID, householdId: households[0], at: '2026-06-21T09:00:00+08:00', issuingOfficer: `${mark}发放员`, round: 1,
        item: { category: 'goods', kind: 'quilt' }, quantity: 2, unit: '床', cashValue: 300, payment: 'in-kind', recipient: { confirmation: 'signature', attachmentSha256: sha },
      }, { entity: 'relief' }),
    ]);
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const up = await server.app.inject({ method: 'PUT', url: `/api/attachments/${sha}?recordId=rl-${key}-0001`, payload: photo, headers: { ...worker.headers, 'content-type': 'image/jpeg' } });
    expect(up.statusCode).toBe(201);
    const flags = (await server.store.listRecords({ entity: 'flag', townships: [township], limit: 10 }));
    expect(flags).toHaveLength(1);
    counties[key] = { key, county, township, mark, idNumbers, worker, supervisor, households, flagId: flags[0]!.id, photo, sha };
  }

  beforeAll(async () => {
    server = await startTestServer({ store: kind });
    admin = await server.session({ username: 'admin', role: 'admin' });
    const ev = await server.inject('POST', '/api/admin/events', {
      session: admin, body: { id: EVENT_ID, name: '6·20 洪灾', hazard: 'flood', startDate: '2026-06-20', townships: [ANPING_QINGHE, DONGFENG_QINGHE], status: 'active' },
    });
    expect(ev.statusCode).toBe(201);
    await seed('anping', ANPING, ANPING_QINGHE, '安平标记', 501);
    await seed('dongfeng', DONGFENG, DONGFENG_QINGHE, '东丰标记', 601);
  });
  afterAll(() => server.close());

  /** One request per route and role, with the OTHER county's identifiers wherever a route takes one. */
  function requestsFor(me: County, other: County, session: TestSession) {
    const otherHousehold = other.households[0]!;
    const params = (url: string) =>
      url.replace(':sha256', other.sha).replace(':code', other.township).replace(':id', url.startsWith('/api/flags') ? other.flagId : url.includes('area-queue') ? '1' : other.worker.user.id);
    const bodies: Record<string, unknown> = {
      'POST /api/sync/push': { protocol: PROTOCOL_VERSION, deviceId: session.deviceId, changes: [change(90, otherHousehold, { membersCount: 9 }, { baseVersion: 1 })] },
      'POST /api/flags/:id/resolve': { action: 'keep-both', reason: '不是同一人' },
      'POST /api/flags/rescan': { eventId: EVENT_ID },
      'POST /api/attachments/missing': { hashes: [other.sha] },
      'POST /api/audit/events': { events: [{ action: 'record.export', entity: 'household', recordId: otherHousehold, at: '2026-06-21T00:00:00+08:00' }] },
      'POST /api/admin/divisions/:code/retire': { successorCode: me.township },
      'POST /api/admin/area-queue/:id/resolve': { code: me.township },
    };
    const queries: Record<string, string[]> = {
      'GET /api/sync/pull': ['since=0'],
      'GET /api/admin/records': ['', `township=${other.township}`, 'entity=household'],
      'GET /api/admin/audit': ['', `township=${other.township}`],
      'GET /api/reports/relocation': [`eventId=${EVENT_ID}`],
      'GET /api/reports/form10': [`eventId=${EVENT_ID}`],
      'GET /api/flags': ['', `eventId=${EVENT_ID}`],
      'GET /api/divisions': [''],
      'GET /api/attachments/:sha256': ['', `township=${other.township}`],
    };
    return { params, bodies, queries };
  }

  it('no answer to one county carries the other county’s data; no write lands in the other county', async () => {
    const routes = apiRoutes(server.app);
    const visited = new Set<string>();
    const before = await server.store.listRecords({ townships: [DONGFENG_QINGHE, ANPING_QINGHE], limit: 1000 });
    for (const [meKey, otherKey] of [['anping', 'dongfeng'], ['dongfeng', 'anping']] as const) {
      const me = counties[meKey];
      const other = counties[otherKey];
      for (const session of [me.worker, me.supervisor]) {
        const { params, bodies, queries } = requestsFor(me, other, session);
        // Logout last: it ends the session the walk uses.
        for (const r of [...routes].sort((a, b) => Number(a.url === '/api/auth/logout') - Number(b.url === '/api/auth/logout'))) {
          const key = `${r.method} ${r.url}`;
          if (r.url === '/api/auth/login' || r.url === '/api/auth/logout') {
            visited.add(key);
            continue;
          }
          for (const q of queries[key] ?? ['']) {
            const url = params(r.url) + (q ? `?${q}` : '');
            const res =
              key === 'PUT /api/attachments/:sha256'
                ? await server.app.inject({ method: 'PUT', url, payload: other.photo, headers: { ...session.headers, 'content-type': 'image/jpeg' } })
                : await server.inject(r.method, url, {
                    session, headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) }, ...(r.method === 'GET' ? {} : { body: bodies[key] ?? {} }),
                  });
            visited.add(key);
            const who = `${session.user.username} ${r.method} ${url}`;
            expect(res.statusCode, who).toBeLessThan(500);
            // The other county's personal data and record ids never come back. (Township codes may: the
            // registry and an event covering both counties name them, and they are public.)
            expect(res.body, who).not.toContain(other.mark);
            for (const n of other.idNumbers) expect(res.body, who).not.toContain(n);
            // An audit entry of this county's own refused attempt names the id it asked for: that is its own row.
            const mine = new Set([me.worker.user.id, me.supervisor.user.id]);
            const shown = key === 'GET /api/admin/audit' && res.statusCode === 200
              ? JSON.stringify((res.json().entries as { userId: string }[]).filter((e) => !mine.has(e.userId)))
              : res.body;
            for (const id of [...other.households, other.flagId, `rl-${other.key}-0001`]) {
              if (!url.includes(id) && !JSON.stringify(bodies[key] ?? '').includes(id)) expect(shown, who).not.toContain(id);
            }
            if (key === 'GET /api/attachments/:sha256') {
              // Attachments are held per (area, hash): this county's worker PUT the same bytes into its
              // own area earlier in the walk (the PUT below), so a plain GET may serve THAT copy — never
              // the other county's. Named with the other county's township, it is always refused.
              const ownCopy = await server.store.getAttachmentMeta(me.township, other.sha);
              if (q || !ownCopy) expect(res.statusCode, who).toBe(403);
              else expect([res.statusCode, ownCopy.uploadedBy], who).toEqual([200, me.worker.user.id]);
            }
            // A worker's edit of the other county's record is refused per change; a supervisor cannot push at all.
            if (key === 'POST /api/sync/push') expect(session === me.worker ? res.json().results[0].code : res.json().error.code, who).toBe(session === me.worker ? 'OUT_OF_AREA' : 'FORBIDDEN');
          }
        }
      }
    }
    // Every route of the table was walked.
    expect([...visited].sort()).toEqual(routes.map((r) => `${r.method} ${r.url}`).filter((k, i, a) => a.indexOf(k) === i).sort());

    // Nothing of either county changed by the other's walk: same versions, same fields, same areas.
    const after = await server.store.listRecords({ townships: [DONGFENG_QINGHE, ANPING_QINGHE], limit: 1000 });
    const state = (rs: typeof before) => rs.map((r) => `${r.entity}/${r.id}@${r.township}:v${r.version}:${JSON.stringify(r.fields)}`).sort();
    expect(state(after)).toEqual(state(before));
    // The attachment stays its uploader's; a copy of the same bytes in another area was put there by
    // that area's own worker (attachments are held per area and hash), never by this county.
    for (const c of Object.values(counties)) {
      const meta = await server.store.getAttachmentMeta(c.township, c.sha);
      expect([meta?.township, meta?.uploadedBy]).toEqual([c.township, c.worker.user.id]);
      for (const t of await server.store.attachmentTownships(c.sha)) {
        const holder = Object.values(counties).find((x) => x.township === t)!;
        expect((await server.store.getAttachmentMeta(t, c.sha))?.uploadedBy, t).toBe(holder.worker.user.id);
      }
    }
    // Every audit row in a county's area was written by that county's accounts (or the administrator).
    for (const c of Object.values(counties)) {
      const own = new Set([c.worker.user.id, c.supervisor.user.id, admin.user.id]);
      const rows = await server.store.listAudit({ townships: [c.township], limit: 1000 });
      expect(rows.length).toBeGreaterThan(0);
      for (const e of rows) expect(own.has(e.userId ?? ''), `${e.action} by ${e.userId}`).toBe(true);
    }
  });

  it('each county’s supervisor reads exactly its own township’s records, flags and report column', async () => {
    for (const c of Object.values(counties)) {
      const recs = (await server.inject('GET', '/api/admin/records?entity=household', { session: c.supervisor })).json().records as { id: string; township: string }[];
      expect(recs.map((r) => r.id).sort()).toEqual(c.households);
      const flags = (await server.inject('GET', '/api/flags', { session: c.supervisor })).json().flags as { id: string }[];
      expect(flags.map((f) => f.id)).toEqual([c.flagId]);
      const report = (await server.inject('GET', `/api/reports/relocation?eventId=${EVENT_ID}`, { session: c.supervisor })).json();
      expect(report.report.townships.map((t: { township: string }) => t.township)).toEqual([c.township]);
      expect(report.townshipNames).toEqual({ [c.township]: '清河镇' });
    }
  });
});
