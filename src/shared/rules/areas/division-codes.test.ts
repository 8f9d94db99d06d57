import { describe, expect, it } from 'vitest';
import { divisionNameSchema } from '../../schema/division';
import { ancestorCodeAt, isProvisionalCode, levelOfCode, parentCodeOf } from './division-code';
import { normaliseDivisionName } from './normalise-division-name';
import { townshipsEquivalentTo, townshipsOfCounty } from './townships-of-county';
import type { DivisionLink } from './successor-chain';

describe('division codes', () => {
  it('reads the level and the parent from the code', () => {
    expect(levelOfCode('130000000000')).toBe('province');
    expect(levelOfCode('130100000000')).toBe('city');
    expect(levelOfCode('130102000000')).toBe('county');
    expect(levelOfCode('130102001000')).toBe('township');
    expect(levelOfCode('130102001201')).toBe('village');
    expect(parentCodeOf('130102001201')).toBe('130102001000');
    expect(parentCodeOf('130102001000')).toBe('130102000000');
    expect(parentCodeOf('130102000000')).toBe('130100000000');
    expect(parentCodeOf('130100000000')).toBe('130000000000');
    expect(parentCodeOf('130000000000')).toBeNull();
    expect(ancestorCodeAt('130102001201', 'county')).toBe('130102000000');
    expect(ancestorCodeAt('130102000000', 'township')).toBeNull();
  });

  it('refuses malformed codes: wrong length, letters, all zeros, a group under a zero group', () => {
    for (const bad of ['13010200100', '1301020010000', '13010200100A', '000000000000', '130000001000', 'X30102001000', '１３0102001000']) {
      expect(levelOfCode(bad), bad).toBeNull();
    }
  });

  it('keeps provisional codes (L + 11 digits) apart from every official code', () => {
    expect(isProvisionalCode('L00101001000')).toBe(true);
    expect(isProvisionalCode('130102001000')).toBe(false);
    expect(levelOfCode('L00101001000')).toBe('township');
    expect(parentCodeOf('L00101001000')).toBe('L00101000000');
    expect(parentCodeOf('L00100000000')).toBe('L00000000000');
  });
});

describe('division names', () => {
  it('normalises full-width characters, stray and ideographic spaces and zero-width characters', () => {
    const plain = '清河镇';
    for (const variant of [' 清河镇 ', '清\u200B河镇', '清河\u3000镇', '\uFEFF清河 镇\u200D', '清河镇\u00AD']) expect(normaliseDivisionName(variant)).toBe(plain);
    expect(normaliseDivisionName('ＡＢ新区')).toBe('AB新区');
    expect(normaliseDivisionName('Xinhua  Road')).toBe('Xinhua Road');
  });

  it('refuses a name that is empty once normalised', () => {
    expect(divisionNameSchema.safeParse('\u200B \u3000').success).toBe(false);
    expect(divisionNameSchema.parse(' 城关镇 ')).toBe('城关镇');
  });
});

const d = (code: string, extra: Partial<DivisionLink> = {}): DivisionLink => ({
  code, level: levelOfCode(code)!, parentCode: parentCodeOf(code), status: 'active', successorCode: null, ...extra,
});

describe('townships of a county, from the registry', () => {
  it('lists every township of the county, and none of a neighbour with a township of the same name', () => {
    const divisions = [d('130102000000'), d('130102001000'), d('130102002000'), d('130103000000'), d('130103001000')];
    expect(townshipsOfCounty(divisions, '130102000000')).toEqual(['130102001000', '130102002000']);
    expect(townshipsOfCounty(divisions, '130103000000')).toEqual(['130103001000']);
  });

  it('follows retire-with-successor chains: a provisional county and its official code are one county', () => {
    const divisions = [
      d('L00101000000', { status: 'retired', successorCode: '130102000000' }),
      d('L00101001000', { status: 'retired', successorCode: '130102001000' }),
      d('L00101002000'), // still waiting for its official code, under the provisional county
      d('130102000000'),
      d('130102001000'),
    ];
    const expected = ['130102001000', 'L00101001000', 'L00101002000'];
    expect(townshipsOfCounty(divisions, '130102000000')).toEqual(expected);
    expect(townshipsOfCounty(divisions, 'L00101000000')).toEqual(expected);
    expect(townshipsEquivalentTo(divisions, 'L00101001000')).toEqual(['130102001000', 'L00101001000']);
    expect(townshipsEquivalentTo(divisions, '130102001000')).toEqual(['130102001000', 'L00101001000']);
  });

  it('moves a township merged into a township of another county to that county', () => {
    const divisions = [d('130102000000'), d('130102001000', { status: 'retired', successorCode: '130103001000' }), d('130103000000'), d('130103001000')];
    expect(townshipsOfCounty(divisions, '130102000000')).toEqual([]);
    expect(townshipsOfCounty(divisions, '130103000000')).toEqual(['130102001000', '130103001000']);
  });
});
