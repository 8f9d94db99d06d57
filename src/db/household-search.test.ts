import { afterEach, describe, expect, it, vi } from 'vitest';
import { household, idNumberFor } from '../../test/helpers/household-fixtures';
import { clientRig } from '../../test/helpers/client-rig';
import { allPages, seedHouseholds } from '../../test/helpers/named-households';
import { HOUSEHOLD_PAGE } from './household-list';
import type { DbSession } from './session';

/**
 * The household search's answers (SPEC N3, N4, N7, N10), which the retired name index (N1, N5, N6, N8;
 * Dexie version 7) used to give before the list digest was complete: now the digest gives them, a search
 * asked before it is complete waiting for it. The answers are the tests' of the index, kept: the
 * decrypted search's, in the list's order, paged as the list pages them.
 */

afterEach(() => vi.restoreAllMocks());

const PEOPLE = [
  { name: '张建国', village: '柳树村', members: ['李秀英', '张小明'] },
  { name: '王秀英', village: '东湾村', members: ['王建华'] },
  { name: '欧阳建华', village: '柳树湾', members: [] },
  { name: '曾小红', village: '河口村', members: ['单田芳'] },
  { name: '李四', village: '东风村', members: [] },
];

async function saveAll(s: DbSession) {
  for (const [i, p] of PEOPLE.entries()) {
    const n = 700 + i;
    await s.households.save(
      household({
        n,
        head: { name: p.name, idNumber: idNumberFor(n) },
        origin: { village: p.village },
        membersCount: p.members.length + 1,
        members: p.members.map((name, j) => ({ id: `member-${n}-${j}`, name, sex: 'male' as const, ageBand: '18-59' as const })),
      }),
    );
  }
}

async function worker() {
  const rig = await clientRig();
  await rig.server.addUser({ username: 'li', password: 'pw-li' });
  return { rig, s: await rig.client.loginOnline('li', 'pw-li') };
}

/** Locked and unlocked again: the digest starts from its copy or the rows, not complete (a search waits for it). */
async function unlockedAgain(rig: Awaited<ReturnType<typeof clientRig>>) {
  rig.client.lock();
  await rig.client.settled();
  return rig.client.unlockOffline('li', 'pw-li');
}

const names = async (s: DbSession, text: string) => (await s.households.list({ text })).map((h) => h.headName).sort();

/** What the search must find (the decrypted records' names, villages, ID numbers and initials). */
const QUERIES: [string, string[]][] = [
  ['张建', ['张建国']],
  ['建国', ['张建国']],
  ['秀英', ['张建国', '王秀英']], // a member's given name, and a head's
  ['建华', ['欧阳建华', '王秀英']],
  ['柳树', ['张建国', '欧阳建华']],
  ['东湾', ['王秀英']],
  ['zjg', ['张建国']],
  ['ZJG', ['张建国']],
  ['jg', ['张建国']],
  ['oyjh', ['欧阳建华']],
  ['zxh', ['曾小红']], // 曾 as a surname reads zeng
  ['stf', ['曾小红']], // 单 as a surname reads shan (a member)
  ['张', ['张建国']],
  ['王建华', ['王秀英']],
  ['李四', ['李四']],
  ['张建军', []],
  [idNumberFor(701).slice(6, 14), ['王秀英']], // part of an ID number
];

describe('the household search (SPEC N3, N4, N10)', () => {
  it('[N3][N4][N10] finds by name piece, village, pinyin initials and ID number, exactly as the decrypted search: cold after unlock (the search waits for the digest) and warm', async () => {
    const { rig, s } = await worker();
    await saveAll(s);
    for (const [q, want] of QUERIES) expect(await names(s, q), q).toEqual(want);
    const cold = await unlockedAgain(rig);
    expect(cold.listDigest.stats().complete).toBe(false);
    for (const [q, want] of QUERIES) expect(await names(cold, q), `${q} (cold)`).toEqual(want);
    expect(cold.listDigest.stats()).toMatchObject({ complete: true, answered: QUERIES.length });
    await rig.close();
  });
});

