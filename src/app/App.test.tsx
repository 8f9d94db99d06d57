import './test-env';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createI18n, LANGUAGE_STORAGE_KEY, storedLanguage } from '../i18n';
import { App } from './App';
import { createTestClient, TEST_SITE } from './test-client';
import { TEST_NOW } from './test-render';

beforeEach(() => {
  localStorage.clear();
  window.location.hash = '';
});
afterEach(() => {
  vi.useRealTimers();
});

async function start(opts: { client?: ReturnType<typeof createTestClient>; lockAfterMinutes?: number; now?: () => Date; fakeTimers?: boolean } = {}) {
  const client = opts.client ?? createTestClient();
  if (opts.fakeTimers) vi.useFakeTimers({ shouldAdvanceTime: true });
  const user = userEvent.setup(opts.fakeTimers ? { advanceTimers: vi.advanceTimersByTime } : {});
  await act(async () => {
    render(
    <App client={client} i18n={createI18n(storedLanguage())} now={opts.now ?? (() => TEST_NOW)} newId={() => 'new-household-1'} lockAfterMinutes={opts.lockAfterMinutes} />,
    );
  });
  await user.type(await screen.findByLabelText('用户名'), 'wang');
  await user.type(screen.getByLabelText('密码'), 'pass-1234');
  await user.click(screen.getByRole('button', { name: '登录' }));
  await screen.findByRole('heading', { name: '受灾户' });
  await waitFor(() => expect(screen.queryByText('正在加载…')).toBeNull()); // the list has loaded
  return { client, user };
}

