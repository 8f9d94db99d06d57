import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthReport, TabletHealthResponse } from '../../src/shared/protocol/tablet-health';
import { ANPING, ANPING_LIULIN, ANPING_QINGHE, DONGFENG, DONGFENG_QINGHE } from '../../test/fixtures/areas';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';

const HOUR = 3600;

function report(over: Partial<HealthReport> = {}): HealthReport {
  return {
    kind: 'sync', appVersion: '9.9.9', lastSyncAgeSeconds: 60, pendingRecords: 0, oldestPendingAgeSeconds: null, pendingAttachments: 0, rejected: 0,
    storage: { persisted: true, usageBytes: 10_000_000, quotaBytes: 1_000_000_000 }, lastErrorCode: null, ...over,
  };
}

describe.each(['sqlite', 'postgres'] as StoreKind[])('tablet sync health (%s)', (kind) => {
  let server: TestServer;
  const send = (s: TestSession, body: unknown) => server.inject('POST', '/api/sync/health', { session: s, body });

  beforeAll(async () => {
    server = await startTestServer({ store: kind, config: { currentAppVersion: '9.9.9' } });
  });
  afterAll(() => server.close());

  it('[H1] keeps the latest report per (client id, account) under the session’s identity, never the body’s', async () => {
    const w = await server.session({ username: `h1-${kind}`, displayName: '张晓', deviceId: `client-h1-${kind}` });
    // Naming someone else in the body is not a field the report has: refused, nothing stored.
    const forged = await send(w, { ...report(), userId: 'someone-else', clientId: 'other-client' });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.code).toBe('VALIDATION_FAILED');
    expect((await server.store.listTabletHealth({ userIds: [w.user.id] }))).toEqual([]);

    expect((await send(w, report({ pendingRecords: 2, oldestPendingAgeSeconds: 600 }))).statusCode).toBe(204);
    expect((await send(w, report({ kind: 'heartbeat', pendingRecords: 5, oldestPendingAgeSeconds: 900 }))).statusCode).toBe(204);
    const rows = await server.store.listTabletHealth({ userIds: [w.user.id] });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ clientId: `client-h1-${kind}`, userId: w.user.id, kind: 'heartbeat', pendingRecords: 5 });
  });

  it('[H1] bounds: no token 401, a report past 2 KiB 413, a negative or absurd count 400, an oldest age missing while records wait 400', async () => {
    const w = await server.session({ username: `h1b-${kind}` });
    expect((await server.inject('POST', '/api/sync/health', { body: report() })).statusCode).toBe(401);
    const big = await send(w, { ...report(), appVersion: 'x'.repeat(4000) });
    expect(big.statusCode).toBe(413);
    expect((await send(w, report({ pendingRecords: -1 }))).statusCode).toBe(400);
    expect((await send(w, report({ pendingRecords: 1e12 }))).statusCode).toBe(400);
    expect((await send(w, report({ pendingRecords: 3, oldestPendingAgeSeconds: null }))).statusCode).toBe(400);
    expect((await send(w, report({ lastErrorCode: 'not a code' }))).statusCode).toBe(400);
    expect((await send(w, { ...report(), storage: { persisted: true, usageBytes: 1, quotaBytes: 2, name: '王芳' } })).statusCode).toBe(400);
  });

  it('[H2] ages are anchored to the server’s clock, whatever the tablet’s clock says', async () => {
    const w = await server.session({ username: `h2-${kind}`, deviceId: `client-h2-${kind}` });
    await send(w, report({ lastSyncAgeSeconds: 2 * HOUR, pendingRecords: 1, oldestPendingAgeSeconds: 3 * HOUR }));
    const [row] = await server.store.listTabletHealth({ userIds: [w.user.id] });
    const now = server.clock.now().getTime();
    expect(row).toMatchObject({
      receivedAt: new Date(now).toISOString(),
      lastSyncedAt: new Date(now - 2 * HOUR * 1000).toISOString(),
      oldestPendingAt: new Date(now - 3 * HOUR * 1000).toISOString(),
    });
  });
});

