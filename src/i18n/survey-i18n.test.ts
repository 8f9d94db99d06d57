import { beforeAll, describe, expect, it } from 'vitest';
import { pathLabel, surveyMessage } from '../features/survey/useSurveyText';
import { createI18n, loadLanguage } from './index';
import { surveyEn } from './survey.en';
import { addSurveyTexts } from './survey.texts';
import { surveyZhCN } from './survey.zh-CN';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
}

/** Every message code the survey schemas use (src/shared/schema/survey*.ts). */
const SURVEY_CODES = [
  'required', 'invalid', 'tooLong', 'tooMany', 'date.invalid', 'id.invalid',
  'money.negative', 'money.tooLarge', 'money.cents',
  'members.min1', 'members.duplicateId', 'members.duplicateIdNumber', 'investigators.min2',
  'authorisation.notSigned', 'authorisation.evidenceRequired', 'pledge.notSigned', 'pledge.evidenceRequired',
  'homeVisit.remoteOnlyInEmergency', 'applicant.notMember', 'applicant.notCoResident', 'applicant.relationNotSelf',
  'supporters.required', 'emergency.required', 'notCountedReason.unexpected', 'id.sexMismatch', 'id.birthDateMismatch',
  'attachment.empty', 'attachment.tooLarge', 'incomes.unassigned', 'sha256.invalid',
  'id.length', 'id.digits', 'id.lastChar', 'id.birthDate', 'id.futureBirthDate', 'id.checkChar', 'id.oldFormat',
];

describe('the survey namespace', () => {
  beforeAll(() => loadLanguage('en'));

  it('has the same keys in both languages, none empty', () => {
    expect(keys(surveyEn).sort()).toEqual(keys(surveyZhCN).sort());
    for (const lang of [surveyZhCN, surveyEn]) for (const k of keys(lang)) expect(k.split('.').reduce<any>((o, p) => o[p], lang), k).not.toBe('');
  });

  it('translates every survey schema message code, each to its own text, in both languages', () => {
    for (const lng of ['zh-CN', 'en'] as const) {
      const i18n = createI18n(lng);
      addSurveyTexts(i18n);
      const t = i18n.getFixedT(lng, 'survey');
      const tApp = i18n.getFixedT(lng);
      const unknown = surveyMessage(t, tApp, 'no.such.code');
      const texts = SURVEY_CODES.map((c) => surveyMessage(t, tApp, c));
      // 'invalid' is itself the fallback for an unknown code; every other code has its own text.
      for (const [i, m] of texts.entries()) if (SURVEY_CODES[i] !== 'invalid') expect(m, `${lng} ${SURVEY_CODES[i]}`).not.toBe(unknown);
      expect(new Set(texts).size, lng).toBe(SURVEY_CODES.length);
    }
  });

  it('labels schema paths without their row indices, Chinese by default', () => {
    const i18n = createI18n();
    addSurveyTexts(i18n);
    const t = i18n.getFixedT('zh-CN', 'survey');
    expect(pathLabel(t, 'members.2.incomes.0.kind')).toBe('收入类型');
    expect(pathLabel(t, 'registeredResidence')).toBe('户籍地');
    expect(pathLabel(t, 'homeVisit.investigators.1.name')).toBe('姓名');
    expect(pathLabel(i18n.getFixedT('en', 'survey'), 'assets.financialAssets')).toBe('Deposits and other financial assets, total (yuan)');
  });
});

describe('the photo step and the completing rule say one thing (issue 13 item 5)', () => {
  it('names the signed authorisation and pledge as needed to complete, and never says photos do not matter', () => {
    expect(surveyZhCN.photos.intro).toContain('完成调查前须有已签署的授权核对书的照片，以及承诺书的照片或申请人的手写签名');
    expect(surveyZhCN.photos.intro).not.toContain('不影响');
    expect(surveyEn.photos.intro).toContain('a photo of the pledge or the applicant’s signature on the screen');
  });
});
