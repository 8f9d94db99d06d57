import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../src/shared/protocol/messages';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/shared/protocol/version';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { change, createHousehold, EVENT_ID, newId } from './fixtures';
import { ANPING, ANPING_LIULIN, ANPING_QINGHE, DONGFENG, DONGFENG_QINGHE } from '../../test/fixtures/areas';

describe.each<StoreKind>(['sqlite', 'postgres'])('pull (%s)', (kind) => {
  let server: TestServer;
  let wang: TestSession;
  let zhao: TestSession;

  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    wang = await server.session({ username: 'wang' });
    zhao = await server.session({ username: 'zhao' });
  });
  afterEach(() => server.close());

  const pull = async (s: TestSession, since = 0, limit?: number) => {
    const res = await server.pull(s, since, limit);
    expect(res.statusCode).toBe(200);
    return res.json() as PullResponse;
  };

  it('[L2] pages by serverSeq with a cursor and hasMore', async () => {
    const ids = Array.from({ length: 5 }, () => newId());
    await server.push(wang, ids.map((id, i) => createHousehold(i + 1, id)));
    const p1 = await pull(zhao, 0, 2);
    expect(p1.records.map((r) => r.id)).toEqual(ids.slice(0, 2));
    expect(p1.hasMore).toBe(true);
    const p2 = await pull(zhao, p1.cursor, 2);
    const p3 = await pull(zhao, p2.cursor, 2);
    expect([...p2.records, ...p3.records].map((r) => r.id)).toEqual(ids.slice(2));
    expect(p3.hasMore).toBe(false);
    expect(p3.records.map((r) => r.serverSeq)).toEqual([p3.cursor]);
    // The no-op sync is one small request.
    expect(await pull(zhao, p3.cursor)).toEqual({ records: [], cursor: p3.cursor, hasMore: false });
    expect(p1.records[0]).toEqual({
      entity: 'household', id: ids[0], version: 1, serverSeq: p1.records[0]!.serverSeq, township: ANPING_QINGHE,
      fields: expect.objectContaining({ id: ids[0] }), updatedAt: server.clock.now().toISOString(),
    });
  });

  it('[L1] a worker sees its township and reference data for all; a supervisor the county', async () => {
    const li = await server.session({ username: 'li', township: ANPING_LIULIN });
    const far = await server.session({ username: 'far', township: DONGFENG_QINGHE, county: DONGFENG });
    const mine = newId();
    const theirs = newId();
    const faraway = newId();
    await server.push(wang, [createHousehold(1, mine)]);
    await server.push(li, [createHousehold(1, theirs)]);
    await server.push(far, [createHousehold(1, faraway)]);
    const admin = await server.session({ role: 'admin' });
    await server.inject('POST', '/api/admin/events', {
      session: admin,
      body: { id: EVENT_ID, name: '6·20 洪灾', hazard: 'flood', startDate: '2026-06-20', townships: [ANPING_QINGHE, ANPING_LIULIN], status: 'active' },
    });
    const ids = async (s: TestSession) => (await pull(s)).records.map((r) => r.id).sort();
    expect(await ids(zhao)).toEqual([mine, EVENT_ID].sort());
    expect(await ids(li)).toEqual([EVENT_ID]); // its own write is not echoed (L3)
    const sup = await server.session({ username: 'sup', role: 'supervisor', township: null, county: ANPING });
    expect(await ids(sup)).toEqual([mine, theirs, EVENT_ID].sort());
    expect(await ids(far)).toEqual([EVENT_ID]);
  });

  it('[L3] a device’s own writes are not echoed, unless a merge changed the record', async () => {
    const id = newId();
    await server.push(wang, [createHousehold(1, id)]);
    expect((await pull(wang)).records).toEqual([]);
    const page = await pull(wang);
    expect(page.cursor).toBeGreaterThan(0); // the cursor still moves past the skipped row
    // zhao edits notes; wang, offline from version 1, edits membersCount: the server merges (C3).
    await server.push(zhao, [change(1, id, { notes: '已核实' }, { baseVersion: 1 })]);
    const merged = await server.push(wang, [change(2, id, { membersCount: 4 }, { baseVersion: 1 })]);
    expect(merged.json().results[0]).toMatchObject({ status: 'merged', version: 3 });
    const back = await pull(wang, page.cursor);
    expect(back.records).toHaveLength(1);
    expect(back.records[0]).toMatchObject({ id, version: 3, fields: expect.objectContaining({ notes: '已核实', membersCount: 4 }) });
  });

  it('[L3][A4] on a shared tablet another account (its own client id there) still receives records written from that tablet', async () => {
    // A shared tablet has one client id per account (SPEC A4); the tablet's own id is the same for both.
    const id = newId();
    await server.push(wang, [createHousehold(1, id)]);
    const { user, password } = await server.createUser({ username: 'liu' });
    const liu = await server.login(user.username, password, `${wang.deviceId}-liu`);
    expect((await pull(liu)).records.map((r) => r.id)).toEqual([id]);
  });

  it('[V1] requires the protocol header; validates since and limit; caps a page at 1000', async () => {
    const noHeader = await server.inject('GET', '/api/sync/pull?since=0', { session: wang });
    expect(noHeader.statusCode).toBe(426);
    const future = await server.inject('GET', '/api/sync/pull', { session: wang, headers: { 'x-tidemark-protocol': '3' } });
    expect(future.json().error.code).toBe('PROTOCOL_UNSUPPORTED');
    const v1 = await server.inject('GET', '/api/sync/pull', { session: wang, headers: { 'x-tidemark-protocol': '1' } });
    expect(v1.statusCode).toBe(200);
    for (const q of ['since=-1', 'since=abc', 'limit=0', 'since=1.5']) {
      const res = await server.inject('GET', `/api/sync/pull?${q}`, { session: wang, headers: { 'x-tidemark-protocol': '2' } });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    await server.push(wang, Array.from({ length: 3 }, (_, i) => createHousehold(i + 1)));
    expect((await pull(zhao, 0, 5000)).records).toHaveLength(3);
  });
  it('gzips a pull page for a client that accepts it; the bytes decode to the same JSON', async () => {
    await server.push(wang, Array.from({ length: 20 }, (_, i) => createHousehold(i + 1)));
    const headers = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
    const plain = await server.inject('GET', '/api/sync/pull?since=0', { session: zhao, headers });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    const zipped = await server.inject('GET', '/api/sync/pull?since=0', {
      session: zhao,
      headers: { ...headers, 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['cache-control']).toBe('no-store');
    expect(zipped.headers.vary).toMatch(/accept-encoding/i);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'))).toEqual(plain.json());
    // q=0 refuses gzip; a small answer is not worth compressing.
    const refused = await server.inject('GET', '/api/sync/pull?since=0', { session: zhao, headers: { ...headers, 'accept-encoding': 'gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
    const small = await server.inject('GET', '/api/sync/pull?since=999999', { session: zhao, headers: { ...headers, 'accept-encoding': 'gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toMatchObject({ records: [], hasMore: false });
  });
});
