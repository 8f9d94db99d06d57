/**
 * Issue 10 finding 5: a change may only name records of the writer's own area. Reproduced against the
 * release before: a hand-out naming another township's household was applied, and counted there.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushResponse } from '../../src/shared/protocol/messages';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { ANPING_LIULIN, ANPING_QINGHE } from '../../test/fixtures/areas';
import { change, createHousehold, newId } from './fixtures';

/** 清河镇 and 柳林乡 of 安平县, by division code (the registry every test server is seeded with). */
const QH = ANPING_QINGHE;
const LL = ANPING_LIULIN;

function handout(id: string, eventId: string, householdId: string): Record<string, unknown> {
  return {
    id, eventId, householdId, at: '2026-06-21T09:00:00+08:00', issuingOfficer: '王干事', round: 1,
    item: { category: 'goods', kind: 'quilt' }, quantity: 2, unit: '床', cashValue: 200, payment: 'in-kind',
    recipient: { confirmation: 'signature', attachmentSha256: 'a'.repeat(64) },
  };
}

describe.each<StoreKind>(['sqlite', 'postgres'])('references checked against the writer’s area (%s)', (kind) => {
  let server: TestServer;
  let admin: TestSession;
  let qh: TestSession;
  let ll: TestSession;

  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    admin = await server.session({ role: 'admin' });
    qh = await server.session({ username: 'wang', township: QH });
    ll = await server.session({ username: 'zhao', township: LL });
    // One event for 清河镇 only, one for both; a shelter site in each township.
    for (const ev of [
      { id: 'event-qh-only', townships: [QH] },
      { id: 'event-0620-flood', townships: [QH, LL] },
    ]) {
      const res = await server.inject('POST', '/api/admin/events', {
        session: admin, body: { ...ev, name: '6·20 洪灾', hazard: 'flood', startDate: '2026-06-20', status: 'active' },
      });
      expect(res.statusCode).toBe(201);
    }
    for (const [id, township] of [['site-qh-school', QH], ['site-ll-school', LL]] as const) {
      const res = await server.inject('POST', '/api/admin/sites', {
        session: admin,
        body: { id, eventId: 'event-0620-flood', name: `${township}小学`, type: 'school', township, capacity: 20, floorArea: 45, openedOn: '2026-06-20' },
      });
      expect(res.statusCode).toBe(201);
    }
  });
  afterEach(() => server.close());

  const results = (res: { json(): unknown }) => (res.json() as PushResponse).results;

  it('[A6] a hand-out naming another township’s household is OUT_OF_AREA, audited; one naming its own is applied', async () => {
    const theirs = newId();
    expect(results(await server.push(qh, [createHousehold(1, theirs, { shelterSiteId: 'site-qh-school' })]))[0]).toMatchObject({ status: 'applied' });
    const ours = newId();
    const bad = newId();
    const good = newId();
    const res = await server.push(ll, [
      createHousehold(1, ours, { shelterSiteId: 'site-ll-school' }),
      change(2, bad, handout(bad, 'event-0620-flood', theirs), { entity: 'relief' }),
      change(3, good, handout(good, 'event-0620-flood', ours), { entity: 'relief' }),
    ]);
    const [, r2, r3] = results(res);
    expect(r2).toEqual({ seq: 2, id: bad, status: 'rejected', code: 'OUT_OF_AREA', issues: [{ path: 'householdId', message: 'reference.outOfArea' }] });
    expect(r3).toMatchObject({ seq: 3, status: 'applied' });
    expect(await server.store.getRecord('relief', bad)).toBeNull();
    const denied = await server.store.listAudit({ action: 'sync.denied', limit: 10 });
    expect(denied.map((a) => ({ recordId: a.recordId, township: a.township, detail: a.detail }))).toEqual([
      { recordId: bad, township: LL, detail: { seq: 2, code: 'OUT_OF_AREA', paths: ['householdId'] } },
    ]);
  });

  it('[A6] a household placed or transferred at another township’s shelter site is OUT_OF_AREA', async () => {
    const a = newId();
    const b = newId();
    const res = await server.push(ll, [
      createHousehold(1, a, { shelterSiteId: 'site-qh-school' }),
      createHousehold(2, b, {
        shelterSiteId: 'site-ll-school',
        transfers: [{ at: '2026-06-21T10:00:00+08:00', fromSiteId: 'site-ll-school', toSiteId: 'site-qh-school' }],
      }),
    ]);
    const [r1, r2] = results(res);
    expect(r1).toMatchObject({ status: 'rejected', code: 'OUT_OF_AREA', issues: [{ path: 'shelterSiteId', message: 'reference.outOfArea' }] });
    expect(r2).toMatchObject({ status: 'rejected', code: 'OUT_OF_AREA', issues: [{ path: 'transfers.0.toSiteId', message: 'reference.outOfArea' }] });
    expect(await server.store.getRecord('household', a)).toBeNull();
    expect(await server.store.getRecord('household', b)).toBeNull();
  });

  it('[A6] a record of an event that does not cover the writer’s township is OUT_OF_AREA', async () => {
    const id = newId();
    const res = await server.push(ll, [createHousehold(1, id, { eventId: 'event-qh-only', shelterSiteId: 'site-ll-school' })]);
    expect(results(res)[0]).toMatchObject({ status: 'rejected', code: 'OUT_OF_AREA', issues: [{ path: 'eventId', message: 'reference.outOfArea' }] });
    // A reference the server does not have yet (still on another tablet) is not refused.
    const later = newId();
    expect(results(await server.push(ll, [createHousehold(2, later, { eventId: 'event-not-here-yet', shelterSiteId: 'site-not-here-yet' })]))[0]).toMatchObject({
      status: 'applied',
    });
  });

  it('[A6] an attachment uploaded for a record of another township is OUT_OF_AREA, audited', async () => {
    const theirs = newId();
    await server.push(qh, [createHousehold(1, theirs, { shelterSiteId: 'site-qh-school' })]);
    const bytes = Buffer.from('signature-bytes');
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const put = (session: TestSession, recordId: string) =>
      server.app.inject({
        method: 'PUT', url: `/api/attachments/${sha}?recordId=${recordId}`,
        headers: { ...session.headers, 'content-type': 'image/png' }, payload: bytes,
      });
    const res = await put(ll, theirs);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'OUT_OF_AREA' } });
    // Stored for neither area: not for the household's township, not for the writer's.
    expect(await server.store.getAttachmentMeta(QH, sha)).toBeNull();
    expect(await server.store.getAttachmentMeta(LL, sha)).toBeNull();
    const denied = await server.store.listAudit({ action: 'attachment.denied', limit: 10 });
    expect(denied.map((a) => [a.recordId, a.township])).toEqual([[theirs, LL]]);
    expect((await put(qh, theirs)).statusCode).toBe(201);
  });
});