describe('the household list pages (SPEC N7, N10)', () => {
  it('[N7][N10] a query matching 2,000 households: the first page, the next, and all pages give list(), cold after unlock and warm', async () => {
    const { rig, s } = await worker();
    const tick = () => rig.clock.advance(60_000);
    // 2,000 true matches of 张建国, and (newest, so sorted first) 30 that hold its pieces but not the name.
    await seedHouseholds(s, tick, 1_000, 2_000, () => '张建国');
    await seedHouseholds(s, tick, 3_100, 30, () => '张建华', () => '李建国');
    const ten = await s.households.list({ text: '张建国' });
    expect(ten).toHaveLength(2_000);
    const cold = await unlockedAgain(rig);
    const first = await cold.households.search({ text: '张建国' }, HOUSEHOLD_PAGE);
    expect(first.items).toHaveLength(HOUSEHOLD_PAGE);
    expect(first.more).toBe(true);
    expect(first.items.every((h) => h.headName === '张建国')).toBe(true);
    const second = await cold.households.search({ text: '张建国' }, 2 * HOUSEHOLD_PAGE);
    const all = await cold.households.list({ text: '张建国' });
    expect(second.items).toEqual(all.slice(0, 2 * HOUSEHOLD_PAGE));
    expect(first.items).toEqual(all.slice(0, HOUSEHOLD_PAGE));
    expect(all).toEqual(ten);
    expect(await allPages(cold, '张建国')).toEqual(ten);
    await rig.close();
  }, 240_000);

  it('[N7][N10] a page is full when more matches exist past households holding the query’s pieces elsewhere, and ends exactly with the last match', async () => {
    const { rig, s } = await worker();
    const tick = () => rig.clock.advance(60_000);
    // Matches and near misses interleaved; the matches number one page and three more.
    for (let i = 0; i < HOUSEHOLD_PAGE + 3; i++) {
      await seedHouseholds(s, tick, 3_200 + 2 * i, 1, () => '王建国');
      await seedHouseholds(s, tick, 3_201 + 2 * i, 1, () => '王建华', () => '赵建国');
    }
    const want = await s.households.list({ text: '王建国' });
    expect(want).toHaveLength(HOUSEHOLD_PAGE + 3);
    const cold = await unlockedAgain(rig);
    expect(await cold.households.search({ text: '王建国' }, HOUSEHOLD_PAGE)).toEqual({ items: want.slice(0, HOUSEHOLD_PAGE), more: true });
    expect(await allPages(cold, '王建国')).toEqual(want);
    expect(cold.listDigest.stats().answered).toBeGreaterThan(0);
    // Exactly one page of matches: full, and no "more".
    expect(await cold.households.search({ text: '王建国' }, HOUSEHOLD_PAGE + 3)).toEqual({ items: want, more: false });
    expect(await cold.households.search({ text: '王建国' }, 4 * HOUSEHOLD_PAGE)).toEqual({ items: want, more: false });
    expect(await cold.households.search({ text: '王建国' }, 2 * HOUSEHOLD_PAGE + 5)).toEqual({ items: want, more: false });
    // One character: the same list, paged.
    const one = await cold.households.list({ text: '王' });
    expect(await cold.households.search({ text: '王' }, HOUSEHOLD_PAGE)).toEqual({ items: one.slice(0, HOUSEHOLD_PAGE), more: one.length > HOUSEHOLD_PAGE });
    await rig.close();
  }, 120_000);

  it('[N7][N10] 300 matches and 20 near misses: the pages give list(), cold after unlock and warm', async () => {
    const { rig, s } = await worker();
    const tick = () => rig.clock.advance(60_000);
    await seedHouseholds(s, tick, 1_000, 300, () => '张建国');
    await seedHouseholds(s, tick, 1_400, 20, () => '张建华', () => '李建国');
    const want = await s.households.list({ text: '张建国' });
    expect(want).toHaveLength(300);
    const cold = await unlockedAgain(rig);
    expect(await cold.households.search({ text: '张建国' }, HOUSEHOLD_PAGE)).toEqual({ items: want.slice(0, HOUSEHOLD_PAGE), more: true });
    expect(await cold.households.search({ text: '张建国' }, 2 * HOUSEHOLD_PAGE)).toEqual({ items: want.slice(0, 2 * HOUSEHOLD_PAGE), more: true });
    expect(await allPages(cold, '张建国')).toEqual(want);
    await rig.close();
  }, 120_000);

  it('[N7][N8][N10] households saved at one instant: the list orders them by id (the larger first), and the pages give list(), cold after unlock and warm', async () => {
    const { rig, s } = await worker();
    // One instant for all (a pull page stamps its records alike): no tick between the saves.
    const ids = await seedHouseholds(s, () => undefined, 2_000, HOUSEHOLD_PAGE + 7, () => '王建国');
    rig.clock.advance(60_000);
    const later = await seedHouseholds(s, () => undefined, 2_100, 3, () => '王建国');
    const want = await s.households.list({ text: '王建国' });
    const tied = [...ids].sort().reverse();
    expect(want.map((h) => h.id)).toEqual([...[...later].sort().reverse(), ...tied]);
    const cold = await unlockedAgain(rig);
    expect(await cold.households.search({ text: '王建国' }, HOUSEHOLD_PAGE)).toEqual({ items: want.slice(0, HOUSEHOLD_PAGE), more: true });
    expect(await allPages(cold, '王建国')).toEqual(want);
    expect(await cold.households.list({ text: '王建国' })).toEqual(want);
    await rig.close();
  });
});
