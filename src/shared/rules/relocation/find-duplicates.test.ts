import { describe, expect, it } from 'vitest';
import { HANDOUTS, HOUSEHOLDS, P } from '../../../../test/fixtures/relocation-event';
import { findDoubleHandouts } from './find-double-handouts';
import { findDuplicatePeople } from './find-duplicate-people';

const households = HOUSEHOLDS.map((h) => h.household);
const handouts = HANDOUTS.map((h) => h.handout);

describe('findDuplicatePeople', () => {
  it('finds the household registered twice and the son registered in two households, nothing else', () => {
    expect(findDuplicatePeople(households)).toEqual(
      [
        { eventId: 'event-0620-flood', key: P.P6, occurrences: [{ householdId: 'hh-qh-05a', role: 'head' }, { householdId: 'hh-qh-05b', role: 'head' }] },
        {
          eventId: 'event-0620-flood', key: P.P11,
          occurrences: [{ householdId: 'hh-ll-09', role: 'member', memberId: 'member-09-2' }, { householdId: 'hh-ll-13', role: 'head' }],
        },
      ].sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
  });

  it('groups by the key the caller gives (an HMAC on the server), and never reveals more than it', () => {
    const hmac = (id: string) => `h-${id.slice(-4)}${id.length}`;
    const groups = findDuplicatePeople(households, hmac);
    expect(groups.map((g) => g.key).sort()).toEqual([hmac(P.P6), hmac(P.P11)].sort());
  });

  it('the same person in two events is not a duplicate; a lower-case x is the same number', () => {
    const copy = { ...households[0]!, id: 'hh-other-ev', eventId: 'event-0701-landslide' };
    expect(findDuplicatePeople([households[0]!, copy])).toEqual([]);
    const withX = '42010619920115101X';
    const a = { ...households[0]!, id: 'hh-x-aaaa', head: { ...households[0]!.head, idNumber: withX } };
    const b = { ...households[0]!, id: 'hh-x-bbbb', head: { ...households[0]!.head, idNumber: withX.toLowerCase() } };
    expect(findDuplicatePeople([a, b])).toHaveLength(1);
  });
});

describe('findDoubleHandouts', () => {
  it('by household record: none in the fixture (the double one went to two records)', () => {
    expect(findDoubleHandouts(handouts)).toEqual([]);
  });

  it('by head key: the quilts given to both registrations of 刘桂兰’s household, rounds 1 and "1" alike', () => {
    const headKey = new Map(households.map((h) => [h.id, h.head.idNumber]));
    expect(findDoubleHandouts(handouts, (id) => headKey.get(id) ?? id)).toEqual([
      { eventId: 'event-0620-flood', householdKey: P.P6, itemKind: 'quilt', round: '1', handoutIds: ['relief-03', 'relief-04'] },
    ]);
  });

  it('the same record twice with the same item in a round; another round or item is not double', () => {
    const again = { ...handouts[1]!, id: 'relief-02-again', at: '2026-06-20T12:00:00Z' } // 20:00 in China, after relief-02 at 18:00;
    expect(findDoubleHandouts([...handouts, again])).toEqual([
      { eventId: 'event-0620-flood', householdKey: 'hh-qh-01', itemKind: 'quilt', round: '1', handoutIds: ['relief-02', 'relief-02-again'] },
    ]);
  });
});
