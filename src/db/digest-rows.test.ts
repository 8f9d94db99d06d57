import { describe, expect, it } from 'vitest';
import { openPart, openStored, partOf, sealPart, type PartEntry } from './digest-parts';
import { hayOf, keyOf, rowsParsed, StoredHousehold } from './digest-rows';
import { DIGEST_SEPARATOR, type DigestedHousehold } from './household-list';
import type { HouseholdListItem } from './contracts';

/**
 * SPEC N11, format 2 (digest-rows.ts): a household's list row kept as text in its part, its searched
 * strings joined; what a part gives back is what was sealed, whatever the household holds.
 */

const item = (id: string, over: Partial<HouseholdListItem> = {}): HouseholdListItem => ({
  id,
  headName: '张建国',
  headIdMasked: '3301**********1231',
  membersCount: 3,
  village: '柳树村',
  placement: 'centralised',
  shelterSiteId: 'site-1',
  currentSiteId: 'site-2',
  eventId: 'event-0001',
  checkInAt: '2026-05-01T08:00:00.000Z',
  checkedOut: false,
  syncState: 'synced',
  rejection: null,
  updatedAt: '2026-05-02T08:00:00.000Z',
  ...over,
});

describe('format 2 of the digest’s parts (SPEC N11)', () => {
  it('[N11][N10] odd households come back as sealed: a rejection, no site, no searched string, a string holding the separator, initials not computed', async () => {
    const dataKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const part = partOf('hh-a');
    // Ids of that part (any ids would do for sealPart; readCopy checks them).
    const ids = Array.from({ length: 4000 }, (_, i) => `hh-${i}`).filter((id) => partOf(id) === part).slice(0, 5);
    const households: DigestedHousehold[] = [
      { item: item(ids[0]!, { rejection: { code: 'VALIDATION', issues: [{ path: 'head.name', message: '空' }] }, syncState: 'rejected' }), hay: ['张建国', '柳树村'], initials: 'zjg', names: null },
      { item: item(ids[1]!, { placement: 'dispersed', shelterSiteId: null, currentSiteId: null, updatedAt: '2026-05-01T08:00:00.000Z' }), hay: [], initials: '', names: null },
      { item: item(ids[2]!, { headName: 'a\nb"c\\', updatedAt: '2026-04-01T08:00:00.000Z' }), hay: [`x${DIGEST_SEPARATOR}y`, 'z'], initials: 'ab', names: null },
      { item: item(ids[3]!, { eventId: 'event-0002', updatedAt: '2026-03-01T08:00:00.000Z' }), hay: [''], initials: null, names: ['王秀英'] },
    ];
    const entries: PartEntry[] = [...households.map((h, i): PartEntry => [ids[i]!, i + 1, h]), [ids[4]!, 7, null]];
    const sealed = await sealPart(dataKey, part, entries, ['hh-left-out']);
    const back = (await openPart(dataKey, part, sealed))!;
    expect(back.entries).toEqual(entries);
    expect(back.omitted).toEqual(['hh-left-out']);
  });

  it('[N11][N7] a stored household gives its key and joined strings without parsing its row; its row is parsed once, at its first read', async () => {
    const dataKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const h: DigestedHousehold = { item: item('hh-1'), hay: ['张建国', '柳树村'], initials: 'zjg', names: null };
    const [[, , stored]] = (await openStored(dataKey, partOf('hh-1'), await sealPart(dataKey, partOf('hh-1'), [['hh-1', 1, h]])))!.entries as [PartEntry];
    expect(stored).toBeInstanceOf(StoredHousehold);
    const before = rowsParsed();
    expect(keyOf(stored!)).toMatchObject({ id: 'hh-1', updatedAt: h.item.updatedAt, eventId: 'event-0001' });
    expect(hayOf(stored!)).toBe(`张建国${DIGEST_SEPARATOR}柳树村`);
    expect(rowsParsed()).toBe(before);
    expect(stored!.item).toEqual(h.item);
    expect(stored!.item).toBe(stored!.item);
    expect(rowsParsed()).toBe(before + 1);
  });
});
