import { describe, expect, it } from 'vitest';
import { surveyDraftSchema } from '../../shared/schema/survey';
import { amountValue, draftFieldsOf, fieldsOf, newSurveyValues, valuesFromDraft } from './survey-form-values';

describe('form values ↔ survey fields', () => {
  it('drops empty inputs and empty optional objects, keeps rows in place and the mandatory objects', () => {
    const values = {
      ...newSurveyValues({ id: 'survey-0001', caseId: 'case-0001' }, '2026-06-21'),
      applicationType: '',
      members: [{ id: 'm1', name: '王建国', disability: { category: undefined, grade: undefined }, selfCare: {}, incomes: [{}, { kind: 'wage', monthly: 1500 }] }],
    };
    const f = fieldsOf(values);
    expect(f).not.toHaveProperty('applicationType');
    expect(f.members).toEqual([{ id: 'm1', name: '王建国', incomes: [{}, { kind: 'wage', monthly: 1500 }] }]);
    expect(f.registeredResidence).toEqual({});
    expect(f.homeVisit).toEqual({ date: '2026-06-21', investigators: [{}, {}] });
    expect(f.assets).toEqual({ houses: [], vehicles: [], businessAssets: [] });
  });

  it('a draft never fails over one bad value: it is left out of what is saved, the rest is kept', () => {
    const values = {
      ...newSurveyValues({ id: 'survey-0002', caseId: 'case-0002' }, '2026-06-21'),
      livingConditions: '砖房',
      assets: { financialAssets: 'abc' },
      members: [{ id: 'm1', name: '李四', incomes: [{ kind: 'wage', monthly: 12.345 }] }],
    };
    const d = draftFieldsOf(values);
    expect(surveyDraftSchema.safeParse(d).success).toBe(true);
    expect(d).toMatchObject({ livingConditions: '砖房', members: [{ id: 'm1', name: '李四', incomes: [{ kind: 'wage' }] }] });
    expect(d.assets).not.toHaveProperty('financialAssets');
  });

  it('reads typed amounts: numbers, thousands separators, full-width punctuation; text stays text', () => {
    expect(amountValue('1,500')).toBe(1500);
    expect(amountValue(' 12。5 ')).toBe(12.5);
    expect(amountValue('')).toBeUndefined();
    expect(amountValue('12a')).toBe('12a');
  });

  it('a stored draft opens with every object the steps bind to', () => {
    const v = valuesFromDraft({ id: 'survey-0003', caseId: 'case-0003', stage: 'draft', attachments: [], members: [{ id: 'm1' }] });
    expect(v.homeVisit.investigators).toHaveLength(2);
    expect(v.members[0].incomes).toEqual([]);
    expect(v.authorisation).toEqual({});
  });
});
