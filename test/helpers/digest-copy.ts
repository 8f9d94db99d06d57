import { clientRig, type ClientRig } from './client-rig';
import { saveAll } from './digest-households';
import { keysOf } from './keys-of';
import type { DbSession } from '../../src/db/session';
import type { DbEnv } from '../../src/db/db-env';
import { UserDb } from '../../src/db/user-db';

/**
 * The list digest's sealed copy (SPEC N11) in tests: a worker with the digest households saved and a
 * survey draft (a record that is no household), the digest complete and its copy written (its log emptied).
 */
export async function savedCopy(prefix: string, addons: DbEnv['addons'] = []) {
  const db = { prefix: `${prefix}-${Math.random().toString(36).slice(2, 8)}-`, addons };
  const rig = await clientRig({ deps: { db } });
  await rig.server.addUser({ username: 'li', password: 'pw-li' });
  const s = await rig.client.loginOnline('li', 'pw-li');
  const { dataKey } = await keysOf(s, 'pw-li');
  const ids = await saveAll(s, rig);
  await s.surveys.saveDraft({ id: 'survey-0001', caseId: 'case-0001', members: [{ id: 'm1', name: '张建国', idNumber: '3301061985' }] });
  await s.listDigest.ready({ now: true });
  await s.listDigest.saved();
  return { rig, s, dataKey, ids, env: db };
}

/** Locks, runs `whileLocked` on the database as another program would, and unlocks with the digest complete. */
export async function relock(rig: ClientRig, s: DbSession, dbEnv: { prefix: string }, whileLocked?: (db: UserDb) => Promise<void>) {
  rig.client.lock();
  await rig.client.settled();
  if (whileLocked) {
    const db = new UserDb(s.db.name, dbEnv);
    await whileLocked(db);
    db.close();
  }
  const back = await rig.client.unlockOffline('li', 'pw-li');
  await back.listDigest.ready({ now: true });
  return back;
}
