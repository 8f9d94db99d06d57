import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ANPING, DONGFENG } from '../../../test/fixtures/areas';
import type { ClientRig } from '../../../test/helpers/client-rig';
import { renderInSession, screenRig } from '../../../test/helpers/screen-rig';
import { CasePolicyPage } from './CasePolicyPage';

/**
 * 案件办理时限 against the real routes in process (PUT /api/admin/case-policies/:county, SPEC K8): a county
 * shortens its dibao notice, an impossible pair of deadlines is caught before sending, and another
 * programme's overrides stay as they were.
 */
let rig: ClientRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function renderPage() {
  rig = await screenRig({ user: null, reference: false });
  await rig.server.addUser({ username: 'policy-admin', password: 'admin-pass-1', role: 'admin', township: null, county: ANPING });
  const session = await rig.client.loginOnline('policy-admin', 'admin-pass-1');
  return renderInSession(<CasePolicyPage />, { rig, session });
}

describe('案件办理时限', () => {
  it('sets a county’s dibao notice to 5 days and keeps the defaults elsewhere', async () => {
    const { user } = await renderPage();
    expect(((await screen.findByLabelText('县（区）')) as HTMLSelectElement).value).toBe(ANPING);
    await user.type(screen.getByLabelText(/公示天数/), '5');
    await user.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('已保存安平县的低保办理时限。')).toBeTruthy();
    expect((await rig!.server.store.getRecord('casePolicy', `case-policy-${ANPING}`))?.fields).toEqual({
      id: `case-policy-${ANPING}`, county: ANPING, programmes: { dibao: { noticeDays: 5 } },
    });
    // Another programme of the same county: saved beside dibao, not over it.
    await user.selectOptions(screen.getByLabelText('救助项目'), 'tekun');
    expect((screen.getByLabelText(/公示天数/) as HTMLInputElement).value).toBe('');
    await user.type(screen.getByLabelText(/复核周期（情况稳定的家庭）/), '24');
    await user.click(screen.getByRole('button', { name: '保存' }));
    await screen.findByText('已保存安平县的特困供养办理时限。');
    expect((await rig!.server.store.getRecord('casePolicy', `case-policy-${ANPING}`))?.fields.programmes).toEqual({
      dibao: { noticeDays: 5 }, tekun: { reviewMonthsStable: 24 },
    });
    // Another county has none.
    await user.selectOptions(screen.getByLabelText('县（区）'), DONGFENG);
    expect(await rig!.server.store.getRecord('casePolicy', `case-policy-${DONGFENG}`)).toBeNull();
  });

  it('refuses an extended decision period shorter than the normal one before sending', async () => {
    const { user } = await renderPage();
    await screen.findByLabelText('县（区）');
    await user.type(screen.getByLabelText(/受理至县级审核确认/), '50');
    await user.click(screen.getByRole('button', { name: '保存' }));
    expect((await screen.findByRole('alert')).textContent).toContain('延长后的时限不能短于正常时限');
    expect(await rig!.server.store.getRecord('casePolicy', `case-policy-${ANPING}`)).toBeNull();
  });
});
