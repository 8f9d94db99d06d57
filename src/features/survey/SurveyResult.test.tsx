import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fixtureCase, h1Survey } from '../../../test/helpers/survey-fixtures';
import { createI18n } from '../../i18n';
import { renderAssessment } from '../../i18n/explanation';
import { addSurveyTexts } from '../../i18n/survey.texts';
import { explainAssessment } from '../../shared/rules/eligibility';
import { SurveyResultPage } from './SurveyResultPage';
import { inRealSession } from '../../../test/helpers/survey-screen';

/** Case H1 of eligibility-cases.json, completed on the tablet with the fixture policy (version 3). */
async function showH1(lang: 'zh-CN' | 'en' = 'zh-CN', policy?: null) {
  const survey = h1Survey();
  const onEdit = vi.fn();
  const r = await inRealSession(() => <SurveyResultPage id={survey.id} onEdit={onEdit} onBack={() => {}} />, {
    lang,
    policy,
    setup: (s) => s.surveys.complete(survey),
  });
  await screen.findByRole('heading', { level: 2 });
  return { ...r, survey, onEdit };
}

describe('the result screen', { timeout: 20_000 }, () => {
  it('H1: shows 低保 with the benefit, the per-capita income and its figures, each member, the reasons rule by rule and the policy version', async () => {
    const { session, survey } = await showH1();
    const expected = fixtureCase('H1').expect;
    expect(screen.getByRole('heading', { name: '预评估结果' })).toBeTruthy();
    expect(screen.getByText('家庭结果：低保，月补差 800.00 元')).toBeTruthy();
    expect(screen.getByText('人均月收入 400.00 元')).toBeTruthy();
    expect(screen.getByText('不符合临时救助')).toBeTruthy();

    const figures = screen.getByRole('region', { name: '计算依据' });
    const pairs = [...figures.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]);
    expect(pairs).toEqual([
      ['计入家庭成员', `${expected.countedMembers} 人`],
      ['参与计算人均收入的人数', '4'],
      ['可计收入合计（元/月）', '1600.00'],
      ['人均月收入（元）', '400.00'],
      ['低保标准（元/人·月）', '600.00'],
      ['财产', '符合规定'],
    ]);

    // Each member: counted, countable income (wage 1500 − deduction 200; business 300, family-planning excluded; scholarship excluded), no own programme.
    const rows = within(screen.getByRole('table', { name: '成员' })).getAllByRole('row').slice(1);
    expect(rows.map((r) => [...r.children].map((c) => c.textContent))).toEqual([
      ['王建国', '本人', '是', '1300.00', '—'],
      ['李秀英', '配偶', '是', '300.00', '—'],
      ['王小明', '子女', '是', '0.00', '—'],
      ['王小红', '子女', '是', '0.00', '—'],
    ]);

    // The reasons are explainAssessment's, in Chinese, with the members' names.
    const stored = await session.surveys.get(survey.id);
    const names = Object.fromEntries(survey.members.map((m) => [m.id, m.name]));
    const zh = createI18n('zh-CN');
    addSurveyTexts(zh);
    const lines = renderAssessment(zh.getFixedT(null, 'eligibility'), explainAssessment(stored!.assessment!, { names })).reasons;
    const reasons = within(screen.getByRole('list', { name: '评估依据（逐条规则）' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(reasons).toEqual(lines);
    expect(reasons).toContain('D1 低保：人均收入 400.00 元 < 标准 600 元，计 4 人，月补差 800.00 元');
    expect(reasons.some((r) => r!.startsWith('E2 王建国 可计收入：收入合计 1500.00 元'))).toBe(true);
    expect(reasons.some((r) => r!.startsWith('A1 财产'))).toBe(true);

    expect(screen.getByText('评估政策：第 3 版，评估时间 2026-06-21 10:00')).toBeTruthy();
    expect(screen.getByText('政策来源：示例市民政局〔2026〕1 号（虚构）')).toBeTruthy();
  });

  it('in English', async () => {
    await showH1('en');
    expect(screen.getByRole('heading', { name: 'Pre-assessment' })).toBeTruthy();
    expect(screen.getByText('Household: Dibao (minimum living allowance), Monthly benefit 800.00 yuan')).toBeTruthy();
    const reasons = within(screen.getByRole('list', { name: 'Reasons, rule by rule' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(reasons).toContain('D1 dibao: per-capita income 400.00 yuan < standard 600 yuan over 4 members: monthly benefit 800.00 yuan');
    expect(screen.getByText('Policy version 3, assessed 2026-06-21 10:00')).toBeTruthy();
  });

  it('says so when no policy had been synced, and offers to edit', async () => {
    const { user, onEdit } = await showH1('zh-CN', null);
    expect(screen.getByText(/本平板尚未同步本乡镇的评估政策，未做预评估/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '修改调查' }));
    expect(onEdit).toHaveBeenCalled();
  });
});
