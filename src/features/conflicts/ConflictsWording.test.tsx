import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { household } from '../../../test/helpers/household-fixtures';
import { ManualClock } from '../../../test/helpers/manual-env';
import { TEST_EVENT } from '../../../test/helpers/reference-fixtures';
import { loginAndSync, renderInSession, screenRig } from '../../../test/helpers/screen-rig';
import { ConflictsPage } from './ConflictsPage';

const FULL_ID = '330106198503121231';

/**
 * Real conflicts (SPEC C4) made by two tablets on the real server, on three kinds of field: the head
 * (an object holding an ID number), a yes/no field and the check-out. This tablet, offline, removes the
 * head's phone, and clears 需紧急生活救助 and the check-out after first setting them (an autosave, then the
 * worker's correction: both go up, so the field counts as changed); the other tablet, online and later,
 * gives the head another phone, sets 需紧急生活救助 and checks the household out to relatives.
 */
async function threeConflicts() {
  const clock = new ManualClock(Date.parse('2024-06-21T00:00:00.000Z'));
  const rig = await screenRig({ clock });
  await rig.server.addUser({ username: 'li', password: 'pass-5678', displayName: '李明' });
  const session = await loginAndSync(rig);
  const hh = household({
    eventId: TEST_EVENT.id, checkInAt: '2024-06-20T08:00:00.000Z', needsEmergencySupport: false,
    head: { name: '张建国', idNumber: FULL_ID, phone: '13800000000' },
  });
  await session.households.save(hh);
  await session.sync.syncNow();
  const other = rig.anotherTablet();
  const onOther = await other.loginOnline('li', 'pass-5678');
  await onOther.sync.syncNow();

  const checkOut = { at: '2024-06-22T02:00:00.000Z', destination: 'relatives' as const };
  rig.connectivity.set(false);
  clock.set('2024-06-21T00:20:00.000Z'); // 08:20 China time, this tablet offline
  await session.households.save({ ...hh, needsEmergencySupport: true, checkOut });
  clock.set('2024-06-21T00:30:00.000Z');
  await session.households.save({ ...hh, needsEmergencySupport: false, checkOut: undefined, head: { name: '张建国', idNumber: FULL_ID } });
  clock.set('2024-06-21T01:00:00.000Z'); // 09:00, the other tablet online
  rig.connectivity.set(true);
  const theirs = (await onOther.households.get(hh.id))!;
  await onOther.households.save({ ...theirs, needsEmergencySupport: true, checkOut, head: { ...theirs.head, phone: '13800000001' } });
  await onOther.sync.syncNow();
  clock.set('2024-06-21T02:00:00.000Z');
  await session.sync.syncNow();
  return { rig, session };
}

describe('the conflict page speaks the form’s words (issue 13 item 10)', () => {
  it('受灾户, the form’s labels for the parts of a field, masked ID numbers, 是/否 and China times', async () => {
    const { rig, session } = await threeConflicts();
    expect((await session.conflicts.list()).map((c) => c.field).sort()).toEqual(['checkOut', 'head', 'needsEmergencySupport']);
    await renderInSession(<ConflictsPage />, { rig, session });
    const head = await screen.findByRole('list', { name: '受灾户 张建国「户主信息」的候选值' });
    expect(within(head).getByText('户主姓名：张建国，身份证号：3301**********1231，联系电话：13800000001')).toBeTruthy();
    expect(within(head).getByText('户主姓名：张建国，身份证号：3301**********1231')).toBeTruthy();
    expect(document.body.textContent).not.toContain(FULL_ID);
    expect(document.body.textContent).not.toMatch(/idNumber|name:|安置户/);
    const support = screen.getByRole('list', { name: '受灾户 张建国「需紧急生活救助」的候选值' });
    expect(within(support).getByText('是')).toBeTruthy();
    expect(within(support).getByText('否')).toBeTruthy();
    const out = screen.getByRole('list', { name: '受灾户 张建国「离开安置」的候选值' });
    expect(within(out).getByText('离开时间：2024-06-22 10:00，去向：投亲靠友')).toBeTruthy();
  });
});
