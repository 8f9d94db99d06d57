import { act, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { ANPING, ANPING_QINGHE } from '../../test/fixtures/areas';
import { loginAndSync, screenRig, TEST_USER } from '../../test/helpers/screen-rig';
import type { ClientRig } from '../../test/helpers/client-rig';
import type { UnlockedSession } from '../db/contracts';
import { createI18n } from '../i18n';
import { ServicesProvider } from './services';
import { Workspace } from './Workspace';

// Issue 10: the account's township and county are division codes; the header shows the registry's
// names, which the real server sends at login and the tablet keeps for offline unlocks.
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

describe('the header names the worker’s area', () => {
  it('shows the township’s name, never its code, online and after an offline unlock', async () => {
    const rig = await screenRig();
    const session = await loginAndSync(rig);
    expect(session.user).toMatchObject({ township: ANPING_QINGHE, townshipName: '清河镇', county: ANPING, countyName: '安平县' });
    await renderWorkspace(rig, session);
    expect((await screen.findByText('当前用户：王芳（清河镇）')).className).toBe('user-name');
    expect(document.body.textContent).not.toContain(ANPING_QINGHE);
    expect((await rig.client.knownAccounts()).map((a) => [a.username, a.townshipName])).toEqual([[TEST_USER.username, '清河镇']]);

    rig.client.lock();
    rig.connectivity.set(false);
    const offline = await rig.client.unlockOffline(TEST_USER.username, TEST_USER.password);
    expect(offline.user).toMatchObject({ township: ANPING_QINGHE, townshipName: '清河镇' });
  });

  it('shows a supervisor’s county by name', async () => {
    const rig = await screenRig({ user: { username: 'zhou', password: 'pass-1234', displayName: '周强', role: 'supervisor', township: null, county: ANPING } });
    const session = await rig.client.loginOnline('zhou', 'pass-1234');
    await renderWorkspace(rig, session);
    expect(await screen.findByText('当前用户：周强（安平县）')).toBeTruthy();
    expect(document.body.textContent).not.toContain(ANPING);
  });
});
