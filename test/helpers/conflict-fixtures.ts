/**
 * A real field conflict (SPEC C4) on a tablet: the worker's tablet and another one edit the same
 * household's notes while apart; the other tablet's edit is later, so the record provisionally holds it.
 * Made on the real server by two real clients, so the conflicts page meets what the field produces.
 */
import type { TidemarkSession } from '../../src/app/compose-session';
import type { ClientRig } from './client-rig';
import { household } from './household-fixtures';
import { ManualClock } from './manual-env';
import { loginAndSync, screenRig } from './screen-rig';

export interface NotesConflict {
  rig: ClientRig;
  /** The worker's session on this tablet (its change lost the provisional value). */
  session: TidemarkSession;
  recordId: string;
  /** The other tablet's client id (its device label on the page ends with its last 6 characters). */
  otherDevice: string;
}

export async function notesConflict(): Promise<NotesConflict> {
  const clock = new ManualClock(Date.parse('2024-06-21T00:00:00.000Z'));
  const rig = await screenRig({ clock });
  await rig.server.addUser({ username: 'li', password: 'pass-5678', displayName: '李明' });
  const session = await loginAndSync(rig);
  const hh = household({ head: { name: '张三', idNumber: '330106198503121231' } });
  await session.households.save(hh);
  await session.sync.syncNow();

  const other = rig.anotherTablet();
  const onOther = await other.loginOnline('li', 'pass-5678');
  await onOther.sync.syncNow();

  clock.set('2024-06-21T00:30:00.000Z'); // 08:30 China time: this tablet, offline
  rig.connectivity.set(false);
  await session.households.save({ ...hh, notes: '无特殊需要' });
  clock.set('2024-06-21T01:00:00.000Z'); // 09:00: the other tablet, online
  rig.connectivity.set(true);
  await onOther.households.save({ ...(await onOther.households.get(hh.id))!, notes: '需要轮椅' });
  await onOther.sync.syncNow();
  clock.set('2024-06-21T02:00:00.000Z');
  await session.sync.syncNow();
  return { rig, session, recordId: hh.id, otherDevice: onOther.clientId };
}
