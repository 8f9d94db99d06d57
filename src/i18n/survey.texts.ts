import type { i18n } from 'i18next';
import { eligibilityEn } from './eligibility.en';
import { eligibilityZhCN } from './eligibility.zh-CN';
import { surveyEn } from './survey.en';
import { surveyZhCN } from './survey.zh-CN';

/**
 * Adds the `survey` namespace, and `eligibility` (the pre-assessment's sentences), to an i18n instance
 * once (they ship in the screens' chunk, not the initial JS).
 */
export function addSurveyTexts(instance: i18n): void {
  if (instance.hasResourceBundle('zh-CN', 'survey')) return;
  instance.addResourceBundle('zh-CN', 'survey', surveyZhCN);
  instance.addResourceBundle('en', 'survey', surveyEn);
  instance.addResourceBundle('zh-CN', 'eligibility', eligibilityZhCN);
  instance.addResourceBundle('en', 'eligibility', eligibilityEn);
}
