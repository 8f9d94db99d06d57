import { describe, expect, it } from 'vitest';
import { revisitSample } from '../src/cases/revisit-sample';
import type { CaseProgramme } from '../../src/shared/schema/case';

/** RULES.md CD23 (SPEC K15): the county's re-visit sample, pure. */
const cases = (n: number, programme: CaseProgramme = 'dibao', county = 'A') =>
  Array.from({ length: n }, (_, i) => ({ caseId: `case-${programme}-${county}-${String(i).padStart(4, '0')}`, programme, county }));
const draw = (list: ReturnType<typeof cases>, seed: string, share: (c: { programme: CaseProgramme }) => number = () => 0.3) =>
  revisitSample(list, share, (c) => `${c.county}\u0000${c.programme}`, seed).map((c) => c.caseId);

describe('the county re-visit sample [CD23][K15]', () => {
  it('draws ceil(share × n) per county and programme: a share above 0 never picks none, 0 picks none, 1 picks all', () => {
    expect(draw(cases(10), 's')).toHaveLength(3);
    expect(draw(cases(1), 's')).toHaveLength(1);
    expect(draw(cases(7), 's')).toHaveLength(3); // 2.1 → 3
    expect(draw(cases(10), 's', () => 0)).toEqual([]);
    expect(draw(cases(4), 's', () => 1)).toHaveLength(4);
    const mixed = [...cases(10, 'dibao'), ...cases(4, 'tekun'), ...cases(10, 'dibao', 'B')];
    const picked = draw(mixed, 's', (c) => (c.programme === 'tekun' ? 0.5 : 0.3));
    expect(picked.filter((id) => id.includes('tekun'))).toHaveLength(2);
    expect(picked.filter((id) => id.includes('dibao-A'))).toHaveLength(3);
    expect(picked.filter((id) => id.includes('dibao-B'))).toHaveLength(3);
  });

  it('is the same for the same seed whatever the order of the cases, and another seed draws otherwise', () => {
    const list = cases(40);
    const a = draw(list, 'seed-7');
    expect(draw([...list].reverse(), 'seed-7')).toEqual(a);
    const others = ['1', '2', '3', '4'].map((s) => draw(list, s).join());
    expect(others.some((o) => o !== a.join())).toBe(true);
  });
});
