import { describe, expect, it } from 'vitest';
import { levelOfCode, parentCodeOf } from './division-code';
import type { DivisionLink } from './successor-chain';
import { townshipsOfCounty } from './townships-of-county';
import { townshipsWithin, withinArea } from './within-area';

const d = (code: string, extra: Partial<DivisionLink> = {}): DivisionLink => ({
  code, level: levelOfCode(code)!, parentCode: parentCodeOf(code), status: 'active', successorCode: null, ...extra,
});

/** SPEC A9: an area of any level holds every township below it today, following successor chains at every level. */
describe('townships within an area', () => {
  const registry = [
    d('130000000000'), d('130100000000'), d('130101000000'), d('130101001000'), d('130102000000'), d('130102001000'),
    d('130200000000'), d('130201000000'), d('130201001000'),
    d('140000000000'), d('140100000000'), d('140101000000'), d('140101001000'),
  ];

  it('a city holds the townships of all its counties; a province those of all its cities; nothing of another', () => {
    expect(townshipsWithin(registry, '130100000000')).toEqual(['130101001000', '130102001000']);
    expect(townshipsWithin(registry, '130000000000')).toEqual(['130101001000', '130102001000', '130201001000']);
    expect(townshipsWithin(registry, '140000000000')).toEqual(['140101001000']);
    const inCity = withinArea(registry, '130100000000');
    expect([inCity('130101000000'), inCity('130100000000'), inCity('130201001000'), inCity('130000000000')]).toEqual([true, true, false, false]);
  });

  it('agrees with townshipsOfCounty for a county, successor chains included', () => {
    const merged = [
      ...registry,
      d('L00101000000', { status: 'retired', successorCode: '130101000000' }),
      d('L00101002000'),
      d('130102002000', { status: 'retired', successorCode: '130201001000' }),
    ];
    for (const county of ['130101000000', '130102000000', '130201000000', 'L00101000000']) {
      expect(townshipsWithin(merged, county), county).toEqual(townshipsOfCounty(merged, county));
    }
    // A township merged into a township of another city moves to that city (and province) with it.
    expect(townshipsWithin(merged, '130200000000')).toEqual(['130102002000', '130201001000']);
    expect(townshipsWithin(merged, '130100000000')).toEqual(['130101001000', '130102001000', 'L00101002000']);
  });
});
