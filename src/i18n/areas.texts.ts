import { useTranslation } from 'react-i18next';
import { areasEn } from './areas.en';
import { areasZhCN } from './areas.zh-CN';

/** useTranslation('areas'), the namespace added on first use (it ships with the admin page's chunk). */
export function useAreasText() {
  const { i18n: instance } = useTranslation();
  if (!instance.hasResourceBundle('zh-CN', 'areas')) {
    instance.addResourceBundle('zh-CN', 'areas', areasZhCN);
    instance.addResourceBundle('en', 'areas', areasEn);
  }
  return useTranslation('areas');
}
