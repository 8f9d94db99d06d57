/**
 * The real client (src/db + src/sync, sealed IndexedDB via fake-indexeddb) against the real server
 * (sync-server, temp SQLite file) listening on 127.0.0.1, over real HTTP with the global fetch.
 * Offline stories first: saves made offline, a reply lost after the server committed, two tablets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTidemarkClient } from '../../src/app/compose-client';
import { PROTOCOL_VERSION } from '../../src/shared/protocol/version';
import { household, idNumberFor } from '../helpers/household-fixtures';
import type { ManualConnectivity } from '../helpers/manual-env';
import { startTestServer, type TestServer } from '../helpers/server-harness';
import { httpTablet } from '../helpers/http-tablet';
import { ANPING_QINGHE, DONGFENG_QINGHE } from '../fixtures/areas';

let server: TestServer;
const TOWNSHIP = ANPING_QINGHE;

beforeAll(async () => {
  server = await startTestServer({ listen: true });
});

afterAll(async () => {
  await server?.close();
});

interface Tablet {
  client: ReturnType<typeof createTidemarkClient>;
  connectivity: ManualConnectivity;
  /** Requests the tablet made: method, path, status ('lost' for a reply dropped after the server answered). */
  log: { method: string; path: string; status: number | 'lost'; gzip: boolean; body?: string }[];
  loseNextReplyTo(path: string): void;
}

let tabletCounter = 0;

async function gunzip(bytes: Uint8Array): Promise<string> {
  const body = new Uint8Array(bytes); // an ArrayBuffer-backed copy, which BodyInit requires
  return new Response(new Response(body).body!.pipeThrough(new DecompressionStream('gzip'))).text();
}

/** A tablet with its own IndexedDB, sharing the server's test clock; the network is real HTTP. */
function tablet(): Tablet {
  const log: Tablet['log'] = [];
  let lose: string | null = null;
  const network: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const res = await fetch(input, init);
    const headers = new Headers(init?.headers);
    const gzip = headers.get('content-encoding') === 'gzip';
    const body = gzip ? await gunzip(init!.body as Uint8Array) : typeof init?.body === 'string' ? init.body : undefined;
    const entry = { method: init?.method ?? 'GET', path: url.pathname, status: res.status as number | 'lost', gzip, body };
    log.push(entry);
    if (lose && url.pathname === lose) {
      lose = null;
      await res.arrayBuffer(); // the server committed and answered; the tablet never hears it
      entry.status = 'lost';
      throw new TypeError('fetch failed (reply lost)');
    }
    return res;
  };
  tabletCounter++;
  const { client, connectivity } = httpTablet(server, { prefix: `it${tabletCounter}-`, fetch: network, deviceName: `integration tablet ${tabletCounter}` });
  return { client, connectivity, log, loseNextReplyTo: (p) => (lose = p) };
}

