import '../../app/test-env';
import { act, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { ServicesProvider } from '../../app/services';
import { createTestClient } from '../../app/test-client';
import { TEST_NOW } from '../../app/test-render';
import { Workspace } from '../../app/Workspace';
import type { UnlockedSession } from '../../db/contracts';
import { createI18n } from '../../i18n';
import type { Role } from '../../shared/protocol/messages';
import { fakeReferenceServer } from './reference-test-rig';
import { createApiClient } from '../../sync/api-client';

afterEach(() => {
  window.location.hash = '';
});

async function workspaceAs(role: Role) {
  const client = createTestClient();
  const base = await client.loginOnline('wang', 'pass-1234');
  const api = createApiClient({ baseUrl: '', fetch: fakeReferenceServer().fetch as typeof fetch, now: () => 0 });
  const session: UnlockedSession = { ...base, user: { ...base.user, role }, request: (m, p, b) => api.call('t', m, p, b) };
  await act(async () => {
    render(
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <ServicesProvider services={{ client, now: () => TEST_NOW, newId: () => 'new-id-0001' }}>
          <Workspace session={session} persistent={true} lockAfterMinutes={15} onLock={() => {}} onLogout={() => {}} />
        </ServicesProvider>
      </I18nextProvider>,
    );
  });
}

describe('the way to the reference-data page', () => {
  it('is a header link for administrators only, and the page loads on first use', async () => {
    window.location.hash = '#/reference-data';
    await workspaceAs('admin');
    const link = screen.getByRole('link', { name: '基础数据' });
    expect(link.getAttribute('href')).toBe('#/reference-data');
    expect(link.getAttribute('aria-current')).toBe('page');
    expect(await screen.findByRole('heading', { name: '基础数据管理' })).toBeTruthy();
  });

  it('is not offered to a township worker', async () => {
    await workspaceAs('worker');
    expect(screen.queryByRole('link', { name: '基础数据' })).toBeNull();
  });
});
