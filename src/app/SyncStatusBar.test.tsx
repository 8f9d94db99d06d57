import { cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncState } from '../db/contracts';
import { createI18n, loadLanguage, type Language } from '../i18n';
import { SyncStatusBar } from './SyncStatusBar';

/** A session that has not synced yet and has nothing queued. */
const IDLE_SYNC: SyncState = {
  phase: 'idle', pending: 0, rejected: 0, lastSyncedAt: null, oldestPendingAt: null, error: null, nextRetryAt: null, progress: null,
};


// English is its own chunk; load it once so createI18n('en') renders English at once.
beforeAll(() => loadLanguage('en'));

function show(state: Partial<SyncState>, lang: Language = 'zh-CN', extra: { online?: boolean; onLogIn?: () => void } = {}) {
  render(
    <I18nextProvider i18n={createI18n(lang)}>
      <SyncStatusBar state={{ ...IDLE_SYNC, ...state }} {...extra} />
    </I18nextProvider>,
  );
  return screen.getByRole('status', { name: lang === 'en' ? 'Sync status' : '同步状态' });
}

describe('the sync status bar', () => {
  it('an expired session online offers 重新登录 in place, never "请联网重新登录" (issue 13 item 9)', () => {
    let asked = 0;
    const bar = show({ phase: 'error', pending: 1, error: { code: 'SESSION_EXPIRED' } }, 'zh-CN', { online: true, onLogIn: () => asked++ });
    expect(bar.textContent).toBe('登录已过期，待上传的记录仍在本平板上 · 1 条待上传重新登录');
    screen.getByRole('button', { name: '重新登录' }).click();
    expect(asked).toBe(1);
  });

  it('an expired session offline says to log in once online, with no button', () => {
    const bar = show({ phase: 'error', pending: 1, error: { code: 'SESSION_EXPIRED' } }, 'zh-CN', { online: false, onLogIn: () => {} });
    expect(bar.textContent).toBe('登录已过期，联网后可重新登录 · 1 条待上传');
    expect(screen.queryByRole('button', { name: '重新登录' })).toBeNull();
  });

  it('offline, with the number waiting', () => {
    expect(show({ phase: 'offline', pending: 3 }).textContent).toBe('离线 · 3 条待上传');
  });

  it('idle with changes waiting', () => {
    expect(show({ phase: 'idle', pending: 2 }).textContent).toBe('2 条待上传');
  });

  it('syncing, with progress', () => {
    const bar = show({ phase: 'syncing', pending: 10, progress: { sentChanges: 4, totalChanges: 10, sentBytes: 0, totalBytes: 0 } });
    expect(bar.textContent).toBe('正在同步 · 4/10');
    const progress = screen.getByRole('progressbar', { name: '同步进度' }) as HTMLProgressElement;
    expect(progress.value).toBe(4);
    expect(progress.max).toBe(10);
  });

  it('synced at HH:mm (China time)', () => {
    expect(show({ phase: 'synced', lastSyncedAt: '2024-06-21T06:05:00.000Z' }).textContent).toBe('已同步 14:05');
  });

  it('never synced', () => {
    expect(show({ phase: 'idle' }).textContent).toBe('尚未同步');
  });

  it('error, with its translated reason and the retry time', () => {
    const bar = show({ phase: 'error', pending: 1, error: { code: 'NETWORK' }, nextRetryAt: '2024-06-21T06:10:00.000Z' });
    expect(bar.textContent).toBe('同步出错：无法连接服务器。 · 1 条待上传 · 将于 14:10 重试');
  });

  it('server error codes are translated too, and rejected records counted', () => {
    expect(show({ phase: 'error', error: { code: 'PROTOCOL_UNSUPPORTED' }, rejected: 2 }).textContent).toBe(
      '同步出错：应用版本过旧，请更新后再同步。记录仍保存在本机。 · 2 条需更正',
    );
  });

  it('[A8] says how many records went to the township the worker held before a move', () => {
    expect(show({ phase: 'synced', lastSyncedAt: '2024-06-21T06:05:00.000Z', formerTownship: 3 }).textContent).toBe('已同步 14:05 · 3 条记录按调动前的乡镇上传');
    cleanup();
    expect(show({ phase: 'synced', lastSyncedAt: '2024-06-21T06:05:00.000Z', formerTownship: 1 }, 'en').textContent).toContain('1 record uploaded under your former township');
  });

  it('counts photos and signatures still to upload', () => {
    expect(show({ phase: 'synced', lastSyncedAt: '2024-06-21T06:05:00.000Z', pendingAttachments: 2 }).textContent).toBe('已同步 14:05 · 2 个附件待上传');
  });

  it('in English', () => {
    expect(show({ phase: 'offline', pending: 1 }, 'en').textContent).toBe('Offline · 1 waiting to upload');
    cleanup();
    expect(show({ phase: 'synced', lastSyncedAt: '2024-06-21T06:05:00.000Z' }, 'en').textContent).toBe('Synced at 14:05');
    cleanup();
    // Issue 13 item 9: an expired session is not "connect and log in again" while online.
    expect(show({ phase: 'error', error: { code: 'SESSION_EXPIRED' } }, 'en').textContent).toBe('Login expired; records waiting stay on this tablet');
  });
});
