import { useTranslation } from 'react-i18next';
import { referenceAdminEn } from '../../i18n/reference-admin.en';
import { referenceAdminZhCN } from '../../i18n/reference-admin.zh-CN';
import { addReliefTexts } from '../../i18n/relief.texts';
import { addSurveyTexts } from '../../i18n/survey.texts';

/**
 * useTranslation('referenceAdmin'), with the namespace added on first use: it ships in the page's
 * chunk, not the initial JS. The relief texts come too (item kinds are named as on the ledger), and
 * the survey texts (income kinds are named as in the survey).
 */
export function useReferenceAdminText() {
  const { i18n } = useTranslation();
  if (!i18n.hasResourceBundle('zh-CN', 'referenceAdmin')) {
    i18n.addResourceBundle('zh-CN', 'referenceAdmin', referenceAdminZhCN);
    i18n.addResourceBundle('en', 'referenceAdmin', referenceAdminEn);
  }
  addReliefTexts(i18n);
  addSurveyTexts(i18n);
  return useTranslation('referenceAdmin');
}
