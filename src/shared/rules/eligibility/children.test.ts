import { describe, expect, it } from 'vitest';
import { assessHousehold } from './assess-household';
import { childProgramme } from './children';
import { PARENT_SITUATIONS, type Parents } from './household-schema';
import { household, member, POLICY, reasonsOf, supporter } from '../../../../test/helpers/eligibility-builders';

type S = Parents['father'];
const GONE: S[] = ['dead', 'declared-missing'];
const CANNOT: S[] = ['severe-disability', 'major-illness', 'imprisoned', 'lost-contact'];

describe('C1 children', () => {
  // Every pair of parent situations, both ways round, against the rule text.
  const pairs = PARENT_SITUATIONS.flatMap((f) => PARENT_SITUATIONS.map((m) => [f, m] as const));
  it.each(pairs)('C1 father %s, mother %s', (father, mother) => {
    const expected =
      GONE.includes(father) && GONE.includes(mother)
        ? 'orphan'
        : (CANNOT.includes(father) && CANNOT.includes(mother)) ||
            (GONE.includes(father) && CANNOT.includes(mother)) ||
            (CANNOT.includes(father) && GONE.includes(mother))
          ? 'child-without-care'
          : null;
    expect(childProgramme({ father, mother })).toBe(expected);
  });

  it.each([
    [{ father: 'dead', mother: 'dead' }, 'orphan'],
    [{ father: 'declared-missing', mother: 'dead' }, 'orphan'],
    [{ father: 'dead', mother: 'imprisoned' }, 'child-without-care'],
    [{ father: 'severe-disability', mother: 'lost-contact' }, 'child-without-care'],
    [{ father: 'major-illness', mother: 'declared-missing' }, 'child-without-care'],
    [{ father: 'dead', mother: 'present' }, null],
    [{ father: 'present', mother: 'imprisoned' }, null],
  ] as const)('C1 named examples: %o → %s', (parents, expected) => {
    expect(childProgramme(parents)).toBe(expected);
  });

  it('C1 an orphan gets that programme instead of 特困 and stays among the n members of 低保', () => {
    // Alone, aged 10, no supporter: T1–T4 would all hold, but C1 comes first.
    const a = assessHousehold(household([member('c', { age: 10, parents: { father: 'dead', mother: 'dead' } })]), POLICY);
    expect(a.persons).toStrictEqual([{ memberId: 'c', programme: 'orphan' }]);
    expect(reasonsOf(a, 'C1')).toStrictEqual([{ rule: 'C1', memberId: 'c', age: 10, father: 'dead', mother: 'dead', outcome: 'orphan' }]);
    expect(reasonsOf(a, 'T1')).toEqual([]);
    expect(a.countedMembers).toBe(1);
    expect(a.perCapitaIncome).toBe(0);
    expect(a.household).toBe('dibao');
    expect(a.householdBenefit).toBe(600);
  });

  it('C1 a child without de facto care with a grandparent (case H8 pattern): child stays in n', () => {
    const a = assessHousehold(
      household([
        member('g', { age: 58, income: [{ kind: 'wage', monthly: 1200 }] }),
        member('c', { age: 15, parents: { father: 'lost-contact', mother: 'major-illness' }, income: [{ kind: 'child-care-subsidy', monthly: 1000 }] }),
      ]),
      POLICY,
    );
    expect(a.persons).toStrictEqual([{ memberId: 'c', programme: 'child-without-care' }]);
    expect(reasonsOf(a, 'D1')[0]).toMatchObject({ n: 2, perCapitaIncome: 500, benefit: 200 });
  });

  it('C1 does not apply at 18: the rules of 特困 do', () => {
    const a = assessHousehold(
      household([member('c', { age: 18, disability: { category: 'intellectual', grade: 2 }, parents: { father: 'dead', mother: 'dead' } })]),
      POLICY,
    );
    expect(reasonsOf(a, 'C1')).toEqual([]);
    expect(a.persons).toStrictEqual([{ memberId: 'c', programme: 'tekun' }]);
  });

  it('C1 applies at 17', () => {
    const a = assessHousehold(household([member('c', { age: 17, parents: { father: 'dead', mother: 'declared-missing' } })]), POLICY);
    expect(a.persons).toStrictEqual([{ memberId: 'c', programme: 'orphan' }]);
  });

  it('C1 without parents recorded is not evaluated; a child under 16 alone is then 特困', () => {
    const a = assessHousehold(household([member('c', { age: 10 })]), POLICY);
    expect(reasonsOf(a, 'C1')).toEqual([]);
    expect(a.persons).toStrictEqual([{ memberId: 'c', programme: 'tekun' }]);
  });

  it('C1 not met (one parent present): evaluated with a null outcome, then the 特困 rules apply', () => {
    const a = assessHousehold(
      household([member('c', { age: 10, parents: { father: 'dead', mother: 'present' } })], { supporters: [supporter('mum', { relation: 'parent', age: 35 })] }),
      POLICY,
    );
    expect(reasonsOf(a, 'C1')).toStrictEqual([{ rule: 'C1', memberId: 'c', age: 10, father: 'dead', mother: 'present', outcome: null }]);
    expect(reasonsOf(a, 'T1')).toHaveLength(1);
    expect(a.persons).toEqual([]);
  });

  it('C1 a child not counted (E1) is not assessed', () => {
    const a = assessHousehold(
      household([member('g', { age: 40 }), member('c', { age: 16, notCountedReason: 'drug-rehab', parents: { father: 'dead', mother: 'dead' } })]),
      POLICY,
    );
    expect(reasonsOf(a, 'C1')).toEqual([]);
    expect(a.persons).toEqual([]);
  });

  it('C1 a child with a programme of their own is not assessed again by D3', () => {
    const a = assessHousehold(
      household([
        member('g', { age: 50, income: [{ kind: 'wage', monthly: 1700 }] }),
        member('c', { age: 12, disability: { category: 'physical', grade: 1 }, parents: { father: 'dead', mother: 'dead' } }),
      ]),
      POLICY,
    );
    // n = 2, 1500 / 2 = 750: 低保边缘.
    expect(a.household).toBe('low-income');
    expect(reasonsOf(a, 'D3')).toEqual([]);
    expect(a.persons).toStrictEqual([{ memberId: 'c', programme: 'orphan' }]);
  });
});