describe('the shell', () => {
  it('shows the app name, sync status, storage state and the session buttons after login', async () => {
    const client = createTestClient({ sync: { phase: 'offline', pending: 2 }, persistent: true });
    await start({ client });
    expect(screen.getByRole('heading', { name: 'Tidemark 民政助手' })).toBeTruthy();
    expect(screen.getByRole('status', { name: '同步状态' }).textContent).toBe('离线 · 2 条待上传');
    expect(await screen.findByText('存储：持久')).toBeTruthy();
    for (const name of ['同步', '锁定', '退出登录', '登记受灾户']) expect(screen.getByRole('button', { name })).toBeTruthy();
    act(() => client.setSync({ phase: 'synced', pending: 0, lastSyncedAt: '2024-06-21T02:30:00.000Z' }));
    expect(screen.getByRole('status', { name: '同步状态' }).textContent).toBe('已同步 10:30');
  });

  it('the language switch changes every label at once and is remembered', async () => {
    const { user } = await start();
    await user.selectOptions(screen.getByLabelText('语言'), 'en');
    // English is its own chunk, loaded before the switch: then every label changes at once.
    expect(await screen.findByRole('heading', { name: 'Displaced households' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sync now' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Lock' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Log out' })).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Sync status' })).toBeTruthy();
    expect(screen.getByLabelText('Search')).toBeTruthy();
    expect(screen.getByLabelText('Language')).toBeTruthy();
    await waitFor(() => expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en'));
    expect(document.documentElement.lang).toBe('en');
    expect(storedLanguage()).toBe('en');
    await user.selectOptions(screen.getByLabelText('Language'), 'zh-CN');
    expect(await screen.findByRole('button', { name: '退出登录' })).toBeTruthy();
  });

  it('warns when storage is not persistent and unsynced work has waited days', async () => {
    const client = createTestClient({ persistent: false, sync: { pending: 1, oldestPendingAt: '2024-06-18T01:00:00.000Z' } });
    await start({ client });
    expect(await screen.findByText('存储：非持久')).toBeTruthy();
    expect(screen.getByText(/最早一条未上传记录已等待 3 天/)).toBeTruthy();
  });

  it('Sync now asks the session to sync', async () => {
    const { client, user } = await start();
    const syncNow = vi.spyOn(client.current()!.sync, 'syncNow');
    await user.click(screen.getByRole('button', { name: '同步' }));
    expect(syncNow).toHaveBeenCalledTimes(1);
  });

  it('Lock forgets the session and asks for the password of the same account', async () => {
    const { client, user } = await start();
    await user.click(screen.getByRole('button', { name: '锁定' }));
    expect(client.current()).toBeNull();
    expect(await screen.findByText('已锁定，请输入密码解锁。')).toBeTruthy();
    expect((screen.getByLabelText('账户') as HTMLSelectElement).value).toBe('wang');
    await user.type(screen.getByLabelText('密码'), 'pass-1234');
    await user.click(screen.getByRole('button', { name: '解锁' }));
    expect(await screen.findByRole('heading', { name: '受灾户' })).toBeTruthy();
  });

  it('Log out returns to the login screen', async () => {
    const { client, user } = await start();
    await user.click(screen.getByRole('button', { name: '退出登录' }));
    expect(await screen.findByLabelText('用户名')).toBeTruthy();
    expect(screen.queryByText('已锁定，请输入密码解锁。')).toBeNull();
    expect(client.current()).toBeNull();
    expect(screen.queryByRole('button', { name: '退出登录' })).toBeNull();
  });

  it('locks itself after the configured minutes without activity', async () => {
    let nowMs = TEST_NOW.getTime();
    const { client } = await start({ lockAfterMinutes: 2, now: () => new Date(nowMs), fakeTimers: true });
    nowMs += 60_000;
    await act(async () => vi.advanceTimersByTime(60_000));
    expect(client.current()).not.toBeNull();
    nowMs += 61_000;
    await act(async () => vi.advanceTimersByTime(61_000));
    expect(client.current()).toBeNull();
    expect(await screen.findByText('已锁定，请输入密码解锁。')).toBeTruthy();
  });
});

describe('the relocation slice', () => {
  it('registers a household and lists it with a masked ID number and its sync state', async () => {
    const { client, user } = await start();
    expect(screen.getByText('还没有登记的受灾户。')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '登记受灾户' }));
    await user.type(await screen.findByLabelText('身份证号'), '330106198503121231');
    await user.type(screen.getByLabelText('户主姓名'), '张三');
    await user.type(screen.getByLabelText('家庭人数'), '4');
    await user.type(screen.getByLabelText('原住村'), '河口村');
    await user.click(screen.getByRole('radio', { name: '一般损坏' }));
    await user.click(screen.getByRole('radio', { name: '集中安置' }));
    await user.selectOptions(screen.getByLabelText('安置点'), TEST_SITE.id);
    await user.click(screen.getByRole('button', { name: '保存' }));

    expect(await screen.findByText('已保存')).toBeTruthy();
    const row = (await screen.findByRole('link', { name: '张三' })).closest('tr')!;
    expect(row.textContent).toContain('3301**********1231');
    expect(row.textContent).not.toContain('330106198503121231');
    expect(row.textContent).toContain('集中安置 · 镇中心小学');
    expect(row.textContent).toContain('2024-06-21 10:00');
    expect(within(row).getByText('待上传')).toBeTruthy();

    act(() => client.setRecordState('new-household-1', 'rejected', { code: 'CHANGE_INVALID', issues: [{ path: 'head.idNumber', message: 'id.checkChar' }] }));
    expect(await within(row).findByText('需更正：身份证号：号码未通过校验，可能有一位抄错。请对照身份证，逐位重新核对整个号码。')).toBeTruthy();
    act(() => client.setRecordState('new-household-1', 'synced'));
    expect(await within(row).findByText('已同步')).toBeTruthy();
    act(() => client.setRecordState('new-household-1', 'conflict'));
    expect(await within(row).findByText('有冲突')).toBeTruthy();
  });

  it('searches by name, village or ID number, and opens a record for editing', async () => {
    const client = createTestClient();
    const s = await client.loginOnline('wang', 'pass-1234');
    const base = { eventId: 'event-0620-flood', membersCount: 2, damage: { level: 'none' as const, rooms: 0 }, placement: 'dispersed' as const, checkInAt: '2024-06-20T02:00:00.000Z' };
    await s.households.save({ ...base, id: 'household-a', head: { name: '张三', idNumber: '330106198503121231' }, origin: { village: '河口村' } });
    await s.households.save({ ...base, id: 'household-b', head: { name: '李四', idNumber: '610104197707070085' }, origin: { village: '山下村' } });
    client.lock();
    const { user } = await start({ client });
    await screen.findByRole('link', { name: '张三' });
    const search = screen.getByLabelText('搜索');
    await user.type(search, '山下');
    await waitFor(() => expect(screen.queryByRole('link', { name: '张三' })).toBeNull());
    expect(screen.getByRole('link', { name: '李四' })).toBeTruthy();
    await user.clear(search);
    await user.type(search, '3301061985');
    await waitFor(() => expect(screen.queryByRole('link', { name: '李四' })).toBeNull());
    await user.click(screen.getByRole('link', { name: '张三' }));
    expect(await screen.findByRole('heading', { name: '编辑受灾户' })).toBeTruthy();
    expect((screen.getByLabelText('户主姓名') as HTMLInputElement).value).toBe('张三');
  });
});
