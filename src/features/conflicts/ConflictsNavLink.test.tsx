import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { notesConflict } from '../../../test/helpers/conflict-fixtures';
import { heldCall } from '../../../test/helpers/held-call';
import { renderInSession } from '../../../test/helpers/screen-rig';
import { ConflictsNavLink } from './ConflictsNavLink';

// The header's count has the page's race (ConflictsPage.test.tsx, "[C6] a list loaded before the sync…"): the
// count begun at the push answer's commit reads the conflict open; the one begun at the pull page's commit
// reads none. If the older one ends last, a closed conflict is counted again until the next change.
describe('ConflictsNavLink', () => {
  it('[C6] a count read before the sync closed the conflict, ending after the one read since, does not bring it back', async () => {
    const { rig, session, recordId } = await notesConflict();
    const api = session.conflicts;
    const count = heldCall(api.openCount);
    const slowSession = new Proxy(session, { get: (t, k) => (k === 'conflicts' ? { ...api, openCount: count.call } : Reflect.get(t, k, t)) });
    await renderInSession(<ConflictsNavLink href="#/conflicts" current={false} />, { rig, session: slowSession });
    expect(await screen.findByRole('link', { name: '数据冲突，1 条待处理' })).toBeTruthy();

    // Choose the tablet's own value, as the page does: the conflict stays open until the sync.
    const [open] = await api.list();
    await api.resolve(open!.id, open!.values.find((v) => v.value === '无特殊需要')!.value);
    expect(await api.openCount()).toBe(1);

    count.holdNext(); // the next count (at the push answer's commit) reads the conflict open, then waits
    rig.net.once('GET /api/sync/pull', { kind: 'before', before: () => count.readDone });
    await session.sync.syncNow();
    expect((await rig.server.store.getRecord('household', recordId))?.fields.notes).toBe('无特殊需要');
    expect(await screen.findByRole('link', { name: '数据冲突' })).toBeTruthy(); // the count begun at the page: 0
    await act(async () => {
      count.release(); // the older count ends last
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(screen.queryByRole('link', { name: '数据冲突，1 条待处理' })).toBeNull();
    expect(screen.getByRole('link', { name: '数据冲突' }).textContent).toBe('数据冲突');
  });
});
