import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientRig } from '../../test/helpers/client-rig';
import { allPages, seedHouseholds } from '../../test/helpers/named-households';
import { HOUSEHOLD_PAGE } from './household-list';

afterEach(() => vi.restoreAllMocks());

describe('the household list decrypts only the page it shows (SPEC N7)', () => {
  it('[N7][N10] a query matching 2,000 households decrypts one page, the one after it and the rejected candidates; the pages give list(), cold and from the warm list digest', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    const tick = () => rig.clock.advance(60_000);
    // 2,000 true matches of 张建国, and (newest, so sorted first) 30 candidates the index names but the
    // decrypted check rejects: 张建华 with a member 李建国 holds both pieces 张建 and 建国, not the name.
    await seedHouseholds(s, tick, 1_000, 2_000, () => '张建国');
    await seedHouseholds(s, tick, 3_100, 30, () => '张建华', () => '李建国');
    const ten = await s.households.list({ text: '张建国' }); // this session's cache, not the fresh one's below
    expect(ten).toHaveLength(2_000);
    rig.client.lock();
    const cold = await rig.client.unlockOffline('li', 'pw-li');

    const decrypt = vi.spyOn(globalThis.crypto.subtle, 'decrypt');
    const first = await cold.households.search({ text: '张建国' }, HOUSEHOLD_PAGE);
    expect(first.items).toHaveLength(HOUSEHOLD_PAGE);
    expect(first.more).toBe(true);
    expect(first.items.every((h) => h.headName === '张建国')).toBe(true);
    // The old search decrypted all 2,030 candidates before showing anything.
    expect(decrypt.mock.calls.length).toBeGreaterThanOrEqual(HOUSEHOLD_PAGE); // the spy sees each record opened
    expect(decrypt.mock.calls.length).toBeLessThanOrEqual(HOUSEHOLD_PAGE + 1 + 30);

    // The list's order is kept: the page is the head of list(), and the pages together are list().
    decrypt.mockClear();
    const second = await cold.households.search({ text: '张建国' }, 2 * HOUSEHOLD_PAGE);
    expect(decrypt.mock.calls.length).toBeLessThanOrEqual(HOUSEHOLD_PAGE);
    const all = await cold.households.list({ text: '张建国' });
    expect(second.items).toEqual(all.slice(0, 2 * HOUSEHOLD_PAGE));
    expect(first.items).toEqual(all.slice(0, HOUSEHOLD_PAGE));
    expect(all).toEqual(ten);
    // N10: from the warm list digest, the same pages without a row read or a decrypt.
    await cold.listDigest.ready({ now: true });
    decrypt.mockClear();
    expect(await cold.households.search({ text: '张建国' }, 2 * HOUSEHOLD_PAGE)).toEqual(second);
    expect(await cold.households.list({ text: '张建国' })).toEqual(ten);
    expect(decrypt).not.toHaveBeenCalled();
  }, 240_000);

  it('[N7][N10] a page is full when more matches exist past rejected candidates, and ends exactly with the last match, cold and from the warm list digest', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    const tick = () => rig.clock.advance(60_000);
    // Matches and rejected candidates interleaved; the matches number one page and three more.
    for (let i = 0; i < HOUSEHOLD_PAGE + 3; i++) {
      await seedHouseholds(s, tick, 3_200 + 2 * i, 1, () => '王建国');
      await seedHouseholds(s, tick, 3_201 + 2 * i, 1, () => '王建华', () => '赵建国');
    }
    const want = await s.households.list({ text: '王建国' });
    expect(want).toHaveLength(HOUSEHOLD_PAGE + 3);
    rig.client.lock();
    const cold = await rig.client.unlockOffline('li', 'pw-li');
    const first = await cold.households.search({ text: '王建国' }, HOUSEHOLD_PAGE);
    expect(first).toEqual({ items: want.slice(0, HOUSEHOLD_PAGE), more: true });
    expect(await allPages(cold, '王建国')).toEqual(want);
    // N10: the same from the warm list digest.
    await cold.listDigest.ready({ now: true });
    expect(await cold.households.search({ text: '王建国' }, HOUSEHOLD_PAGE)).toEqual({ items: want.slice(0, HOUSEHOLD_PAGE), more: true });
    expect(await allPages(cold, '王建国')).toEqual(want);
    expect(cold.listDigest.stats().answered).toBeGreaterThan(0);
    // Exactly one page of matches: full, and no "more".
    expect(await cold.households.search({ text: '王建国' }, HOUSEHOLD_PAGE + 3)).toEqual({ items: want, more: false });
    // A limit above the candidates (all decrypted at once): the same list.
    expect(await cold.households.search({ text: '王建国' }, 4 * HOUSEHOLD_PAGE)).toEqual({ items: want, more: false });
    expect(await cold.households.search({ text: '王建国' }, 2 * HOUSEHOLD_PAGE + 5)).toEqual({ items: want, more: false });
    // Without the index (one character): the same list, paged.
    const one = await cold.households.list({ text: '王' });
    expect(await cold.households.search({ text: '王' }, HOUSEHOLD_PAGE)).toEqual({ items: one.slice(0, HOUSEHOLD_PAGE), more: one.length > HOUSEHOLD_PAGE });
  }, 120_000);
});
