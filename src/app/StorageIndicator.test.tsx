import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { createI18n, loadLanguage } from '../i18n';
import { StorageIndicator } from './StorageIndicator';

beforeAll(() => loadLanguage('en'));

const NOW = new Date('2026-06-21T08:00:00Z');

function renderIndicator(persistent: boolean | null, lang: 'zh-CN' | 'en' = 'zh-CN') {
  return render(
    <I18nextProvider i18n={createI18n(lang)}>
      <StorageIndicator persistent={persistent} oldestPendingAt={null} now={NOW} />
    </I18nextProvider>,
  );
}

describe('the storage indicator (issue 13 item 12)', () => {
  it('explains 存储：非持久: what it means for the worker’s records and what to do', async () => {
    renderIndicator(false);
    expect(screen.getByText('存储：非持久')).toBeTruthy();
    await userEvent.click(screen.getByText('这是什么意思？'));
    const help = screen.getByRole('group', { name: '这是什么意思？' });
    expect(within(help).getByText(/浏览器在空间不足或长期未打开时可能清除本机数据，包括还没有上传的记录/)).toBeTruthy();
    expect(within(help).getByText(/添加到主屏幕/)).toBeTruthy();
    expect(within(help).getByText(/尽快联网同步/)).toBeTruthy();
  });

  it('says nothing more when storage is persistent', () => {
    renderIndicator(true);
    expect(screen.getByText('存储：持久')).toBeTruthy();
    expect(screen.queryByText('这是什么意思？')).toBeNull();
  });

  it('in English', async () => {
    renderIndicator(false, 'en');
    await userEvent.click(screen.getByText('What does this mean?'));
    expect(screen.getByText(/add the app to the home screen/i)).toBeTruthy();
    expect(screen.getByText(/sync as soon as you can/i)).toBeTruthy();
  });
});
