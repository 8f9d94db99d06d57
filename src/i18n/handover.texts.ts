import { useTranslation } from 'react-i18next';
import { handoverEn } from './handover.en';
import { handoverZhCN } from './handover.zh-CN';

/** useTranslation('handover'), with the namespace added on first use (it ships in the page's chunk). */
export function useHandoverText() {
  const { i18n } = useTranslation();
  if (!i18n.hasResourceBundle('zh-CN', 'handover')) {
    i18n.addResourceBundle('zh-CN', 'handover', handoverZhCN);
    i18n.addResourceBundle('en', 'handover', handoverEn);
  }
  return useTranslation('handover');
}
