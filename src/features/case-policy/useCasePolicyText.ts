import { useTranslation } from 'react-i18next';
import { casePolicyEn } from '../../i18n/case-policy.en';
import { casePolicyZhCN } from '../../i18n/case-policy.zh-CN';

/** useTranslation('casePolicy'), the namespace added on first use (it ships in the page's chunk). */
export function useCasePolicyText() {
  const { i18n } = useTranslation();
  if (!i18n.hasResourceBundle('zh-CN', 'casePolicy')) {
    i18n.addResourceBundle('zh-CN', 'casePolicy', casePolicyZhCN);
    i18n.addResourceBundle('en', 'casePolicy', casePolicyEn);
  }
  return useTranslation('casePolicy');
}
