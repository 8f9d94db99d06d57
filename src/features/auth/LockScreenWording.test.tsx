import '../../app/test-env';
import { act, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServicesProvider } from '../../app/services';
import { createTestClient } from '../../app/test-client';
import { createI18n } from '../../i18n';
import { LoginScreen } from './LoginScreen';

afterEach(() => {
  Object.defineProperty(navigator, 'onLine', { value: true, configurable: true });
});

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { value: online, configurable: true });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

async function renderLock(lockedUsername: string | null) {
  render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <ServicesProvider services={{ client: createTestClient({}), now: () => new Date(), newId: () => 'x-00000001' }}>
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
