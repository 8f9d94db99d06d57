import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { screenRig } from '../../../test/helpers/screen-rig';
import { ServicesProvider } from '../../app/services';
import { createI18n, loadLanguage, type Language } from '../../i18n';
import { LoginScreen } from './LoginScreen';

/** An account on the real server; `known`: it has logged in online on this tablet before (so it can unlock offline). */
interface TestAccount {
  username: string;
  password: string;
  displayName: string;
  known?: boolean;
}

// English is its own chunk; load it once so createI18n('en') renders English at once.
beforeAll(() => loadLanguage('en'));

afterEach(() => {
  Object.defineProperty(navigator, 'onLine', { value: true, configurable: true }); // no event: the screen may still be mounted
});

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { value: online, configurable: true });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

async function renderLogin(opts: { accounts?: TestAccount[]; lang?: Language; lockedUsername?: string; before?: (rig: Awaited<ReturnType<typeof screenRig>>) => Promise<void> } = {}) {
  const rig = await screenRig({ user: null, reference: false });
  for (const a of opts.accounts ?? [{ username: 'wang', password: 'pass-1234', displayName: '王芳', known: true }]) {
    await rig.server.addUser({ username: a.username, password: a.password, displayName: a.displayName });
    if (a.known) {
      await rig.client.loginOnline(a.username, a.password);
      rig.client.lock();
      await rig.client.settled();
    }
  }
  await opts.before?.(rig);
  const client = rig.client;
  const onUnlocked = vi.fn();
  render(
    <I18nextProvider i18n={createI18n(opts.lang ?? 'zh-CN')}>
      <ServicesProvider services={{ client, now: rig.clock.now, newId: () => 'x-00000001' }}>
        <LoginScreen lockedUsername={opts.lockedUsername ?? null} onUnlocked={onUnlocked} />
      </ServicesProvider>
    </I18nextProvider>,
  );
  await act(async () => {}); // the known accounts load
  return { rig, client, onUnlocked, user: userEvent.setup() };
}

const NEW_TABLET: TestAccount[] = [{ username: 'wang', password: 'pass-1234', displayName: '王芳', known: false }];

async function loginOnline(user: ReturnType<typeof userEvent.setup>, username: string, password: string) {
  await user.type(await screen.findByLabelText('用户名'), username);
  await user.type(screen.getByLabelText('密码'), password);
  await user.click(screen.getByRole('button', { name: '登录' }));
}

async function unlock(user: ReturnType<typeof userEvent.setup>, password: string) {
  await user.type(await screen.findByLabelText('密码'), password);
  await user.click(screen.getByRole('button', { name: '解锁' }));
}

describe('online login', () => {
  it('logs in', async () => {
    const { user, onUnlocked } = await renderLogin({ accounts: NEW_TABLET });
    await loginOnline(user, 'wang', 'pass-1234');
    await waitFor(() => expect(onUnlocked).toHaveBeenCalled());
  });

  it('BAD_CREDENTIALS', async () => {
    const { user, onUnlocked } = await renderLogin({ accounts: NEW_TABLET });
    await loginOnline(user, 'wang', 'wrong');
    expect((await screen.findByRole('alert')).textContent).toBe('用户名或密码错误。');
    expect(onUnlocked).not.toHaveBeenCalled();
  });

  it('RATE_LIMITED', async () => {
    const { user, rig } = await renderLogin({ accounts: NEW_TABLET });
    rig.net.once('POST /api/auth/login', { kind: 'status', code: 'RATE_LIMITED', retryAfterSeconds: 60 });
    await loginOnline(user, 'wang', 'pass-1234');
    expect((await screen.findByRole('alert')).textContent).toBe('请求过于频繁，请稍后再试。');
  });

  it('NETWORK, on a tablet that knows no account', async () => {
    const { user, rig } = await renderLogin({ accounts: NEW_TABLET });
    rig.net.once('POST /api/auth/login', { kind: 'network-error' });
    await loginOnline(user, 'wang', 'pass-1234');
    expect((await screen.findByRole('alert')).textContent).toBe('无法连接服务器。');
  });

  it('NETWORK, on a tablet that knows accounts: offers offline unlock', async () => {
    const { user, rig, onUnlocked } = await renderLogin();
    rig.net.once('POST /api/auth/login', { kind: 'network-error' });
    await loginOnline(user, 'wang', 'pass-1234');
    expect(await screen.findByText('无法连接服务器，可用离线解锁。')).toBeTruthy();
    expect((screen.getByLabelText('账户') as HTMLSelectElement).value).toBe('wang');
    await unlock(user, 'pass-1234');
    await waitFor(() => expect(onUnlocked).toHaveBeenCalled());
  });

  it('in English', async () => {
    const { user } = await renderLogin({ accounts: NEW_TABLET, lang: 'en' });
    await user.type(await screen.findByLabelText('Username'), 'wang');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong username or password.');
  });
});

