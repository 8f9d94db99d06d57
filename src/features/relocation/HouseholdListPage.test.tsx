import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { HouseholdListPage } from './HouseholdListPage';
import { household, idNumberFor } from '../../../test/helpers/household-fixtures';
import { clientRig } from '../../../test/helpers/client-rig';
import { renderInSession } from '../../../test/helpers/screen-rig';
import { HOUSEHOLD_PAGE } from '../../db/household-list';

describe('the household list screen pages its rows (SPEC N7)', () => {
  it('[N7] shows one page and says more match without a total; 显示更多 shows the rest, newest first', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'wang', password: 'pw-wang' });
    const session = await rig.client.loginOnline('wang', 'pw-wang');
    const n = HOUSEHOLD_PAGE + 3;
    for (let i = 0; i < n; i++) {
      rig.clock.advance(60_000);
      await session.households.save(household({ n: 1_500 + i, head: { name: `王户主${i}`, idNumber: idNumberFor(1_500 + i) } }));
    }
    const { user } = await renderInSession(<HouseholdListPage onRegister={() => {}} />, { rig, session });
    await screen.findByText(`已显示前 ${HOUSEHOLD_PAGE} 户，还有更多`);
    const rows = () => document.querySelectorAll('table.records tbody tr');
    expect(rows()).toHaveLength(HOUSEHOLD_PAGE);
    // The list's order: the latest saved first.
    expect(screen.getAllByRole('link', { name: /^王户主\d+$/ })[0]!.textContent).toBe(`王户主${n - 1}`);

    await user.click(screen.getByRole('button', { name: `在已显示的 ${HOUSEHOLD_PAGE} 户之后显示更多受灾户` }));
    await waitFor(() => expect(rows()).toHaveLength(n));
    expect(screen.getByText(`共 ${n} 户`)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /显示更多/ })).toBeNull();
    expect(screen.getAllByRole('link', { name: /^王户主\d+$/ }).at(-1)!.textContent).toBe('王户主0');
  }, 60_000);
});
