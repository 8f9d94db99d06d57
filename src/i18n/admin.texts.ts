import type { i18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import { adminEn } from './admin.en';
import { adminZhCN } from './admin.zh-CN';

/** Adds the `admin` namespace to an i18n instance once (it ships in the page's chunk, not the initial JS). */
export function addAdminTexts(instance: i18n): void {
  if (instance.hasResourceBundle('zh-CN', 'admin')) return;
  instance.addResourceBundle('zh-CN', 'admin', adminZhCN);
  instance.addResourceBundle('en', 'admin', adminEn);
}

/** useTranslation('admin'), with the namespace added on first use. */
export function useAdminText() {
  const { i18n: instance } = useTranslation();
  addAdminTexts(instance);
  return useTranslation('admin');
}
