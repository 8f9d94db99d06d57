import { useTranslation } from 'react-i18next';
import { casesEn } from '../../i18n/cases.en';
import { casesZhCN } from '../../i18n/cases.zh-CN';

/** useTranslation('cases'), the namespace added on first use (it ships with the header link and page). */
export function useCasesText() {
  const { i18n } = useTranslation();
  if (!i18n.hasResourceBundle('zh-CN', 'cases')) {
    i18n.addResourceBundle('zh-CN', 'cases', casesZhCN);
    i18n.addResourceBundle('en', 'cases', casesEn);
  }
  return useTranslation('cases');
}
