import { act, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { screenRig } from '../../../test/helpers/screen-rig';
import { ServicesProvider } from '../../app/services';
import { Workspace } from '../../app/Workspace';
import { createI18n } from '../../i18n';
import type { Role } from '../../shared/protocol/messages';

afterEach(() => {
  window.location.hash = '';
});

async function workspaceAs(role: Role) {
  const rig = await screenRig({ user: { username: 'wang', password: 'pass-1234', role, ...(role === 'admin' ? { township: null, county: null } : {}) } });
  const client = rig.client;
  const session = await client.loginOnline('wang', 'pass-1234');
  await act(async () => {
    render(
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <ServicesProvider services={{ client, now: rig.clock.now, newId: () => 'new-id-0001' }}>
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
