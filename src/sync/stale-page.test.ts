/**
 * A pull page downloaded before a push answer but written after it (SPEC L7): two tabs of one worker
 * on one tablet — two Dexie connections to the same database — against the real server in process.
 * Tab 2's pull has its page in hand (the record as another tablet left it) while tab 1's push is
 * answered 'conflict' or 'merged' and that answer is written; then tab 2 writes the page. The cursor
 * has not moved (tab 1 has not pulled yet), so the page is not dropped (P15): only the record's own
 * versions can tell that the page is older than what the answer recorded.
 */
import { describe, expect, it } from 'vitest';
import { clientRig } from '../../test/helpers/client-rig';
import { contextOf, divergedHousehold } from '../../test/helpers/two-tabs';
import { UserDb } from '../db/user-db';
import { createApiClient, type SyncApi } from './api-client';
import { pullChanges } from './pull';
import { pushOutbox } from './push';

/**
 * Tablet A (li) and tablet B (wang) hold a household at version 1; B changes `membersCount` (version 2);
 * A, not having pulled it, saves `edit` on the same record. Then A's two tabs interleave: tab 2 downloads
 * a pull page (B's version 2) and is held before writing it; tab 1 pushes A's change and writes the
 * answer; tab 2 writes its page.
 */
async function stalePageAfterAnswer(edit: Record<string, unknown>, opts: { firstSync?: boolean } = {}) {
  const rig = await clientRig();
  const { a, hh } = await divergedHousehold(rig, { membersCount: 5 }, edit);

  // Tab 2: its own connection to A's database; its pull page arrives, its write waits for `release`.
  const tab2 = new UserDb(a.db.name);
  // A first sync (L6) adds the page's records unread; the stored row makes its add fail, then it is merged.
  if (opts.firstSync) await tab2.meta.put({ key: 'cursor', value: 0 });
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let arrived!: () => void;
  const pageArrived = new Promise<void>((r) => (arrived = r));
  const real = createApiClient({ baseUrl: rig.server.baseUrl, fetch: rig.net.fetch, now: () => rig.clock.ms });
  const heldApi: SyncApi = {
    ...real,
    pull: async (...args: Parameters<SyncApi['pull']>) => {
      const page = await real.pull(...args);
      arrived();
      await released;
      return page;
    },
  };
  const pulling = pullChanges(await contextOf(rig, a, tab2, heldApi));
  await pageArrived;

  // Tab 1: push and write the answer (its pull comes later).
  const pushed = await pushOutbox(await contextOf(rig, a, a.db, real));
  expect(pushed.answered).toBe(1);
  const answered = (await a.db.records.get(hh.id))!;

  release();
  await pulling;
  tab2.close();
  return { rig, a, hh, answered };
}

describe('a pull page written after a push answer it predates (SPEC L7)', () => {
  it('[L7][C4][P6] a conflict answer’s flag survives a page downloaded before it, and its echo keeps it', async () => {
    const { a, hh, answered } = await stalePageAfterAnswer({ membersCount: 4 });
    expect(answered.syncState).toBe('conflict');

    // Tab 2's page (version 2, B's value) is older than the conflicted version the answer named.
    expect(await a.db.records.get(hh.id)).toMatchObject({ syncState: 'conflict' });
    expect(await a.households.get(hh.id)).toMatchObject({ membersCount: 4 }); // C4: the later change, provisionally

    await a.sync.syncNow(); // tab 1 pulls: the echo of the conflicted version (L3)
    expect(await a.db.records.get(hh.id)).toMatchObject({ syncState: 'conflict', version: 3 });
    expect((await a.households.list()).map((i) => [i.id, i.syncState])).toEqual([[hh.id, 'conflict']]);
    expect(await a.conflicts!.openCount()).toBe(1);
  });

  it('[L7][L6] on a first sync the add that finds the row stored merges it under the same rule', async () => {
    const { a, hh, answered } = await stalePageAfterAnswer({ membersCount: 4 }, { firstSync: true });
    expect(answered.syncState).toBe('conflict');
    expect(await a.db.records.get(hh.id)).toMatchObject({ syncState: 'conflict' });
    expect(await a.households.get(hh.id)).toMatchObject({ membersCount: 4 });
  });

  it('[L7][C3][P6] a merged answer: the worker’s saved edit is not replaced by a page downloaded before it', async () => {
    const { a, hh, answered } = await stalePageAfterAnswer({ notes: '老人需轮椅' });
    expect(answered.syncState).toBe('synced');

    expect(await a.households.get(hh.id)).toMatchObject({ notes: '老人需轮椅' });

    await a.sync.syncNow(); // the merged record (L3)
    expect(await a.households.get(hh.id)).toMatchObject({ membersCount: 5, notes: '老人需轮椅' });
    expect(await a.db.records.get(hh.id)).toMatchObject({ syncState: 'synced', version: 3 });
  });
});
