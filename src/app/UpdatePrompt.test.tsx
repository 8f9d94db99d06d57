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
  Reflect.deleteProperty(navigator, 'serviceWorker');
});

// English is its own chunk; load it once so createI18n('en') renders English at once.
beforeAll(() => loadLanguage('en'));

function renderPrompt(lang: 'zh-CN' | 'en' = 'zh-CN', reload = () => {}) {
  return render(
    <I18nextProvider i18n={createI18n(lang)}>
      <UpdatePrompt reload={reload} />
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

  it('reloads into the new version once it controls the page, even when no worker controlled the page at registration', async () => {
    // The first visit is claimed (issue 13 item 1), so workbox's own "reload on update" does not apply there.
    const container = Object.assign(new EventTarget(), { controller: {} as object | null });
    Object.defineProperty(navigator, 'serviceWorker', { value: container, configurable: true });
    const reload = vi.fn();
    renderPrompt('zh-CN', reload);
    act(() => sw.options!.onNeedRefresh!());
    await userEvent.click(screen.getByRole('button', { name: '立即更新' }));
    expect(reload).not.toHaveBeenCalled(); // not before the new worker has taken over
    act(() => {
      container.dispatchEvent(new Event('controllerchange'));
    });
    expect(reload).toHaveBeenCalledTimes(1);
    act(() => (sw.options as { onNeedReload?: () => void }).onNeedReload?.());
    expect(reload).toHaveBeenCalledTimes(1); // workbox asking too does not reload twice
  });

  it('a page that did not tap 立即更新 is told another page updated, and is not reloaded under the worker', async () => {
    // Issue 10: a second tab. workbox calls onNeedReload in every page that saw the prompt.
    const reload = vi.fn();
    renderPrompt('zh-CN', reload);
    act(() => sw.options!.onNeedRefresh!());
    act(() => (sw.options as { onNeedReload?: () => void }).onNeedReload?.());
    expect(reload).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('Tidemark 已在另一个页面更新');
    expect(screen.queryByRole('button', { name: '立即更新' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: '刷新页面' }));
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('in English', () => {
    renderPrompt('en');
    act(() => sw.options!.onNeedRefresh!());
    expect(screen.getByText('A new version is available')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Update now' })).toBeTruthy();
  });

  it('says when the app is ready offline once the worker controls the page, and can be dismissed', async () => {
    // "Ready offline" means served by the worker: an installed worker that does not control the page
    // leaves the screens to the HTTP cache (issue 13 item 1).
    const container = Object.assign(new EventTarget(), { controller: null as object | null });
    Object.defineProperty(navigator, 'serviceWorker', { value: container, configurable: true });
    sw.offlineReady = true;
    renderPrompt();
    expect(screen.queryByText('已可离线使用')).toBeNull();
    act(() => {
      container.controller = {};
      container.dispatchEvent(new Event('controllerchange'));
    });
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
