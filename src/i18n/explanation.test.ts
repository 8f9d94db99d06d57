import { beforeAll, describe, expect, it } from 'vitest';
import { assessHousehold } from '../shared/rules/eligibility/assess-household';
import type { Assessment, Reason } from '../shared/rules/eligibility/assessment-schema';
import { explainAssessment as explainAssessmentKeys, explainReason as explainReasonKey, namesOf, type ExplainOptions, type Explanation } from '../shared/rules/eligibility/explain';
import { fixtureCases, household, member, POLICY, spending, supporter } from '../../test/helpers/eligibility-builders';
import fixture from '../../test/fixtures/eligibility-cases.json';
import { renderAssessment, renderExplanation } from './explanation';
import { createI18n, loadLanguage } from './index';
import { addSurveyTexts } from './survey.texts';

/**
 * The pre-assessment's sentences, rendered as the app renders them: explain.ts gives keys and
 * parameters, i18next (the `eligibility` namespace) gives the words, in Chinese and English.
 */
beforeAll(() => loadLanguage('en'));
type Lang = 'zh' | 'en';
const fixedT = new Map<Lang, ReturnType<ReturnType<typeof createI18n>['getFixedT']>>();
const tOf = (lang: Lang) => {
  if (!fixedT.has(lang)) {
    const i18n = createI18n(lang === 'zh' ? 'zh-CN' : 'en');
    addSurveyTexts(i18n);
    fixedT.set(lang, i18n.getFixedT(null, 'eligibility'));
  }
  return fixedT.get(lang)!;
};
const explainReason = (r: Reason, lang: Lang, opts: ExplainOptions = {}) => renderExplanation(tOf(lang), explainReasonKey(r, opts));
const explainAssessment = (a: Assessment, lang: Lang, opts: ExplainOptions = {}) => {
  const { summary, reasons } = renderAssessment(tOf(lang), explainAssessmentKeys(a, opts));
  return [summary, ...reasons];
};
const keysOf = (e: Explanation): string[] => [e.key, ...Object.values(e.params ?? {}).flatMap((v) => (typeof v === 'object' ? keysOf(v) : []))];

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
    // Issue 13 item 7: the conclusion no longer says 有履行能力 (see the T4 test below).
    expect(explainReason({ rule: 'T4', memberId: 'm1', candidates: 0, ableCandidates: 0, outcome: true, selfCare: 'partly-lost', selfCareFailedItems: 2 }, 'zh')).toBe(
      'T4 特困 m1：义务人 0 名，其中不属无履行能力情形的 0 名，认定为特困；部分丧失生活自理能力（2 项不能自理）',
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

  it('every key a varied set of households produces exists in both languages', () => {
    const zh = createI18n('zh-CN');
    addSurveyTexts(zh);
    for (const { a, names } of variety()) {
      const { summary, reasons } = explainAssessmentKeys(a, { names });
      for (const e of [...summary, ...reasons]) {
        for (const key of keysOf(e)) for (const lng of ['zh-CN', 'en']) expect(zh.exists(key, { ns: 'eligibility', lng }), `${lng} ${key}`).toBe(true);
      }
    }
  });
});

describe('explanations name the facts a rule used and the ones it ignored (issue 13 item 7)', () => {
  // A member of 45 entered as 无劳动能力 with a major illness: for 特困 only age and disability decide (T1).
  const ill = household([member('m1', { age: 45, health: 'major-illness', labourCapacity: 'none' })]);
  const t1 = () => assessHousehold(ill, POLICY).reasons.find((r) => r.rule === 'T1')!;

  it('T1 records the labour capacity and illness it did not use', () => {
    expect(t1()).toMatchObject({ rule: 'T1', outcome: false, basis: null, recordedLabourCapacity: 'none', health: 'major-illness' });
  });

  it('T1 says only age and disability decide, and that 无劳动能力 and the major illness were not used', () => {
    const zh = explainReason(t1(), 'zh', { names: { m1: '周大勇' } });
    expect(zh).toBe(
      'T1 特困 周大勇（45 岁）：特困的劳动能力只按年龄和残疾认定——未满 60 周岁、已满 16 周岁，没有残疾，因此按有劳动能力计，不符合特困；调查中填写的“无劳动能力”不是 T1 的依据；重特大疾病不是 T1 的依据（可能适用 D3 单人户低保）',
    );
    expect(zh).not.toMatch(/^T1 特困 周大勇（45 岁）：有劳动能力，不符合特困$/);
    const en = explainReason(t1(), 'en', { names: { m1: 'Zhou Dayong' } });
    expect(en).toContain('decided by age and disability only');
    expect(en).toContain('the “no labour capacity” entered in the survey is not a T1 criterion');
    expect(en).toContain('a major illness is not a T1 criterion');
  });

  it('T1 names a disability that is not one of its grades', () => {
    const r = assessHousehold(household([member('m1', { age: 40, disability: { category: 'physical', grade: 3 } })]), POLICY).reasons.find((x) => x.rule === 'T1')!;
    expect(explainReason(r, 'zh')).toContain('肢体三级残疾不在 T1 所列残疾之内');
  });

  it('T4 never says 有履行能力 of a co-resident with no income: it says none of the grounds for being unable applies', () => {
    // 68 and 66, no income: by T4 (eligibility.md) neither is 70+, so each counts as the other's able supporter.
    const a = assessHousehold(household([member('m1', { age: 68 }), member('m2', { age: 66, relation: 'spouse' })]), POLICY);
    expect(a.persons).toEqual([]); // the rule itself is eligibility.md's (cases H2, H5 agree)
    const candidate = a.reasons.find((r) => r.rule === 'T4' && 'candidateId' in r && r.candidateId === 'm2')!;
    expect(candidate).toMatchObject({ income: 0, able: true, candidateSource: 'member' });
    const zh = explainReason(candidate, 'zh', { names: { m1: '赵大山', m2: '钱桂兰' } });
    expect(zh).not.toContain('有履行能力');
    expect(zh).toContain('钱桂兰（同住成员，66 岁，收入 0.00 元，财产符合规定）：不属于 T4 所列无履行能力的情形');
    expect(zh).toContain('收入多少本身不决定');
    const en = explainReason(candidate, 'en', { names: { m1: 'Zhao', m2: 'Qian' } });
    expect(en).not.toMatch(/able to support/);
    expect(en).toContain('none of T4’s grounds for being unable applies');
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
