import type { UserDb } from '../../src/db/user-db';
import type { SyncApi } from '../../src/sync/api-client';
import { DEFAULT_LIMITS, type SyncContext } from '../../src/sync/sync-context';
import type { ClientRig } from './client-rig';
import { household } from './household-fixtures';
import { keysOf } from './keys-of';

/** Tests of two tabs of one worker (SPEC L7, L8): each tab drives the sync steps on its own connection. */
export type Session = Awaited<ReturnType<ClientRig['client']['loginOnline']>>;

/** A sync context for worker li's session on `db` (a tab's own connection) through `api`. */
export async function contextOf(rig: ClientRig, s: Session, db: UserDb, api: SyncApi): Promise<SyncContext> {
  return {
    db, keys: await keysOf(s, 'pw-li'), api, token: s.token()!, clientId: s.clientId,
    now: rig.clock.now, limits: DEFAULT_LIMITS, onProgress: () => undefined, onRecordsChanged: () => undefined,
  };
}

/**
 * Tablet A (li) and tablet B (wang) both hold a household at version 1; B saves `onB` and syncs
 * (version 2); a minute later A, not having pulled it, saves `onA` on version 1 (queued, not pushed).
 */
export async function divergedHousehold(rig: ClientRig, onB: Record<string, unknown>, onA: Record<string, unknown>) {
  if (!(await rig.server.store.getUserByUsername('li'))) await rig.server.addUser({ username: 'li', password: 'pw-li' });
  if (!(await rig.server.store.getUserByUsername('wang'))) await rig.server.addUser({ username: 'wang', password: 'pw-wang' });
  const a = await rig.client.loginOnline('li', 'pw-li');
  const hh = household({ membersCount: 3 });
  await a.households.save(hh);
  await a.sync.syncNow();
  const b = await rig.anotherTablet().loginOnline('wang', 'pw-wang');
  await b.sync.syncNow();
  await b.households.save({ ...(await b.households.get(hh.id))!, ...onB });
  await b.sync.syncNow();
  rig.clock.advance(60_000);
  await a.households.save({ ...hh, ...onA });
  return { a, b, hh };
}