describe.each(['sqlite', 'postgres'] as StoreKind[])('the county’s view of its tablets (%s)', (kind) => {
  let server: TestServer;
  let admin: TestSession;
  const sessions: Record<string, TestSession> = {};
  const view = async (s: TestSession, query = '') => {
    const res = await server.inject('GET', `/api/admin/tablet-health${query}`, { session: s });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as TabletHealthResponse;
  };

  beforeAll(async () => {
    server = await startTestServer({ store: kind, config: { currentAppVersion: '2.0.0', sessionHours: 24 * 30 } });
    admin = await server.session({ username: 'admin', role: 'admin' });
    const worker = async (key: string, township: string, county: string, displayName: string, r: HealthReport) => {
      sessions[key] = await server.session({ username: key, displayName, township, county, deviceId: `client-${key}` });
      const res = await server.inject('POST', '/api/sync/health', { session: sessions[key], body: r });
      expect(res.statusCode, res.body).toBe(204);
    };
    const base = report({ appVersion: '2.0.0' });
    // 安平县: one tablet per risk. `stale` has not synced for 30 h and holds records; `stuck` synced an
    // hour ago but its oldest record has waited 40 h (pushes keep failing).
    await worker('healthy', ANPING_QINGHE, ANPING, '赵一', base);
    await worker('quota', ANPING_LIULIN, ANPING, '钱二', { ...base, storage: { persisted: true, usageBytes: 850, quotaBytes: 1000 } });
    await worker('old', ANPING_QINGHE, ANPING, '孙三', { ...base, appVersion: '1.9.3' });
    await worker('stuck', ANPING_LIULIN, ANPING, '李四', { ...base, lastSyncAgeSeconds: HOUR, pendingRecords: 4, oldestPendingAgeSeconds: 40 * HOUR, lastErrorCode: 'INTERNAL' });
    await worker('stale', ANPING_QINGHE, ANPING, '周五', { ...base, lastSyncAgeSeconds: 30 * HOUR, pendingRecords: 7, oldestPendingAgeSeconds: 25 * HOUR });
    // 东丰县, whose township has the same name (清河镇): a stale tablet that 安平县 must never see.
    await worker('dongfeng', DONGFENG_QINGHE, DONGFENG, '吴六', { ...base, lastSyncAgeSeconds: 100 * HOUR, pendingRecords: 9, oldestPendingAgeSeconds: 100 * HOUR });
    sessions.supAnping = await server.session({ username: 'sup-anping', role: 'supervisor', township: null, county: ANPING });
    sessions.supDongfeng = await server.session({ username: 'sup-dongfeng', role: 'supervisor', township: null, county: DONGFENG });
  });
  afterAll(() => server.close());

  it('[H4] a supervisor sees every tablet of its county’s townships and none of another county’s same-named township', async () => {
    const anping = await view(sessions.supAnping!);
    expect(anping.tablets.map((t) => t.username).sort()).toEqual(['healthy', 'old', 'quota', 'stale', 'stuck']);
    expect(anping.tablets.every((t) => t.countyName === '安平县')).toBe(true);
    const dongfeng = await view(sessions.supDongfeng!);
    expect(dongfeng.tablets.map((t) => [t.username, t.displayName, t.townshipName, t.countyName])).toEqual([['dongfeng', '吴六', '清河镇', '东丰县']]);
    // An administrator sees all; a worker may not look.
    expect((await view(admin)).tablets.map((t) => t.username).sort()).toEqual(['dongfeng', 'healthy', 'old', 'quota', 'stale', 'stuck']);
    const refused = await server.inject('GET', '/api/admin/tablet-health', { session: sessions.healthy });
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('[H5] sorted by risk: stale with records, then oldest waiting record, old app version, near the quota; N is a setting and a filter', async () => {
    const v = await view(sessions.supAnping!);
    expect(v.staleHours).toBe(24);
    expect(v.tablets.map((t) => t.username)).toEqual(['stale', 'stuck', 'old', 'quota', 'healthy']);
    const byName = Object.fromEntries(v.tablets.map((t) => [t.username, t]));
    expect(byName.stale).toMatchObject({ displayName: '周五', townshipName: '清河镇', pendingRecords: 7, risks: ['stale', 'waiting'] });
    expect(byName.stuck!.risks).toEqual(['waiting', 'error']);
    expect(byName.old!.risks).toEqual(['oldVersion']);
    expect(byName.quota!.risks).toEqual(['nearQuota']);
    expect(byName.healthy!.risks).toEqual([]);
    // With N = 48 h nobody is stale: the oldest waiting record leads.
    const relaxed = await view(sessions.supAnping!, '?staleHours=48');
    expect(relaxed.tablets.map((t) => t.username)).toEqual(['stuck', 'stale', 'old', 'quota', 'healthy']);
    // Time passes on the server: `stuck` (last sync 1 h ago) turns stale only once N hours have gone by.
    server.clock.advance(24 * HOUR * 1000);
    const later = await view(sessions.supAnping!);
    expect(later.tablets.slice(0, 2).map((t) => [t.username, t.risks.includes('stale')])).toEqual([['stuck', true], ['stale', true]]);
    const bad = await server.inject('GET', '/api/admin/tablet-health?staleHours=-1', { session: sessions.supAnping! });
    expect(bad.statusCode).toBe(400);
  });

  it('no personal data of households in the view: only counts, ages, codes and the worker’s own name', async () => {
    const v = await view(admin);
    const keys = new Set(v.tablets.flatMap((t) => Object.keys(t)));
    expect([...keys].sort()).toEqual([
      'appVersion', 'clientId', 'countyName', 'deviceName', 'displayName', 'kind', 'lastErrorCode', 'lastSyncedAt', 'oldestPendingAt', 'pendingAttachments',
      'pendingRecords', 'receivedAt', 'rejected', 'risks', 'storagePersisted', 'storageQuotaBytes', 'storageUsageBytes', 'tabletId', 'township', 'townshipName',
      'userId', 'username',
    ]);
  });
});

describe('old app versions [H5]', () => {
  it('compares dotted numbers part by part; a version it cannot read is never called old', async () => {
    const { isOlderVersion } = await import('../src/health/tablet-risk');
    expect(isOlderVersion('1.9.3', '2.0.0')).toBe(true);
    expect(isOlderVersion('0.1.0', '0.10.0')).toBe(true);
    expect(isOlderVersion('0.1', '0.1.0')).toBe(false);
    expect(isOlderVersion('2.0.0', '2.0.0')).toBe(false);
    expect(isOlderVersion('2.1.0', '2.0.9')).toBe(false);
    expect(isOlderVersion('1.0.0-rc1', '1.0.1')).toBe(true);
    expect(isOlderVersion('dev', '2.0.0')).toBe(false);
  });
});
