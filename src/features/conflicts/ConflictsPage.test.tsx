import { act, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { notesConflict } from '../../../test/helpers/conflict-fixtures';
import { heldCall } from '../../../test/helpers/held-call';
import { renderInSession } from '../../../test/helpers/screen-rig';
import { ServicesProvider } from '../../app/services';
import { Workspace } from '../../app/Workspace';
import { createI18n } from '../../i18n';
import { ConflictsPage } from './ConflictsPage';

// A real conflict between two tablets on the real server (the fake client listed a made-up one).

afterEach(() => {
  window.location.hash = '';
});

describe('ConflictsPage', () => {
  it('lists both values with who and when, each with a labelled 采用此值 button; choosing one resolves with that value', async () => {
    const { rig, session, recordId, otherDevice } = await notesConflict();
    const { user } = await renderInSession(<ConflictsPage />, { rig, session });
    expect(screen.getByRole('heading', { name: '数据冲突' })).toBeTruthy();
    expect(await screen.findByText('冲突内容：备注')).toBeTruthy();
    const values = screen.getByRole('list', { name: '受灾户 张三「备注」的候选值' });
    expect(within(values).getByText(new RegExp(`其他设备（${otherDevice.slice(-6)}），2024-06-21 09:00`))).toBeTruthy();
    expect(within(values).getByText(/本机，2024-06-21 08:30/)).toBeTruthy();
    const buttons = within(values).getAllByRole('button', { name: /^采用此值：备注 = / });
    expect(buttons).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: '采用此值：备注 = 无特殊需要（本机，2024-06-21 08:30）' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('已采用所选值'));
    // The chosen value is saved as a new change on the tablet; the sync sends it and the server closes the
    // conflict (C6), so the page empties then (the fake client dropped it at once).
    expect((await session.households.get(recordId))?.notes).toBe('无特殊需要');
    await session.sync.syncNow();
    expect((await rig.server.store.getRecord('household', recordId))?.fields.notes).toBe('无特殊需要');
    expect(await screen.findByText('没有待处理的冲突。')).toBeTruthy();
  });

  // The flake of issue 18 (ConflictsPage 1–2 in 10 with L6): the sync writes the push answer, then the
  // pull page with the closed conflict. Each commit reloads the list; the load begun at the answer (the
  // conflict still open: decrypting its values and reading its record) ended after the one begun at the
  // page (nothing open: at once), and its older list stayed on the page. Here that order is made sure.
  it('[C6] a list loaded before the sync closed the conflict, ending after the one loaded since, does not bring it back', async () => {
    const { rig, session } = await notesConflict();
    const api = session.conflicts;
    const list = heldCall(api.list);
    const slowSession = new Proxy(session, { get: (t, k) => (k === 'conflicts' ? { ...api, list: list.call } : Reflect.get(t, k, t)) });
    const { user } = await renderInSession(<ConflictsPage />, { rig, session: slowSession });
    await user.click(await screen.findByRole('button', { name: '采用此值：备注 = 无特殊需要（本机，2024-06-21 08:30）' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('已采用所选值'));
    expect(screen.getByText('冲突内容：备注')).toBeTruthy();

    list.holdNext(); // the next load (at the push answer's commit) reads the conflict open, then waits
    rig.net.once('GET /api/sync/pull', { kind: 'before', before: () => list.readDone });
    await session.sync.syncNow();
    expect(await screen.findByText('没有待处理的冲突。')).toBeTruthy(); // the load begun at the page
    await act(async () => {
      list.release(); // the older load ends last
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(screen.queryByText('冲突内容：备注')).toBeNull();
    expect(screen.getByText('没有待处理的冲突。')).toBeTruthy();
  });

  // The fake client answered "already holds this value, nothing to change" here; the real one sends the
  // held value anyway so that the server closes the conflict without a new version (SPEC C6).
  it('[C6] in English, choosing the value the record holds is sent too and closes the conflict without a new version', async () => {
    const { rig, session, recordId } = await notesConflict();
    const { user } = await renderInSession(<ConflictsPage />, { rig, session, lang: 'en' });
    // English may load as its own chunk: wait for the switch.
    await user.click(await screen.findByRole('button', { name: /^Use this value: Notes = 需要轮椅 \(Another device/ }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('The chosen value is saved; it is sent at the next sync and the server then closes the conflict.'));
    const before = (await rig.server.store.getRecord('household', recordId))!.version;
    await session.sync.syncNow();
    expect(await screen.findByText('No open conflicts.')).toBeTruthy();
    expect((await rig.server.store.getRecord('household', recordId))!).toMatchObject({ version: before, fields: { notes: '需要轮椅' } });
  });

  it('the header link shows the open count and opens the page on #/conflicts', async () => {
    window.location.hash = '#/conflicts';
    const { rig, session } = await notesConflict();
    const client = rig.client;
    await act(async () => {
      render(
        <I18nextProvider i18n={createI18n('zh-CN')}>
          <ServicesProvider services={{ client, now: rig.clock.now, newId: () => 'new-id-0001' }}>
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
