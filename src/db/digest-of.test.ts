import { describe, expect, it, vi } from 'vitest';
import { idNumberFor } from '../../test/helpers/household-fixtures';
import type { CachedRecord } from './record-cache';
import type { Fields } from './record-fields';

/** Whole decrypted households, with what the list and the check read in every shape a record can hold it. */
function records(): CachedRecord[] {
  const row = (id: string, extra: Partial<CachedRecord['row']> = {}) =>
    ({ id, entity: 'household', rev: 3, eventId: 'event-0001', placement: 'dispersed', membersCount: 3, checkInAt: '2025-07-01T08:00:00.000Z', checkedOut: 0, syncState: 'synced', updatedAt: '2025-07-02T08:00:00.000Z', idHmacs: [], nameKeys: [], ...extra }) as CachedRecord['row'];
  const whole = (r: CachedRecord['row'], fields: Record<string, unknown>): CachedRecord => ({ row: r, fields: fields as Fields });
  return [
    whole(row('hh-1', { placement: 'centralised', shelterSiteId: 'site-1' }), {
      head: { name: '张建国', idNumber: idNumberFor(701), phone: '13800000000' },
      origin: { village: '柳树村', town: '东镇' },
      members: [
        { id: 'm1', name: '李秀英', idNumber: idNumberFor(702), sex: 'female' },
        { id: 'm2', name: '欧阳小明', sex: 'male' },
      ],
      // The latest transfer is the current site, whatever their order.
      transfers: [
        { at: '2025-07-05T08:00:00.000Z', toSiteId: 'site-3', reason: 'x' },
        { at: '2025-07-03T08:00:00.000Z', toSiteId: 'site-2' },
      ],
      // An ID number elsewhere in the record is searched too (N4).
      guardian: { name: '赵六', idNumber: '33010219800101123X' },
      notes: '不在列表中',
    }),
    whole(row('hh-2', { syncState: 'rejected', rejection: { code: 'VALIDATION', message: 'm' }, checkedOut: 1 } as Partial<CachedRecord['row']>), {
      head: { name: 'Li ZHANG', idNumber: '11010119900307002X' },
      members: [{ id: 'm1', name: 'Anna Li' }],
    }),
    whole(row('hh-3', { eventId: undefined, membersCount: undefined }), { head: { name: '曾小红' }, origin: { village: 'a\u0000b' }, members: [] }),
    whole(row('hh-4'), {}),
  ];
}

const QUERIES = ['', ' ', '张建', '建国', '秀英', '小明', '柳树', '东镇', '赵六', '不在', 'zjg', 'ZJG', 'jg', 'lxy', 'oyxm', 'zxh', 'zl', 'zhang', 'LI Z', 'anna', 'al', 'x', '002x', idNumberFor(702).slice(4, 12), '3301', '123x', 'site', '\u0000', 'a\u0000b', 'g\u0000l', 'phone', '138'];

/** The digest's answer for each record and query equals the whole record's (list row and N4's check). */
function expectSame(hl: typeof import('./household-list'), digested: ReturnType<typeof hl.digestOf>[], whole: CachedRecord[], label: string) {
  let found = 0;
  whole.forEach((c, i) => {
    expect(digested[i]!.item, `${label}: row ${c.row.id}`).toEqual(hl.toHouseholdListItem(c));
    for (const q of QUERIES) {
      const want = hl.matchesText(c, q);
      expect(hl.digestMatches(digested[i]!, q), `${label}: ${c.row.id} ${JSON.stringify(q)}`).toBe(want);
      if (want) found++;
    }
  });
  // The queries both find and miss (a check that always says yes, or no, would not pass).
  expect(found).toBeGreaterThan(whole.length * 2);
  expect(found).toBeLessThan(whole.length * QUERIES.length);
}

describe('what the list digest keeps of a household (SPEC N10)', () => {
  it('[N10][N4][N3] digestOf: its list row and its check give what the whole record gives, for every query', async () => {
    const hl = await import('./household-list');
    await (await import('./pinyin-initials')).loadPinyin();
    const whole = records();
    const digested = records().map(hl.digestOf);
    expectSame(hl, digested, whole, 'pinyin loaded');
    // It holds no record: nothing of the fields the list and the check do not read.
    expect(JSON.stringify(digested)).not.toMatch(/13800000000|东镇|不在列表中|reason/);
  });

  it('[N10][N3] a household digested before pinyin loaded is checked on its initials once it has loaded', async () => {
    vi.resetModules();
    const hl = await import('./household-list');
    const pinyin = await import('./pinyin-initials');
    expect(pinyin.pinyinLoaded()).toBe(false);
    const whole = records();
    const digested = records().map(hl.digestOf);
    expectSame(hl, digested, whole, 'pinyin not loaded');
    await pinyin.loadPinyin();
    expectSame(hl, digested, whole, 'pinyin loaded since');
    expect(hl.digestMatches(digested[0]!, 'oyxm')).toBe(true);
  });
});
