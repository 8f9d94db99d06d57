import { act, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { ANPING } from '../../../test/fixtures/areas';
import { loginAndSync, screenRig } from '../../../test/helpers/screen-rig';
import type { ClientRig } from '../../../test/helpers/client-rig';
import { ServicesProvider } from '../../app/services';
import { Workspace } from '../../app/Workspace';
import type { UnlockedSession } from '../../db/contracts';
import { createI18n } from '../../i18n';

afterEach(() => {
  window.location.hash = '';
});

async function renderWorkspace(rig: ClientRig, session: UnlockedSession) {
  await act(async () => {
    render(
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <ServicesProvider services={{ client: rig.client, now: rig.clock.now, newId: () => 'new-id-0001' }}>
          <Workspace session={session} persistent={true} lockAfterMinutes={15} onLock={() => {}} onLogout={() => {}} />
        </ServicesProvider>
      </I18nextProvider>,
    );
  });
}

describe('the 平板同步状况 link in the header [H4]', () => {
  it('a supervisor has it and it opens the page (loaded on first use)', async () => {
    const rig = await screenRig({ user: { username: 'zhou', password: 'pass-1234', displayName: '周强', role: 'supervisor', township: null, county: ANPING } });
    const session = await rig.client.loginOnline('zhou', 'pass-1234');
    await renderWorkspace(rig, session);
    const link = await screen.findByRole('link', { name: '平板同步状况' });
    expect(link.getAttribute('href')).toBe('#/tablet-health');
    await act(async () => {
      window.location.hash = '#/tablet-health';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(await screen.findByRole('heading', { name: '平板同步状况' }, { timeout: 10_000 })).toBeTruthy();
    expect(link.getAttribute('aria-current')).toBe('page');
  });

  it('a township worker does not', async () => {
    const rig = await screenRig();
    const session = await loginAndSync(rig);
    await renderWorkspace(rig, session);
    await screen.findByText(/当前用户/);
    expect(screen.queryByRole('link', { name: '平板同步状况' })).toBeNull();
  });
});
