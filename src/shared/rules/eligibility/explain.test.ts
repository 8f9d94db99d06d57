import { describe, expect, it } from 'vitest';
import { assessHousehold } from './assess-household';
import type { Assessment, Reason } from './assessment-schema';
import { explainAssessment, explainReason, namesOf } from './explain';
import { fixtureCases, household, member, POLICY, spending, supporter } from './test-builders';
import fixture from '../../../../test/fixtures/eligibility-cases.json';

const FIXTURE_CASES = fixtureCases(fixture);

/** Households that between them produce every kind of reason and outcome. */
function variety(): { a: Assessment; names: Record<string, string> }[] {
  const hs = [
    ...FIXTURE_CASES.map((c) => c.household),
    household([member('a', { notCountedReason: 'drug-rehab' }), member('b', { income: [{ kind: 'business', monthly: 1000 }] })], { annualSpending: spending(20000) }),
    household([member('o', { age: 9, parents: { father: 'dead', mother: 'dead' } })], { financialAssets: 20000 }),
    household([member('p', { age: 66 })], { supporters: [supporter('s', { receives: 'dibao', age: 61 }), supporter('t', { legalStatus: 'imprisoned' })] }),
    household([member('q', { age: 90, selfCare: { eating: false, dressing: false, transfer: false, toilet: false, indoorWalking: true, bathing: false } })]),
    household([member('r', { income: [{ kind: 'business', monthly: 500 }] })], { annualSpending: spending(8000), emergency: { kind: 'disaster' } }),
    household([member('u', { income: [{ kind: 'business', monthly: 500 }] })], { annualSpending: spending(8000) }),
    household([member('v', { health: 'major-illness', income: [{ kind: 'wage', monthly: 900 }] }), member('w', { income: [{ kind: 'business', monthly: 900 }] })]),
  ];
  return hs.map((h) => ({ a: assessHousehold(h, POLICY), names: namesOf(h) }));
}

describe('explainReason', () => {
  it('D1 reads as the worker expects, in Chinese and English', () => {
    const r: Reason = { rule: 'D1', n: 4, totalIncome: 1600, perCapitaIncome: 400, standard: 600, assetsWithinLimit: true, outcome: true, benefit: 800 };
    expect(explainReason(r, 'zh')).toBe('D1 低保：人均收入 400.00 元 < 标准 600 元，计 4 人，月补差 800.00 元');
    expect(explainReason(r, 'en')).toBe('D1 dibao: per-capita income 400.00 yuan < standard 600 yuan over 4 members: monthly benefit 800.00 yuan');
  });

  it('D1 not met shows ≥ and no benefit', () => {
    const r: Reason = { rule: 'D1', n: 3, totalIncome: 2300, perCapitaIncome: 766.67, standard: 600, assetsWithinLimit: true, outcome: false, benefit: null };
    expect(explainReason(r, 'zh')).toBe('D1 低保：人均收入 766.67 元 ≥ 标准 600 元，计 3 人，不符合');
  });

  it('D3, T4 and K1 sentences carry their figures and programme names', () => {
    expect(explainReason({ rule: 'D3', memberId: 'm1', basis: 'disability', income: 0, standard: 600, outcome: true, benefit: 600 }, 'zh', { names: { m1: '孙志刚' } })).toBe(
      'D3 单人户低保 孙志刚（重度残疾）：本人收入 0.00 元 < 标准 600 元，按单人户纳入低保，月补差 600.00 元',
    );
    expect(explainReason({ rule: 'T4', memberId: 'm1', candidates: 0, ableCandidates: 0, outcome: true, selfCare: 'partly-lost', selfCareFailedItems: 2 }, 'zh')).toBe(
      'T4 特困 m1：义务人 0 名，其中有履行能力 0 名，认定为特困；部分丧失生活自理能力（2 项不能自理）',
    );
    expect(
      explainReason(
        { rule: 'K1', emergency: 'fire', annualSpending: 0, annualGrossIncome: 0, ratio: null, threshold: 1, ratioExceeded: false, perCapitaIncome: 400, perCapitaDisposableIncome: 2000, assetsWithinLimit: true, outcome: 'emergency' },
        'zh',
      ),
    ).toBe('K1 临时救助（急难型）：家庭遭遇火灾');
  });

  it('every reason of a varied set of households reads in both languages, led by its rule id, with no hole', () => {
    const seen = new Set<string>();
    for (const { a, names } of variety()) {
      for (const r of a.reasons) {
        seen.add(r.rule);
        for (const lang of ['zh', 'en'] as const) {
          const s = explainReason(r, lang, { names });
          expect(s.startsWith(`${r.rule} `)).toBe(true);
          expect(s).not.toMatch(/undefined|NaN|null|\[object/);
        }
      }
    }
    expect([...seen].sort()).toEqual(['A1', 'C1', 'D1', 'D2', 'D3', 'E1', 'E2', 'K1', 'R1', 'T1', 'T2', 'T3', 'T4'].sort());
  });
});

describe('explainAssessment', () => {
  it('leads with a summary naming every programme in Chinese', () => {
    const text = variety()
      .map(({ a, names }) => explainAssessment(a, 'zh', { names })[0])
      .join('\n');
    for (const name of ['低保', '低保边缘', '刚性支出困难', '特困', '单人户低保', '孤儿', '事实无人抚养儿童', '临时救助（急难型）', '临时救助（支出型）']) {
      expect(text).toContain(name);
    }
  });

  it('gives one line per reason after the summary', () => {
    const c = FIXTURE_CASES.find((x) => x.id === 'H3')!;
    const a = assessHousehold(c.household, POLICY);
    const lines = explainAssessment(a, 'zh', { names: namesOf(c.household) });
    expect(lines).toHaveLength(a.reasons.length + 1);
    expect(lines[0]).toBe('家庭：低保边缘；计入 3 人，人均收入 766.67 元；孙志刚：单人户低保（月补差 600.00 元）');
    expect(explainAssessment(a, 'en')[0]).toBe(
      'Household: low-income household; 3 counted, per-capita income 766.67 yuan; m1: dibao as a one-person household (monthly 600.00 yuan)',
    );
  });
});
