import { configure, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderInSession } from '../../../test/helpers/screen-rig';
import { idNumberFor } from '../../../test/helpers/household-fixtures';
import { reliefRig, shelterHousehold, SITE_A, SITE_B } from '../../../test/helpers/relief-fixtures';
import { ShelterListPage } from '../shelters/ShelterListPage';
import { HouseholdFormPage } from './HouseholdFormPage';

// Real encryption on fake-indexeddb under a busy test run: give the screens time to answer.
configure({ asyncUtilTimeout: 10_000 });

beforeEach(() => localStorage.clear());

async function openSaved() {
  const { rig, session } = await reliefRig();
  const { id } = await session.households.save(shelterHousehold({ notes: '原记录' }));
  const r = await renderInSession(<HouseholdFormPage id={id} onDone={vi.fn()} />, { rig, session, now: rig.clock.now });
  await screen.findByRole('heading', { name: '安置与转移' });
  return { ...r, rig, session, id };
}

describe('transfer and check-out at the shelter desk', { timeout: 30_000 }, () => {
  it('转移: moves the household to another shelter at a time, keeping the history', async () => {
    const { user, session, id } = await openSaved();
    const panel = screen.getByRole('region', { name: '安置与转移' });
    expect(within(panel).getByText('当前在 河口小学（集中安置）')).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: '转移' }));
    // The shelter it is in is not offered.
    const to = within(panel).getByLabelText('转入安置点') as HTMLSelectElement;
    expect([...to.options].map((o) => o.value)).toEqual(['', SITE_B.id]);
    await user.selectOptions(to, SITE_B.id);
    expect((within(panel).getByLabelText('转移时间') as HTMLInputElement).value).toBe('2025-07-01T16:00');
    await user.click(within(panel).getByRole('button', { name: '确认转移' }));
    expect(await screen.findByText('已转移到 镇体育馆')).toBeTruthy();
    await waitFor(() => expect(within(panel).getByText('当前在 镇体育馆（集中安置）')).toBeTruthy());
    expect(within(panel).getByText('2025-07-01 09:00 入住 河口小学')).toBeTruthy();
    expect(within(panel).getByText('2025-07-01 16:00 从 河口小学 转移到 镇体育馆')).toBeTruthy();
    expect(await session.households.get(id)).toMatchObject({ shelterSiteId: SITE_A.id, transfers: [{ fromSiteId: SITE_A.id, toSiteId: SITE_B.id, at: '2025-07-01T08:00:00.000Z' }] });
  });

  it('离开: checks the household out with its destination; an edit saved afterwards keeps the moves', async () => {
    const { user, session, id } = await openSaved();
    const panel = screen.getByRole('region', { name: '安置与转移' });
    await user.click(within(panel).getByRole('button', { name: '离开' }));
    await user.selectOptions(within(panel).getByLabelText('去向'), 'transitional-housing');
    await user.click(within(panel).getByRole('button', { name: '确认离开' }));
    expect(await screen.findByText('已登记离开')).toBeTruthy();
    await waitFor(() => expect(within(panel).getByText('已于 2025-07-01 16:00 离开，去向：过渡安置房')).toBeTruthy());
    expect(within(panel).queryByRole('button', { name: '转移' })).toBeNull();
    expect(within(panel).queryByRole('button', { name: '离开' })).toBeNull();

    // The form still holds what it loaded before the check-out; saving it must not undo the check-out.
    const members = screen.getByLabelText('家庭人数');
    await user.clear(members);
    await user.type(members, '4');
    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(async () => expect((await session.households.get(id))!.membersCount).toBe(4));
    expect((await session.households.get(id))!.checkOut).toEqual({ at: '2025-07-01T08:00:00.000Z', destination: 'transitional-housing' });
  });

  it('shows a refused move with the reason', async () => {
    const { user, session, id } = await openSaved();
    const panel = screen.getByRole('region', { name: '安置与转移' });
    await user.click(within(panel).getByRole('button', { name: '转移' }));
    await user.selectOptions(within(panel).getByLabelText('转入安置点'), SITE_B.id);
    const at = within(panel).getByLabelText('转移时间');
    await user.clear(at);
    await user.type(at, '2025-06-30T10:00');
    await user.click(within(panel).getByRole('button', { name: '确认转移' }));
    expect(await within(panel).findByText('转移时间不能早于入住时间')).toBeTruthy();
    expect((await session.households.get(id))!.transfers).toBeUndefined();
  });
});

describe('shelters: occupancy derived from check-ins, transfers and check-outs', { timeout: 30_000 }, () => {
  it('counts people per site now, with capacity, area and m² per person against 3.5', async () => {
    const { rig, session } = await reliefRig();
    const a = await session.households.save(shelterHousehold({ membersCount: 3 }));
    await session.households.save(shelterHousehold({ head: { name: '李梅', idNumber: '610104197707070085' }, membersCount: 4 }));
    const moved = await session.households.save(shelterHousehold({ head: { name: '王五', idNumber: idNumberFor(903) }, membersCount: 2 }));
    await session.households.transfer!(moved.id, { toSiteId: SITE_B.id, at: '2025-07-01T03:00:00.000Z' });
    await session.households.checkOut!(a.id, { at: '2025-07-01T05:00:00.000Z', destination: 'home' });
    // A household checked in later than now does not count yet.
    await session.households.save(shelterHousehold({ head: { name: '赵六', idNumber: idNumberFor(901) }, checkInAt: '2025-07-02T01:00:00.000Z' }));
    await renderInSession(<ShelterListPage />, { rig, session, now: rig.clock.now });
    const a1 = (await screen.findByRole('rowheader', { name: '河口小学' })).closest('tr')!;
    const b1 = screen.getByRole('rowheader', { name: '镇体育馆' }).closest('tr')!;
    const cells = (tr: HTMLElement) => [...tr.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells(a1)).toEqual(['学校', '4', '1', '100', '350', '87.5 达标 按标准最多 100 人', '开放']);
    expect(cells(b1)).toEqual(['体育馆', '2', '1', '3', '10', '5 达标 按标准最多 2 人', '开放']);
    // One more household at B: over the Sphere minimum per person, and over capacity.
    await session.households.save(shelterHousehold({ head: { name: '孙七', idNumber: idNumberFor(902) }, membersCount: 2, shelterSiteId: SITE_B.id }));
    await waitFor(() => expect(cells(screen.getByRole('rowheader', { name: '镇体育馆' }).closest('tr')!)).toEqual(['体育馆', '4', '2', '3 超出容纳人数', '10', '2.5 低于 3.5 ㎡ 按标准最多 2 人', '开放']));
  });
});
