/**
 * Issue 18 (SPEC L6): a first sync adds each page's records without reading their rows first; a row that
 * a save or another tab's push answer wrote meanwhile is still never overwritten (L4).
 */
import { describe, expect, it } from 'vitest';
import { household } from '../../test/helpers/household-fixtures';
import { clientRig, type ClientRig } from '../../test/helpers/client-rig';
import { recordRowReads } from '../../test/helpers/db-spies';
import { keysOf } from '../../test/helpers/keys-of';
import type { DisplacedHouseholdInput } from '../shared/schema/displaced-household';
import { createApiClient } from './api-client';
import { pushOutbox } from './push';
import { DEFAULT_LIMITS } from './sync-context';

const isPull = (input: RequestInfo | URL) => String(input instanceof Request ? input.url : input).includes('/api/sync/pull');

async function user(rig: ClientRig, username: string) {
  if (!(await rig.server.store.getUserByUsername(username))) await rig.server.addUser({ username, password: `pw-${username}` });
}

/** Tablet A saves `n` households and pushes them: what a colleague's fresh tablet pulls. */
async function onTheServer(rig: ClientRig, n: number) {
  await user(rig, 'li');
  await user(rig, 'wang');
  const a = await rig.client.loginOnline('li', 'pw-li');
  const saved: DisplacedHouseholdInput[] = [];
  for (let i = 0; i < n; i++) {
    const hh = household({ head: { name: `赵${'一二三四五六七八九十'[i % 10]}${i}`, idNumber: household().head.idNumber } });
    await a.households.save(hh);
    saved.push(hh);
  }
  await a.sync.syncNow();
  expect(a.sync.state()).toMatchObject({ phase: 'synced', pending: 0 });
  return { a, saved };
}

describe('first sync (issue 18)', () => {
  it('[L6][L4] a first sync into an empty database reads none of the rows it writes: each page is added, and every record is stored and found', async () => {
    const rig = await clientRig({ sync: { limits: { ...DEFAULT_LIMITS, pullLimit: 10 } } });
    const { saved } = await onTheServer(rig, 25);
    const reads = recordRowReads();
    const b = await rig.anotherTablet({ db: { prefix: 'first-sync-reads-', addons: [reads.addon] } }).loginOnline('wang', 'pw-wang');
    reads.reset();
    const pullsBefore = rig.net.log.filter((r) => r.path === '/api/sync/pull').length;
    await b.sync.syncNow();
    expect(b.sync.state()).toMatchObject({ phase: 'synced', pending: 0 });
    expect(rig.net.log.filter((r) => r.path === '/api/sync/pull').length - pullsBefore).toBe(3);
    expect(reads.count()).toBe(0); // before: 25, every pulled id looked up in an empty table
    expect(await b.db.records.count()).toBe(25);
    expect((await b.db.records.toArray()).every((r) => r.rev === 1 && r.version === 1 && r.syncState === 'synced')).toBe(true);
    // The added rows are found by name (the list digest, fed by the pull: N10) and by ID number (their hashes).
    const last = saved[24]!;
    expect((await b.households.search({ text: last.head.name }, 50)).items.map((h) => h.id)).toEqual([last.id]);
    expect((await b.households.findByIdNumber(last.head.idNumber)).map((h) => h.id)).toEqual([last.id]);
  });

  it('[L6][L4] a local edit made during a first sync survives a later page that brings the same record again', async () => {
    const rig = await clientRig({ sync: { limits: { ...DEFAULT_LIMITS, pullLimit: 10 } } });
    const { a, saved } = await onTheServer(rig, 25);
    const first = saved[0]!;
    let pulls = 0;
    let b: Awaited<ReturnType<ReturnType<ClientRig['anotherTablet']>['loginOnline']>> | null = null;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      if (isPull(input) && ++pulls === 3 && b) {
        // Page 1 is stored: the worker edits its first household on this tablet, and a colleague edits it
        // on the server, so the page asked for now brings it again (version 2).
        while (!(await b.db.records.get(first.id))) await new Promise((r) => setTimeout(r, 0));
        await b.households.save({ ...(await b.households.get(first.id))!, notes: '平板上改的' });
        await a.households.save({ ...first, membersCount: 6 });
        await a.sync.syncNow();
      }
      return rig.net.fetch(input, init);
    };
    b = await rig.anotherTablet({ fetch }).loginOnline('wang', 'pw-wang');
    await b.sync.syncNow();
    expect(pulls).toBe(3);
    expect(await b.households.get(first.id)).toMatchObject({ notes: '平板上改的', membersCount: 3 });
    expect(await b.db.outbox.count()).toBe(1);
    await b.sync.syncNow(); // pushed, merged on the server (C3), the merge pulled back
    expect(await b.households.get(first.id)).toMatchObject({ notes: '平板上改的', membersCount: 6 });
    expect(b.sync.state()).toMatchObject({ phase: 'synced', pending: 0 });
  });

  it('[L6][L4][C4] a change another tab pushed into a conflict during a first sync: the page bringing its echo keeps the conflict flag', async () => {
    const rig = await clientRig({ sync: { limits: { ...DEFAULT_LIMITS, pullLimit: 10 } } });
    const { a, saved } = await onTheServer(rig, 25);
    const first = saved[0]!;
    let b: Awaited<ReturnType<ReturnType<ClientRig['anotherTablet']>['loginOnline']>> | null = null;
    let pulls = 0;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      if (isPull(input) && ++pulls === 3 && b) {
        // Page 1 is stored. A colleague changes its first household's member count on the server, and another
        // tab of this tablet changes the same field and pushes it: a conflict (C4), answered in that tab. The
        // page asked for now brings the conflicted record back (L3).
        while (!(await b.db.records.get(first.id))) await new Promise((r) => setTimeout(r, 0));
        await a.households.save({ ...first, membersCount: 6 });
        await a.sync.syncNow();
        rig.clock.advance(60_000);
        await b.households.save({ ...(await b.households.get(first.id))!, membersCount: 5 });
        const keys = await keysOf(b, 'pw-wang');
        const api = createApiClient({ baseUrl: rig.server.baseUrl, fetch: rig.net.fetch, now: () => rig.clock.ms });
        await pushOutbox({ db: b.db, keys, api, token: b.token()!, clientId: b.clientId, now: rig.clock.now, limits: DEFAULT_LIMITS, onProgress: () => undefined, onRecordsChanged: () => undefined });
        expect(await b.db.records.get(first.id)).toMatchObject({ syncState: 'conflict', conflictVersion: 3 });
        expect(await b.db.outbox.count()).toBe(0);
      }
      return rig.net.fetch(input, init);
    };
    b = await rig.anotherTablet({ fetch }).loginOnline('wang', 'pw-wang');
    await b.sync.syncNow();
    expect(pulls).toBe(3);
    expect(await b.db.records.get(first.id)).toMatchObject({ version: 3, syncState: 'conflict', conflictVersion: 3 });
    expect((await b.households.list()).find((h) => h.id === first.id)?.syncState).toBe('conflict');
    expect(await b.db.records.count()).toBe(25);
  });
});
