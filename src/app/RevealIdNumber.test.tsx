import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { HouseholdFormPage } from '../features/relocation/HouseholdFormPage';
import { HouseholdListPage } from '../features/relocation/HouseholdListPage';
import { household } from '../../test/helpers/household-fixtures';
import { clientRig } from '../../test/helpers/client-rig';
import { renderInSession } from '../../test/helpers/screen-rig';

/**
 * privacy.md §3 on the real client (fake-indexeddb, the real server in process): ID numbers are shown
 * masked in the list and the edit form; 显示 shows one in full and the server's audit log hears of it,
 * with the record id and never the number. (A made-up ID number.)
 */
const ID = '11010519491231002X';

async function withRecord() {
  const rig = await clientRig();
  await rig.server.addUser({ username: 'wang', password: 'pw-wang' });
  const session = await rig.client.loginOnline('wang', 'pw-wang');
  const hh = household({ head: { name: '欧阳明月', idNumber: ID } });
  await session.households.save(hh);
  return { rig, session, hh };
}

describe('revealing an ID number', () => {
  it('the list shows it masked; 显示 shows it in full and logs the act; 隐藏 masks it again', async () => {
    const { rig, session, hh } = await withRecord();
    const { user } = await renderInSession(<HouseholdListPage onRegister={() => {}} />, { rig, session });
    const row = (await screen.findByRole('link', { name: '欧阳明月' })).closest('tr')!;
    expect(row.textContent).toContain('1101**********002X');
    expect(row.textContent).not.toContain(ID);

    await user.click(within(row).getByRole('button', { name: '显示 欧阳明月 的完整号码' }));
    expect(await within(row).findByText(ID)).toBeTruthy();
    await session.housekeepingIdle();
    expect((await rig.server.clientAuditEvents())).toMatchObject([{ action: 'idnumber.reveal', entity: 'household', recordId: hh.id }]);
    expect(JSON.stringify((await rig.server.clientAuditEvents()))).not.toContain(ID);

    await user.click(within(row).getByRole('button', { name: '隐藏 欧阳明月 的完整号码' }));
    await waitFor(() => expect(row.textContent).not.toContain(ID));
    expect((await rig.server.clientAuditEvents())).toHaveLength(1);
  });

  it('the edit form shows a stored number masked until 显示, which is logged too', async () => {
    const { rig, session, hh } = await withRecord();
    const { user } = await renderInSession(<HouseholdFormPage id={hh.id} onDone={() => {}} />, { rig, session });
    const masked = (await screen.findByLabelText('身份证号')) as HTMLInputElement;
    expect(masked.value).toBe('1101**********002X');
    expect(masked.readOnly).toBe(true);
    expect(document.body.textContent).not.toContain(ID);
    // Nor the birth date the number holds.
    expect(document.body.textContent).not.toContain('1949-12-31');

    await user.click(screen.getByRole('button', { name: '显示 欧阳明月 的完整号码' }));
    await waitFor(() => expect((screen.getByLabelText('身份证号') as HTMLInputElement).value).toBe(ID));
    expect((screen.getByLabelText('身份证号') as HTMLInputElement).readOnly).toBe(false);
    await session.housekeepingIdle();
    expect((await rig.server.clientAuditEvents())).toMatchObject([{ action: 'idnumber.reveal', recordId: hh.id }]);
  });

  it('a new registration types the number in clear (nothing stored yet, nothing to reveal)', async () => {
    const { rig, session } = await withRecord();
    await renderInSession(<HouseholdFormPage onDone={() => {}} />, { rig, session });
    const input = (await screen.findByLabelText('身份证号')) as HTMLInputElement;
    expect(input.readOnly).toBe(false);
    expect(screen.queryByRole('button', { name: /显示/ })).toBeNull();
  });
});
