import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createI18n, loadLanguage } from '../i18n';
import { UpdatePrompt } from './UpdatePrompt';

// The real service worker is tested in Chromium; here virtual:pwa-register/react (re-exported by
// ./pwa-register) is a controllable fake.
const sw = vi.hoisted(() => ({
  options: undefined as undefined | { onNeedRefresh?: () => void; onRegisteredSW?: (url: string, r: unknown) => void },
  updateServiceWorker: undefined as unknown as ReturnType<typeof import('vitest').vi.fn>,
  offlineReady: false,
}));

vi.mock('./pwa-register', async () => {
  const { useState } = await import('react');
  return {
    useRegisterSW(options: typeof sw.options) {
      sw.options = options;
      const needRefresh = useState(false);
      const offlineReady = useState(sw.offlineReady);
      return { needRefresh, offlineReady, updateServiceWorker: sw.updateServiceWorker };
    },
  };
});

beforeEach(() => {
  sw.options = undefined;
  sw.offlineReady = false;
  sw.updateServiceWorker = vi.fn(async () => {});
});
afterEach(() => {
  vi.useRealTimers();
});

// English is its own chunk; load it once so createI18n('en') renders English at once.
beforeAll(() => loadLanguage('en'));

function renderPrompt(lang: 'zh-CN' | 'en' = 'zh-CN') {
  return render(
    <I18nextProvider i18n={createI18n(lang)}>
      <UpdatePrompt />
    </I18nextProvider>,
  );
}

describe('the update prompt', () => {
  it('shows nothing until a new version is waiting', () => {
    renderPrompt();
    expect(screen.queryByText('有新版本')).toBeNull();
  });

  it('appears on need-refresh and updates only when the worker taps the button', async () => {
    renderPrompt();
    act(() => sw.options!.onNeedRefresh!());
    expect(screen.getByText('有新版本')).toBeTruthy();
    expect(sw.updateServiceWorker).not.toHaveBeenCalled(); // never reloads by itself
    await userEvent.click(screen.getByRole('button', { name: '立即更新' }));
    expect(sw.updateServiceWorker).toHaveBeenCalledWith(true);
  });

  it('in English', () => {
    renderPrompt('en');
    act(() => sw.options!.onNeedRefresh!());
    expect(screen.getByText('A new version is available')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Update now' })).toBeTruthy();
  });

  it('says when the app is ready offline, and can be dismissed', async () => {
    sw.offlineReady = true;
    renderPrompt();
    expect(screen.getByText('已可离线使用')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: '知道了' }));
    expect(screen.queryByText('已可离线使用')).toBeNull();
  });

  it('asks the registration for a new worker every hour', () => {
    vi.useFakeTimers();
    renderPrompt();
    const registration = { installing: null, update: vi.fn(async () => {}) };
    sw.options!.onRegisteredSW!('/sw.js', registration);
    vi.advanceTimersByTime(59 * 60_000);
    expect(registration.update).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(registration.update).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60 * 60_000);
    expect(registration.update).toHaveBeenCalledTimes(2);
  });
});
