/**
 * Issue 18: the pipelined push (SPEC P14) and pull (P15) against the real server in process. The
 * tablet's fetch is wrapped on the client side, so "answered" means the tablet has read the response.
 */
import type Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { household } from '../../test/helpers/household-fixtures';
import { clientRig, type ClientRig } from '../../test/helpers/client-rig';
import { diskFullAddon } from '../../test/helpers/disk-full';
import { keysOf } from '../../test/helpers/keys-of';
import { siteFixture } from '../../test/helpers/reference-fixtures';
import type { SyncApi } from './api-client';
import { nextBatch } from './push';
import { DEFAULT_LIMITS, type SyncContext } from './sync-context';

const isPush = (input: RequestInfo | URL) => String(input instanceof Request ? input.url : input).includes('/api/sync/push');

/**
 * The tablet's side of the wire: push requests in flight, in the order sent and answered. Each push
 * answer is held back a little, so a batch sent before the one before it is answered would overlap it.
 */
function pushWatch(rig: ClientRig, holdMs = 120) {
  const events: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let sent = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    if (!isPush(input)) return rig.net.fetch(input, init);
    const n = ++sent;
    events.push(`send ${n}`);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    try {
      const res = await rig.net.fetch(input, init);
      await new Promise((r) => setTimeout(r, holdMs));
      const text = await res.text();
      events.push(`answer ${n}`);
      return new Response(text, { status: res.status, headers: res.headers });
    } finally {
      inFlight--;
    }
  };
  return { fetch, events, inFlight: () => inFlight, maxInFlight: () => maxInFlight };
}

async function login(tablet: ReturnType<ClientRig['anotherTablet']>, rig: ClientRig, username = 'li') {
  if (!(await rig.server.store.getUserByUsername(username))) await rig.server.addUser({ username, password: `pw-${username}` });
  return tablet.loginOnline(username, `pw-${username}`);
}

const pushes = (rig: ClientRig) => rig.net.log.filter((r) => r.path === '/api/sync/push');

/** Every saved id on the server exactly once, each at version 1 (a second apply would have made a version 2). */
async function expectOnceEach(rig: ClientRig, ids: string[]) {
  const stored = await rig.server.records();
  expect(stored.map((r) => r.id).sort()).toEqual([...ids].sort());
  expect(stored.every((r) => r.version === 1)).toBe(true);
}

