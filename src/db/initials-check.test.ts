import { describe, expect, it, vi } from 'vitest';
import { clientRig } from '../../test/helpers/client-rig';
import { household, idNumberFor } from '../../test/helpers/household-fixtures';
import { HOUSEHOLD_PAGE } from './household-list';
import { initialsNow } from './pinyin-initials';

// Counts the names the search's check converts to initials (N3); the conversion itself is the real one.
vi.mock('./pinyin-initials', async (importOriginal) => {
  const m = await importOriginal<typeof import('./pinyin-initials')>();
  return { ...m, initialsNow: vi.fn(m.initialsNow) };
});

const MEMBERS = ['李秀英', '王小明', '赵丽', '陈子豪'];

describe('the initials check converts a name only when the names before it did not match (SPEC N3, N4, N7)', () => {
  it('[N3][N7] a page of households found by their heads\' initials converts about one name each, not every member\'s', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    const n = HOUSEHOLD_PAGE + 10;
    for (let i = 0; i < n; i++) {
      rig.clock.advance(60_000);
      const k = 5_000 + i;
      await s.households.save(
        household({
          n: k,
          head: { name: '张建国', idNumber: idNumberFor(k) },
          membersCount: 1 + MEMBERS.length,
          members: MEMBERS.map((name, j) => ({ id: `member-${k}-${j}`, name, sex: 'female' as const, ageBand: '18-59' as const })),
        }),
      );
    }
    const all = await s.households.list({ text: 'zjg' });
    expect(all).toHaveLength(n);
    rig.client.lock();
    const cold = await rig.client.unlockOffline('li', 'pw-li');
    const converted = vi.mocked(initialsNow);
    converted.mockClear();
    const page = await cold.households.search({ text: 'zjg' }, HOUSEHOLD_PAGE);
    expect(page).toEqual({ items: all.slice(0, HOUSEHOLD_PAGE), more: true });
    // The page and the one after it, each matched on its head, the first name: five names each before.
    expect(converted.mock.calls.length).toBeLessThanOrEqual(HOUSEHOLD_PAGE + 1);
    // A member's initials still match (the check goes on to the next name when the head's do not).
    expect((await cold.households.search({ text: 'lxy' }, HOUSEHOLD_PAGE)).items).toEqual(all.slice(0, HOUSEHOLD_PAGE));
  }, 120_000);
});
