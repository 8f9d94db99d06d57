import type { i18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import { tabletHealthEn } from './tablet-health.en';
import { tabletHealthZhCN } from './tablet-health.zh-CN';

/** Adds the `tabletHealth` namespace once (it ships in the page's chunk, not the initial JS). */
export function addTabletHealthTexts(instance: i18n): void {
  if (instance.hasResourceBundle('zh-CN', 'tabletHealth')) return;
  instance.addResourceBundle('zh-CN', 'tabletHealth', tabletHealthZhCN);
  instance.addResourceBundle('en', 'tabletHealth', tabletHealthEn);
}

/** useTranslation('tabletHealth'), with the namespace added on first use. */
export function useTabletHealthText() {
  const { i18n: instance } = useTranslation();
  addTabletHealthTexts(instance);
  return useTranslation('tabletHealth');
}
