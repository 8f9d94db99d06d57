import { configure, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderInSession } from '../../../test/helpers/screen-rig';
import { idNumberFor } from '../../../test/helpers/household-fixtures';
import { reliefRig, shelterHousehold } from '../../../test/helpers/relief-fixtures';
import { ShelterListPage } from './ShelterListPage';

configure({ asyncUtilTimeout: 10_000 });
beforeEach(() => localStorage.clear());

describe('the 安置点 page says when duplicates were removed from its count (issue 13 item 4)', { timeout: 30_000 }, () => {
  it('a son in his parents’ household (3) who registered his own (2): 4 people, 1 counted once, and why', async () => {
    const { rig, session } = await reliefRig();
    const son = idNumberFor(911);
    await session.households.save(
      shelterHousehold({
        head: { name: '王父', idNumber: idNumberFor(910) }, membersCount: 3,
        members: [
          { id: 'member-0001', name: '王父', idNumber: idNumberFor(910), sex: 'male', ageBand: '18-59' },
          { id: 'member-0002', name: '王子', idNumber: son, sex: 'male', ageBand: '18-59' },
          { id: 'member-0003', name: '王母', sex: 'female', ageBand: '18-59' },
        ],
      }),
    );
    await session.households.save(shelterHousehold({ head: { name: '王子', idNumber: son }, membersCount: 2, checkInAt: '2025-07-01T02:00:00.000Z' }));
    await renderInSession(<ShelterListPage />, { rig, session, now: rig.clock.now });
    const row = (await screen.findByRole('rowheader', { name: '河口小学' })).closest('tr')!;
    const people = row.querySelectorAll('td')[1]!;
    expect(people.textContent).toBe('4 其中 1 人另有登记，只计一次');
    expect(screen.getByText(/按身份证号只计一次，所以当前人数可能少于各户人数之和/)).toBeTruthy();
  });
});
