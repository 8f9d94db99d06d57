/**
 * The converse of stale-page.test.ts (SPEC L8): tab 2 pulls AFTER the server committed tab 1's push but
 * BEFORE tab 1 wrote the answer. The page holds the merged record (the echo, L3), but the change is still
 * in the outbox, so the page leaves the row alone (L4) and its cursor passes the echo. Before L8 the
 * answer then left the row at its old version with only the worker's own content: the other tablet's
 * edit that the server merged in never reached this tablet until the record changed again.
 */
import { describe, expect, it } from 'vitest';
import { clientRig } from '../../test/helpers/client-rig';
import { contextOf, divergedHousehold } from '../../test/helpers/two-tabs';
import { UserDb } from '../db/user-db';
import { createApiClient, type SyncApi } from './api-client';
import { pullChanges } from './pull';
import { pushOutbox } from './push';

async function echoPulledBeforeAnswer(onB: Record<string, unknown>, onA: Record<string, unknown>) {
  const rig = await clientRig();
  const { a, hh } = await divergedHousehold(rig, onB, onA);

  // Tab 1's push reaches the server (merged or conflict, version 3); its answer waits before it is written.
  const real = createApiClient({ baseUrl: rig.server.baseUrl, fetch: rig.net.fetch, now: () => rig.clock.ms });
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let committed!: () => void;
  const serverHasIt = new Promise<void>((r) => (committed = r));
  const held: SyncApi = {
    ...real,
    push: async (...args: Parameters<SyncApi['push']>) => {
      const answer = await real.push(...args);
      committed();
      await released;
      return answer;
    },
  };
  const pushing = pushOutbox(await contextOf(rig, a, a.db, held));
  await serverHasIt;

  // Tab 2 pulls now: the echo (version 3) is on its page, but the change is still queued (L4).
  const tab2 = new UserDb(a.db.name);
  await pullChanges(await contextOf(rig, a, tab2, real));
  tab2.close();
  release();
  await pushing;
  await a.sync.syncNow(); // tab 1's next sync
  return { a, hh };
}

describe('an echo pulled while its change waited for the answer (SPEC L8)', () => {
  it('[L8][L4][L3] a merged record another tab pulled before the answer was written is pulled again and reaches the row', async () => {
    const { a, hh } = await echoPulledBeforeAnswer({ notes: '需要轮椅' }, { membersCount: 4 });
    expect(await a.households.get(hh.id)).toMatchObject({ membersCount: 4, notes: '需要轮椅' });
    expect(await a.db.records.get(hh.id)).toMatchObject({ version: 3, syncState: 'synced' });
    expect((await a.db.records.get(hh.id))!.skippedEcho).toBeUndefined();
  });

  it('[L8][C4] a conflicted record: the echo arrives too and keeps the flag', async () => {
    const { a, hh } = await echoPulledBeforeAnswer({ notes: '需要轮椅', membersCount: 5 }, { membersCount: 4 });
    expect(await a.households.get(hh.id)).toMatchObject({ membersCount: 4, notes: '需要轮椅' });
    expect(await a.db.records.get(hh.id)).toMatchObject({ version: 3, syncState: 'conflict' });
  });
});
