import type { i18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import { countyCasesEn } from './county-cases.en';
import { countyCasesZhCN } from './county-cases.zh-CN';

/** Adds the `countyCases` namespace once (it ships in the pages' chunk, not the initial JS). */
export function addCountyCasesTexts(instance: i18n): void {
  if (instance.hasResourceBundle('zh-CN', 'countyCases')) return;
  instance.addResourceBundle('zh-CN', 'countyCases', countyCasesZhCN);
  instance.addResourceBundle('en', 'countyCases', countyCasesEn);
}

/** useTranslation('countyCases'), with the namespace added on first use. */
export function useCountyCasesText() {
  const { i18n: instance } = useTranslation();
  addCountyCasesTexts(instance);
  return useTranslation('countyCases');
}
