import { household, idNumberFor } from './household-fixtures';
import { clientRig, type ClientRig } from './client-rig';
import { keysOf } from './keys-of';
import { allPages } from './named-households';
import { open } from '../../src/security/seal';
import type { HouseholdListItem } from '../../src/db/contracts';
import { byUpdatedDesc, HOUSEHOLD_PAGE, matchesText, toHouseholdListItem } from '../../src/db/household-list';
import { loadPinyin } from '../../src/db/pinyin-initials';
import type { Fields } from '../../src/db/record-fields';
import type { DbSession } from '../../src/db/session';
import { expect } from 'vitest';

/** Households for the list digest's tests (SPEC N10, N11): names, villages, members and ID numbers its queries find. */
export const PEOPLE = [
  { name: '张建国', village: '柳树村', members: ['李秀英', '张小明'], event: 'event-0001' },
  { name: '王秀英', village: '东湾村', members: ['王建华'], event: 'event-0001' },
  { name: '欧阳建华', village: '柳树湾', members: [], event: 'event-0002' },
  { name: '曾小红', village: '河口村', members: ['单田芳'], event: 'event-0001' },
  { name: '李四', village: '东风村', members: [], event: 'event-0002' },
  { name: '张建军', village: '柳树村', members: ['张秀英'], event: 'event-0001' },
];

export const QUERIES = ['', '张建', '建国', '秀英', '建华', '柳树', '东湾', 'zjg', 'ZJG', 'jg', 'oyjh', 'zxh', 'stf', '张', '王', 'x', '李四', '张建军', idNumberFor(701).slice(6, 14), '3301', '户主'];

export function hh(n: number, p: (typeof PEOPLE)[number], at?: string) {
  return household({
    n,
    eventId: p.event,
    head: { name: p.name, idNumber: idNumberFor(n) },
    origin: { village: p.village },
    membersCount: p.members.length + 1,
    members: p.members.map((name, j) => ({ id: `member-${n}-${j}`, name, sex: 'male' as const, ageBand: '18-59' as const, ...(j === 0 ? { idNumber: idNumberFor(n + 500) } : {}) })),
    ...(at ? { notes: at } : {}),
  });
}

export async function saveAll(s: DbSession, rig: ClientRig, from = 700) {
  const ids: string[] = [];
  for (const [i, p] of PEOPLE.entries()) {
    rig.clock.advance(60_000);
    const h = hh(from + i, p);
    await s.households.save(h);
    ids.push(h.id);
  }
  return ids;
}

/** SPEC N4's answer by definition: every household row decrypted and checked, in the list's order (N7). */
export async function decryptedSearch(s: DbSession, dataKey: CryptoKey, text: string, eventId?: string): Promise<HouseholdListItem[]> {
  await loadPinyin();
  const out: HouseholdListItem[] = [];
  for (const row of await s.db.records.toArray()) {
    if (row.entity !== 'household' || (eventId && row.eventId !== eventId)) continue;
    const c = { row, fields: await open<Fields>(dataKey, row.id, row.sealed) };
    if (matchesText(c, text)) out.push(toHouseholdListItem(c));
  }
  return out.sort(byUpdatedDesc);
}

/** Every query's list, pages and event filter equal the decrypted search. */
export async function expectExact(s: DbSession, dataKey: CryptoKey, label: string) {
  for (const q of QUERIES) {
    // Asked first: right after a write, before anything else could bring the digest up to date.
    const got = await s.households.list({ text: q });
    const want = await decryptedSearch(s, dataKey, q);
    expect(got, `${label}: list ${q}`).toEqual(want);
    expect(await allPages(s, q), `${label}: pages ${q}`).toEqual(want);
    expect(await s.households.search({ text: q }, 1), `${label}: one ${q}`).toEqual({ items: want.slice(0, 1), more: want.length > 1 });
    const inEvent = await decryptedSearch(s, dataKey, q, 'event-0002');
    expect(await s.households.list({ text: q, eventId: 'event-0002' }), `${label}: event ${q}`).toEqual(inEvent);
    expect((await s.households.search({ text: q, eventId: 'event-0002' }, HOUSEHOLD_PAGE)).items, `${label}: event page ${q}`).toEqual(inEvent.slice(0, HOUSEHOLD_PAGE));
  }
}

export async function digestRig() {
  const rig = await clientRig();
  await rig.server.addUser({ username: 'li', password: 'pw-li' });
  const s = await rig.client.loginOnline('li', 'pw-li');
  const { dataKey } = await keysOf(s, 'pw-li');
  return { rig, s, dataKey };
}