describe('pipelined sync (issue 18)', () => {
  it('[P14][P1] batch k+1 is sent only after batch k is answered: one push in flight, oldest first', async () => {
    const rig = await clientRig({ sync: { limits: { ...DEFAULT_LIMITS, maxChanges: 3 } } });
    const watch = pushWatch(rig);
    const s = await login(rig.anotherTablet({ fetch: watch.fetch }), rig);
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) ids.push((await s.households.save(household())).id);
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'synced', pending: 0 });
    expect(watch.maxInFlight()).toBe(1);
    expect(watch.events).toEqual(['send 1', 'answer 1', 'send 2', 'answer 2', 'send 3', 'answer 3']);
    expect(pushes(rig).map((p) => p.changes)).toEqual([3, 3, 3]);
    await expectOnceEach(rig, ids);
    expect(await s.db.outbox.count()).toBe(0);
  });

  it('[P14] batch k+1, prepared while k is in flight, holds no record of k: a save made meanwhile waits for k’s answer', async () => {
    const rig = await clientRig();
    const s = await login(rig.client, rig);
    const first = household();
    const a = await s.households.save(first);
    const b = await s.households.save(household());
    const c = await s.households.save(household());
    const ctx: SyncContext = {
      db: s.db,
      keys: await keysOf(s, 'pw-li'),
      api: {} as SyncApi,
      token: 't',
      clientId: 'client-1',
      now: () => new Date(),
      limits: DEFAULT_LIMITS,
      onProgress: () => undefined,
      onRecordsChanged: () => undefined,
    };
    const k = (await nextBatch(ctx, 2))!;
    expect(k.rows.map((r) => r.id)).toEqual([a.id, b.id]);
    // While k is in flight the worker saves a again: its new change must not travel beside the one in flight.
    await s.households.save({ ...first, notes: '在途中又改了' });
    const k1 = (await nextBatch(ctx, 2, k))!;
    expect(k1.rows.map((r) => r.id)).toEqual([c.id]);
    // Read afresh (k answered and written), the new change of a goes, oldest first.
    const fresh = (await nextBatch(ctx, 3))!;
    expect(fresh.rows.map((r) => r.id)).toContain(a.id);
  });

  it('[P14][P2] a lost reply mid-pipeline: the batch prepared ahead is not sent; the retry loses nothing and applies nothing twice', async () => {
    const rig = await clientRig({ sync: { limits: { ...DEFAULT_LIMITS, maxChanges: 3 } } });
    const watch = pushWatch(rig, 20);
    const s = await login(rig.anotherTablet({ fetch: watch.fetch }), rig);
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) ids.push((await s.households.save(household())).id);
    rig.net.once((r) => r.path === '/api/sync/push' && rig.net.count('/api/sync/push') === 2, { kind: 'lose-reply' });
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'error', error: { code: 'NETWORK' } });
    expect(watch.inFlight()).toBe(0);
    expect(pushes(rig)).toHaveLength(2); // batch 3 was ready but never went
    expect(await rig.server.records()).toHaveLength(6); // the server did apply batch 2
    expect(await s.db.outbox.count()).toBe(6);
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'synced', pending: 0 });
    await expectOnceEach(rig, ids);
    expect(await s.db.outbox.count()).toBe(0);
    expect((await s.households.list()).every((h) => h.syncState === 'synced')).toBe(true);
  });

  it('[P14][P2] a write that fails mid-pipeline (disk full) waits for the batch in flight; after the retry nothing is lost or twice', async () => {
    let full = false;
    const rig = await clientRig({ sync: { limits: { ...DEFAULT_LIMITS, maxChanges: 3 } } });
    const watch = pushWatch(rig);
    const tablet = rig.anotherTablet({ fetch: watch.fetch, db: { prefix: `pipeline-full-`, addons: [diskFullAddon('records', () => full, false)] } });
    const s = await login(tablet, rig);
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) ids.push((await s.households.save(household())).id);
    // The disk fills once batch 1 is answered: writing its answers fails while batch 2 is in flight.
    rig.net.once('POST /api/sync/push', { kind: 'observe', observe: () => void (full = true) });
    await s.sync.syncNow();
    expect(s.sync.state().phase).toBe('error');
    expect(watch.inFlight()).toBe(0); // the push returned only once batch 2 was answered
    expect(watch.maxInFlight()).toBe(1);
    expect(pushes(rig)).toHaveLength(2);
    expect(await s.db.outbox.count()).toBe(9); // no answer written: all still queued
    full = false;
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'synced', pending: 0 });
    await expectOnceEach(rig, ids);
    expect(await s.db.outbox.count()).toBe(0);
  });

  it('[P15] page k+1 is asked for as soon as page k has arrived, while an earlier page is still being written; one request in flight', async () => {
    const rig = await clientRig({ sync: { limits: { ...DEFAULT_LIMITS, pullLimit: 10 } } });
    for (let i = 0; i < 35; i++) await rig.server.putReference('site', siteFixture(`site-${String(i).padStart(4, '0')}`));
    const pulls = () => rig.net.log.filter((r) => r.path === '/api/sync/pull');
    let inFlight = 0;
    let maxInFlight = 0;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      if (!String(input instanceof Request ? input.url : input).includes('/api/sync/pull')) return rig.net.fetch(input, init);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        const res = await rig.net.fetch(input, init);
        return new Response(await res.text(), { status: res.status, headers: res.headers });
      } finally {
        inFlight--;
      }
    };
    // The first page's write is held (its transaction kept busy with reads) until a third page has been
    // asked for, or 400 reads have passed: what was asked for meanwhile is what the pipeline does.
    let held = false;
    let askedWhileHeld = 0;
    const holdFirstWrite = (db: Dexie) => {
      db.use({
        stack: 'dbcore',
        name: 'hold-first-page',
        create: (down) => ({
          ...down,
          table: (name) => {
            const t = down.table(name);
            if (name !== 'reference') return t;
            return {
              ...t,
              mutate: async (req) => {
                if (!held) {
                  held = true;
                  for (let i = 0; i < 400 && pulls().length < 3; i++) await t.get({ trans: req.trans, key: ['site', 'none'] });
                  askedWhileHeld = pulls().length;
                }
                return t.mutate(req);
              },
            };
          },
        }),
      });
    };
    const s = await login(rig.anotherTablet({ fetch, db: { prefix: 'pipeline-ahead-', addons: [holdFirstWrite] } }), rig);
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'synced' });
    expect(askedWhileHeld).toBe(3); // pages 2 and 3 asked for while page 1 was written (before: page 2 only)
    expect(maxInFlight).toBe(1);
    expect(pulls()).toHaveLength(4);
    expect((await s.reference.list('site')).map((e) => e.id).sort()).toEqual(Array.from({ length: 35 }, (_, i) => `site-${String(i).padStart(4, '0')}`));
  });

  it('[P15][L4] a page written while the next is downloading: a failed write drops the page ahead and the pull resumes after the last stored page', async () => {
    let writes = 0;
    let failFrom = 2;
    const rig = await clientRig({ sync: { limits: { ...DEFAULT_LIMITS, pullLimit: 10 } } });
    for (let i = 0; i < 25; i++) await rig.server.putReference('site', siteFixture(`site-${String(i).padStart(4, '0')}`));
    const tablet = rig.anotherTablet({ db: { prefix: 'pipeline-pull-', addons: [diskFullAddon('reference', () => ++writes >= failFrom, false)] } });
    const s = await login(tablet, rig);
    await s.sync.syncNow();
    expect(s.sync.state().phase).toBe('error');
    const cursor = Number((await s.db.meta.get('cursor'))?.value);
    expect(await s.reference.list('site')).toHaveLength(10); // page 1 only, with its cursor
    const pulls = () => rig.net.log.filter((r) => r.path === '/api/sync/pull');
    const before = pulls().length;
    expect(before).toBe(3); // page 3 was asked for while page 2 was written, then dropped
    failFrom = Number.POSITIVE_INFINITY;
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ phase: 'synced' });
    expect(pulls()[before]!.search).toContain(`since=${cursor}&`);
    expect((await s.reference.list<{ name: string }>('site')).map((e) => e.id).sort()).toEqual(Array.from({ length: 25 }, (_, i) => `site-${String(i).padStart(4, '0')}`));
  });
});