describe('client ↔ server, in process over HTTP', () => {
  it('[P1][P2][P6][L1][L3] saves offline, syncs once online, each record exactly once; a lost reply and a raw replay change nothing; a second tablet pulls them', async () => {
    const { user, password } = await server.createUser({ username: 'li_worker', township: TOWNSHIP });
    const t1 = tablet();
    const s1 = await t1.client.loginOnline(user.username, password);
    expect(s1.user.township).toBe(TOWNSHIP);

    // Offline: five households saved on the tablet only.
    t1.connectivity.set(false);
    const saved = [];
    for (let i = 0; i < 5; i++) saved.push(household({ n: 100 + i }));
    for (const hh of saved) await s1.households.save(hh);
    await s1.sync.syncNow();
    expect(s1.sync.state()).toMatchObject({ phase: 'offline', pending: 5 });
    for (const hh of saved) expect(await server.store.getRecord('household', hh.id)).toBeNull();

    // Online, but the reply to the first push is lost after the server committed it.
    t1.loseNextReplyTo('/api/sync/push');
    t1.connectivity.set(true);
    await s1.sync.syncNow();
    expect(s1.sync.state()).toMatchObject({ phase: 'error', error: { code: 'NETWORK' }, pending: 5 });
    for (const hh of saved) expect((await server.store.getRecord('household', hh.id))?.version).toBe(1);

    // The retry replays the same (deviceId, seq) pairs: the server answers with its first results.
    await s1.sync.syncNow();
    expect(s1.sync.state()).toMatchObject({ phase: 'synced', pending: 0, rejected: 0, error: null });
    for (const hh of saved) {
      const rec = await server.store.getRecord('household', hh.id);
      expect(rec).toMatchObject({ version: 1, township: TOWNSHIP, originClient: s1.clientId });
      expect(rec!.fields).toMatchObject({ head: { name: hh.head.name } });
    }
    expect(await server.store.countAppliedChanges(s1.clientId)).toBe(5);
    expect((await s1.households.list()).every((h) => h.syncState === 'synced')).toBe(true);

    // A raw replay of the exact body that was sent: identical results, nothing new stored.
    const pushed = t1.log.filter((r) => r.path === '/api/sync/push');
    expect(pushed.map((r) => r.status)).toEqual(['lost', 200]);
    expect(pushed.map((r) => r.gzip)).toEqual([true, true]); // [P7] the real server reads gzip bodies
    expect(JSON.parse(pushed[0]!.body!)).toMatchObject({ protocol: PROTOCOL_VERSION, deviceId: s1.clientId });
    const replay = await fetch(`${server.url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s1.token()}` },
      body: pushed[0]!.body!,
    });
    expect(replay.status).toBe(200);
    const results = ((await replay.json()) as { results: { status: string; version: number }[] }).results;
    expect(results.map((r) => [r.status, r.version])).toEqual(saved.map(() => ['applied', 1]));
    expect(await server.store.countAppliedChanges(s1.clientId)).toBe(5);
    for (const hh of saved) expect((await server.store.getRecord('household', hh.id))?.version).toBe(1);

    // [L3] The tablet's own writes do not come back to it.
    const before = await s1.db.records.get(saved[0]!.id);
    await s1.sync.syncNow();
    expect((await s1.db.records.get(saved[0]!.id))!.rev).toBe(before!.rev);

    // A second tablet, another worker of the township, pulls all five, sealed on its disk, readable when unlocked.
    const other = await server.createUser({ username: 'wang_worker', township: TOWNSHIP });
    const t2 = tablet();
    const s2 = await t2.client.loginOnline(other.user.username, other.password);
    await s2.sync.syncNow();
    expect((await s2.households.list()).map((h) => h.id).sort()).toEqual(saved.map((h) => h.id).sort());
    expect((await s2.households.findByIdNumber(idNumberFor(102))).map((h) => h.headName)).toEqual(['户主102']);
    const disk = JSON.stringify(await s2.db.records.toArray(), (_k, v: unknown) => (ArrayBuffer.isView(v) ? Buffer.from(v.buffer).toString('latin1') : v));
    expect(disk).not.toContain('户主102');
    expect(disk).not.toContain(idNumberFor(102));
  });

  it('[C3][L4] edits of different fields on two tablets merge on the server and both tablets converge', async () => {
    const a = await server.createUser({ township: TOWNSHIP });
    const b = await server.createUser({ township: TOWNSHIP });
    const ta = tablet();
    const tb = tablet();
    const sa = await ta.client.loginOnline(a.user.username, a.password);
    const sb = await tb.client.loginOnline(b.user.username, b.password);
    const hh = household({ membersCount: 3 });
    await sa.households.save(hh);
    await sa.sync.syncNow();
    await sb.sync.syncNow();

    await sb.households.save({ ...(await sb.households.get(hh.id))!, membersCount: 5 });
    await sb.sync.syncNow();

    ta.connectivity.set(false);
    server.clock.advance(60_000);
    await sa.households.save({ ...hh, notes: '老人需轮椅' });
    ta.connectivity.set(true);
    await sa.sync.syncNow(); // push → merged (C3); pull → the merged record (L3)
    expect(await server.store.getRecord('household', hh.id)).toMatchObject({ version: 3, fields: { membersCount: 5, notes: '老人需轮椅' } });
    expect(await sa.households.get(hh.id)).toMatchObject({ membersCount: 5, notes: '老人需轮椅' });
    await sb.sync.syncNow();
    expect(await sb.households.get(hh.id)).toMatchObject({ membersCount: 5, notes: '老人需轮椅' });
    expect((await sa.households.list()).find((x) => x.id === hh.id)?.syncState).toBe('synced');
  });

  it('[P1][C2] several saves of one record before a sync arrive as one change, without a conflict', async () => {
    const a = await server.createUser({ township: TOWNSHIP });
    const t = tablet();
    const s = await t.client.loginOnline(a.user.username, a.password);
    t.connectivity.set(false);
    const hh = household();
    await s.households.save(hh);
    await s.households.save({ ...hh, membersCount: 4 });
    await s.households.save({ ...hh, membersCount: 4, notes: '第三次' });
    t.connectivity.set(true);
    await s.sync.syncNow();
    expect(await server.store.getRecord('household', hh.id)).toMatchObject({ version: 1, fields: { membersCount: 4, notes: '第三次' } });
    expect((await s.households.list())[0]).toMatchObject({ syncState: 'synced' });
    expect(await server.store.countAppliedChanges(s.clientId)).toBe(1);
  });

  it('[P5][A2] a change the server rejects (another township’s record) is flagged on the tablet and does not block the rest', async () => {
    const far = await server.createUser({ township: DONGFENG_QINGHE });
    const tf = tablet();
    const sf = await tf.client.loginOnline(far.user.username, far.password);
    const theirs = household();
    await sf.households.save(theirs);
    await sf.sync.syncNow();

    const a = await server.createUser({ township: TOWNSHIP });
    const t = tablet();
    const s = await t.client.loginOnline(a.user.username, a.password);
    expect(await s.households.get(theirs.id)).toBeNull(); // [L1] not pulled from another township
    await s.households.save({ ...theirs, notes: '同一个 id' });
    const mine = household();
    await s.households.save(mine);
    await s.sync.syncNow();
    expect(await server.store.getRecord('household', mine.id)).toMatchObject({ township: TOWNSHIP });
    expect((await server.store.getRecord('household', theirs.id))?.fields).not.toHaveProperty('notes');
    const flagged = (await s.households.list()).find((h) => h.id === theirs.id);
    expect(flagged).toMatchObject({ syncState: 'rejected', rejection: { code: 'OUT_OF_AREA' } });
    expect(s.sync.state()).toMatchObject({ pending: 0, rejected: 1 });
  });

  it('[L1] pulls reference data (an event created by an administrator) into the reference table', async () => {
    const admin = await server.session({ role: 'admin' });
    const res = await server.inject('POST', '/api/admin/events', {
      session: admin,
      body: { id: 'event-flood-0701', name: '7·1 洪涝', hazard: 'flood', startDate: '2026-06-19', townships: [TOWNSHIP], status: 'active' },
    });
    expect(res.statusCode).toBe(201);
    const a = await server.createUser({ township: TOWNSHIP });
    const s = await tablet().client.loginOnline(a.user.username, a.password);
    await s.sync.syncNow();
    expect((await s.reference.list<{ name: string }>('event')).map((e) => e.fields.name)).toContain('7·1 洪涝');
  });

  it('[T1][T2] uploads a photo after the records, once', async () => {
    const a = await server.createUser({ township: TOWNSHIP });
    const t = tablet();
    const s = await t.client.loginOnline(a.user.username, a.password);
    const hh = await s.households.save(household());
    const bytes = new Uint8Array(2048).map((_, i) => (i * 31) % 251);
    const { sha256 } = await s.attachments.add(hh.id, bytes, 'image/jpeg');
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'synced', pendingAttachments: 0 });
    const stored = await server.store.getAttachment(TOWNSHIP, sha256);
    expect(stored?.size).toBe(2048);
    await s.sync.syncNow();
    expect(t.log.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('[A1] after a wipe (5 wrong offline passwords) an online login recovers the unsynced records and pushes them', async () => {
    const a = await server.createUser({ township: TOWNSHIP });
    const t = tablet();
    const s = await t.client.loginOnline(a.user.username, a.password);
    t.connectivity.set(false);
    const hh = household();
    await s.households.save(hh);
    t.client.lock();
    for (let i = 0; i < 5; i++) await t.client.unlockOffline(a.user.username, `wrong-${i}`).catch(() => undefined);
    await expect(t.client.unlockOffline(a.user.username, a.password)).rejects.toMatchObject({ code: 'UNLOCK_WIPED' });
    t.connectivity.set(true);
    const back = await t.client.loginOnline(a.user.username, a.password);
    expect((await back.households.get(hh.id))?.head.name).toBe(hh.head.name);
    await back.sync.syncNow();
    expect(await server.store.getRecord('household', hh.id)).toMatchObject({ version: 1 });
  });

  // The client says "this optional field was cleared" with a top-level null (JSON has no undefined); the
  // server drops top-level nulls from the merged record before validating and storing it (C7).
  it('[C3][C7] clearing an optional field (checkOut undone, notes emptied) removes it on the server', async () => {
    const a = await server.createUser({ township: TOWNSHIP });
    const s = await tablet().client.loginOnline(a.user.username, a.password);
    const hh = household({ notes: '临时备注' });
    await s.households.save(hh);
    await s.sync.syncNow();
    const { notes: _n, ...cleared } = hh;
    await s.households.save(cleared);
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ rejected: 0 });
    expect((await server.store.getRecord('household', hh.id))?.fields).not.toHaveProperty('notes');
  });
});
