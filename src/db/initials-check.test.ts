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

// The decrypted path's lazy check (a page converting about one name a household, its head's) served the
// retired name index's pages (N7 before version 7); searches now read the list digest, which converts each
// name once, when it takes the household (N10), and no name at a search.
describe('the initials are converted once per name, when the list digest takes a household (SPEC N3, N4, N10)', () => {
  it('[N3][N10] households found by their heads\' or members\' initials: each name converted at most once, none at a later search', async () => {
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
    // Each distinct name of each household once, when the digest took it (a copy restored converts none).
    expect(converted.mock.calls.length).toBeLessThanOrEqual(n * (1 + MEMBERS.length));
    converted.mockClear();
    // A member's initials match too; no name is converted again at a search.
    expect((await cold.households.search({ text: 'lxy' }, HOUSEHOLD_PAGE)).items).toEqual(all.slice(0, HOUSEHOLD_PAGE));
    expect((await cold.households.search({ text: 'zjg' }, HOUSEHOLD_PAGE)).items).toEqual(all.slice(0, HOUSEHOLD_PAGE));
    expect(converted).not.toHaveBeenCalled();
  }, 120_000);
});
