import '../../app/test-env';
import { act, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { ServicesProvider } from '../../app/services';
import { createTestClient } from '../../app/test-client';
import { renderInSession, TEST_NOW } from '../../app/test-render';
import { Workspace } from '../../app/Workspace';
import type { ConflictListItem, UnlockedSession } from '../../db/contracts';
import { createI18n } from '../../i18n';
import { ConflictsPage } from './ConflictsPage';

afterEach(() => {
  window.location.hash = '';
});

function fakeConflicts(resolved: { id: string; value: unknown }[], saved = true): NonNullable<UnlockedSession['conflicts']> {
  const items: ConflictListItem[] = [
    {
      id: 'cf-1',
      entity: 'household',
      recordId: 'hh-1',
      field: 'notes',
      headName: '张三',
      onTablet: true,
      values: [
        { value: '需要轮椅', shown: '需要轮椅', at: '2024-06-21T01:00:00.000Z', device: 'device-bbbbbb', thisTablet: false, current: true },
        { value: '无特殊需要', shown: '无特殊需要', at: '2024-06-21T00:30:00.000Z', device: 'device-aaaaaa', thisTablet: true, current: false },
      ],
      updatedAt: '2024-06-21T01:00:00.000Z',
    },
  ];
  return {
    list: async () => items.filter((c) => !resolved.some((r) => r.id === c.id)),
    openCount: async () => items.filter((c) => !resolved.some((r) => r.id === c.id)).length,
    resolve: async (id, value) => {
      resolved.push({ id, value });
      return { saved };
    },
  };
}

describe('ConflictsPage', () => {
  it('lists both values with who and when, each with a labelled 采用此值 button; choosing one resolves with that value', async () => {
    const client = createTestClient();
    const base = await client.loginOnline('wang', 'pass-1234');
    const resolved: { id: string; value: unknown }[] = [];
    const session: UnlockedSession = { ...base, conflicts: fakeConflicts(resolved) };
    const { user } = await renderInSession(<ConflictsPage />, { client, session });
    expect(screen.getByRole('heading', { name: '数据冲突' })).toBeTruthy();
    expect(screen.getByText('冲突内容：备注')).toBeTruthy();
    const values = screen.getByRole('list', { name: '受灾户 张三「备注」的候选值' });
    expect(within(values).getByText(/其他设备（bbbbbb），2024-06-21 09:00/)).toBeTruthy();
    expect(within(values).getByText(/本机，2024-06-21 08:30/)).toBeTruthy();
    const buttons = within(values).getAllByRole('button', { name: /^采用此值：备注 = / });
    expect(buttons).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: '采用此值：备注 = 无特殊需要（本机，2024-06-21 08:30）' }));
    expect(resolved).toEqual([{ id: 'cf-1', value: '无特殊需要' }]);
    expect(await screen.findByText('没有待处理的冲突。')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('已采用所选值');
  });

  it('in English, says so when the record already holds the chosen value', async () => {
    const client = createTestClient();
    const base = await client.loginOnline('wang', 'pass-1234');
    const session: UnlockedSession = { ...base, conflicts: fakeConflicts([], false) };
    const { user } = await renderInSession(<ConflictsPage />, { client, session, lang: 'en' });
    // English may load as its own chunk: wait for the switch.
    await user.click(await screen.findByRole('button', { name: /^Use this value: Notes = 需要轮椅 \(Another device/ }));
    expect(screen.getByRole('status').textContent).toBe('The record already holds this value; nothing to change.');
  });

  it('the header link shows the open count and opens the page on #/conflicts', async () => {
    window.location.hash = '#/conflicts';
    const client = createTestClient();
    const base = await client.loginOnline('wang', 'pass-1234');
    const session: UnlockedSession = { ...base, conflicts: fakeConflicts([]) };
    await act(async () => {
      render(
        <I18nextProvider i18n={createI18n('zh-CN')}>
          <ServicesProvider services={{ client, now: () => TEST_NOW, newId: () => 'new-id-0001' }}>
            <Workspace session={session} persistent={true} lockAfterMinutes={15} onLock={() => {}} onLogout={() => {}} />
          </ServicesProvider>
        </I18nextProvider>,
      );
    });
    const link = await screen.findByRole('link', { name: '数据冲突，1 条待处理' });
    expect(link.getAttribute('href')).toBe('#/conflicts');
    expect(link.getAttribute('aria-current')).toBe('page');
    expect(await screen.findByRole('heading', { name: '数据冲突' })).toBeTruthy();
  });
});
