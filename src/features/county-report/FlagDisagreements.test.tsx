import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ANPING, ANPING_LIULIN } from '../../../test/fixtures/areas';
import { EVENT, HOUSEHOLDS, madeUpId } from '../../../test/fixtures/relocation-event';
import { ManualClock } from '../../../test/helpers/manual-env';
import { renderInSession, screenRig } from '../../../test/helpers/screen-rig';
import { FlagsPanel } from './FlagsPanel';

/** 郑明: a member of his father's household (which needs emergency support) and head of his own (which does not). */
const ZHENG_MING = madeUpId(501, '19900101');
/** 郑丽: injured as a member of her father's household, not injured as a member of her husband's. */
const ZHENG_LI = madeUpId(505, '19920101');

/** A copy of the fixture's hh-ll-13 (dispersed, 柳林乡) with a new id and what the test says, as a tablet sends it. */
function household(id: string, patch: Record<string, unknown>): Record<string, unknown> {
  const base = HOUSEHOLDS.find((h) => h.household.id === 'hh-ll-13')!.household;
  return JSON.parse(JSON.stringify({ ...base, id, needsEmergencySupport: false, needsTransitionalSupport: false, ...patch })) as Record<string, unknown>;
}

/**
 * The real server raises the flag: a worker of 柳林乡 pushes both registrations; a county supervisor of
 * 安平县 reads the flags on this tablet, through the real client.
 */
async function renderFlags() {
  const rig = await screenRig({ clock: new ManualClock(Date.parse('2026-06-25T04:00:00.000Z')), user: null, reference: false });
  await rig.server.putReference('event', { ...EVENT, townships: [ANPING_LIULIN] });
  const worker = await rig.server.session({ township: ANPING_LIULIN, county: ANPING });
  const father = household('hh-ll-000009', {
    head: { name: '郑国华', idNumber: madeUpId(503, '19620101') }, membersCount: 3,
    members: [
      { id: 'member-09-1', name: '郑国华', idNumber: madeUpId(503, '19620101'), sex: 'male', ageBand: '60+' },
      { id: 'member-09-2', name: '郑明', idNumber: ZHENG_MING, sex: 'male', ageBand: '18-59' },
      { id: 'member-09-3', name: '郑丽', idNumber: ZHENG_LI, sex: 'female', ageBand: '18-59', casualty: 'injured' },
    ],
    casualties: { dead: 0, missing: 0, injured: 1 },
    needsEmergencySupport: true,
  });
  const own = household('hh-ll-000013', { head: { name: '郑明', idNumber: ZHENG_MING }, membersCount: 1 });
  const husband = household('hh-ll-000011', {
    head: { name: '冯军', idNumber: madeUpId(507, '19910101') }, membersCount: 2,
    members: [
      { id: 'member-11-1', name: '冯军', idNumber: madeUpId(507, '19910101'), sex: 'male', ageBand: '18-59' },
      { id: 'member-11-2', name: '郑丽', idNumber: ZHENG_LI, sex: 'female', ageBand: '18-59' },
    ],
  });
  const res = await rig.server.push(worker, [father, own, husband].map((fields, i) => ({
    seq: i + 1, entity: 'household' as const, id: String(fields.id), baseVersion: 0, fields, formVersion: 1, changedAt: '2026-06-25T00:00:00.000Z',
  })));
  expect((res.json() as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
  await rig.server.addUser({ username: 'zhou', password: 'pass-1234', displayName: '周审核', role: 'supervisor', township: null, county: ANPING });
  const session = await rig.client.loginOnline('zhou', 'pass-1234');
  return renderInSession(<FlagsPanel county={session.county} eventId={EVENT.id} />, { rig, session });
}

describe('a duplicate-person flag shows where the registrations disagree (issue 13 item 3)', () => {
  it('each fact with every registration’s value and the one the report counts', async () => {
    await renderFlags();
    const row = (await screen.findByRole('rowheader', { name: /郑明/ })).closest('tr')!;
    expect(within(row).getByText('需紧急生活救助不一致：是（成员，记录 …000009）、否（户主，记录 …000013）；统计采用记录 …000013')).toBeTruthy();
    // Only members carry a casualty mark (a head's registration states none), so a casualty disagreement
    // is between two registrations as a member; the fake flag this test used to read paired a head's.
    const li = screen.getByRole('rowheader', { name: /郑丽/ }).closest('tr')!;
    expect(within(li).getByText('伤亡情况不一致：受伤（成员，记录 …000009）、无（成员，记录 …000011）；统计采用记录 …000011')).toBeTruthy();
  });
});