describe('offline unlock', () => {
  it('is offered when offline and the tablet knows accounts', async () => {
    setOnline(false);
    const { user, onUnlocked } = await renderLogin({
      accounts: [
        { username: 'wang', password: 'pass-1234', displayName: '王芳', known: true },
        { username: 'li', password: 'pass-5678', displayName: '李强', known: true },
      ],
    });
    expect(await screen.findByRole('heading', { name: '离线解锁' })).toBeTruthy();
    expect(screen.queryByLabelText('用户名')).toBeNull();
    await user.selectOptions(screen.getByLabelText('账户'), 'li');
    await unlock(user, 'pass-5678');
    await waitFor(() => expect(onUnlocked).toHaveBeenCalled());
    expect(onUnlocked.mock.calls[0]![0].user.username).toBe('li');
  });

  it('offline with no known account says to connect', async () => {
    setOnline(false);
    await renderLogin({ accounts: NEW_TABLET });
    expect(await screen.findByText('当前离线，本平板还没有账户在线登录过，请联网后登录。')).toBeTruthy();
    expect(screen.getByLabelText('用户名')).toBeTruthy();
  });

  it('UNLOCK_FAILED with the attempts left', async () => {
    setOnline(false);
    const { user } = await renderLogin();
    await unlock(user, 'wrong');
    expect((await screen.findByRole('alert')).textContent).toBe('密码错误，还可尝试 4 次。');
  });

  it('UNLOCK_WIPED', async () => {
    setOnline(false);
    // Four wrong passwords before this one; the fifth wipes the offline keys (the fake client was told to throw).
    const { user } = await renderLogin({
      before: async (rig) => {
        for (let i = 0; i < 4; i++) await rig.client.unlockOffline('wang', 'wrong').catch(() => undefined);
      },
    });
    await unlock(user, 'wrong');
    expect((await screen.findByRole('alert')).textContent).toMatch(/^密码错误次数过多，本平板上该账户的离线密钥已清除，请联网重新登录。/);
  });

  it('OFFLINE_EXPIRED', async () => {
    setOnline(false);
    // The tablet has been offline longer than the server allows since the last online login.
    const { user } = await renderLogin({ before: async (rig) => rig.clock.advance((rig.server.config.offlineDays + 1) * 86_400_000) });
    await unlock(user, 'pass-1234');
    expect((await screen.findByRole('alert')).textContent).toBe('离线使用期限已到，请联网重新登录。');
  });

  it('after a lock, unlocks the same account even when online', async () => {
    const { user, onUnlocked } = await renderLogin({ lockedUsername: 'wang' });
    expect(await screen.findByText('已锁定，请输入密码解锁。')).toBeTruthy();
    await unlock(user, 'pass-1234');
    await waitFor(() => expect(onUnlocked).toHaveBeenCalled());
  });

  it('the worker can switch between the two ways in', async () => {
    const { user } = await renderLogin();
    await user.click(await screen.findByRole('button', { name: '用本平板账户解锁' })); // online: not "离线" (issue 13 item 10)
    expect(screen.getByLabelText('账户')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '在线登录' }));
    expect(screen.getByLabelText('用户名')).toBeTruthy();
  });

  it('UNLOCK_FAILED in English', async () => {
    setOnline(false);
    const { user } = await renderLogin({ lang: 'en' });
    await user.type(await screen.findByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong password. 4 attempts left.');
  });
});
