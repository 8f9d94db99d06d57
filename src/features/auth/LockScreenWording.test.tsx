import { act, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screenRig } from '../../../test/helpers/screen-rig';
import { ServicesProvider } from '../../app/services';
import { createI18n } from '../../i18n';
import { LoginScreen } from './LoginScreen';

afterEach(() => {
  Object.defineProperty(navigator, 'onLine', { value: true, configurable: true });
});

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { value: online, configurable: true });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

/** The real client and server: wang (王芳) has logged in online on this tablet before, then locked it. */
async function renderLock(lockedUsername: string | null) {
  const rig = await screenRig({ user: null, reference: false });
  await rig.server.addUser({ username: 'wang', password: 'pass-1234', displayName: '王芳' });
  await rig.client.loginOnline('wang', 'pass-1234');
  rig.client.lock();
  await rig.client.settled();
  render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <ServicesProvider services={{ client: rig.client, now: rig.clock.now, newId: () => 'x-00000001' }}>
        <LoginScreen lockedUsername={lockedUsername} onUnlocked={vi.fn()} />
      </ServicesProvider>
    </I18nextProvider>,
  );
  await act(async () => {});
}

describe('the lock screen says what is true (issue 13 item 10)', () => {
  it('locked while online: 解锁, no word of 离线 or of having no network', async () => {
    await renderLock('wang');
    expect(await screen.findByRole('heading', { name: '解锁' })).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/离线解锁|没有网络时/);
    expect(screen.getByText('用本平板上登录过的账户和密码解锁，不需要联网。')).toBeTruthy();
  });

  it('offline: 离线解锁, and why it works without a network', async () => {
    setOnline(false);
    await renderLock(null);
    expect(await screen.findByRole('heading', { name: '离线解锁' })).toBeTruthy();
    expect(screen.getByText('没有网络时，可用本平板上登录过的账户解锁。')).toBeTruthy();
  });

  it('online, the way to switch says 本平板账户, not 离线', async () => {
    await renderLock(null);
    expect(await screen.findByRole('button', { name: '用本平板账户解锁' })).toBeTruthy();
  });
});
