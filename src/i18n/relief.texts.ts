import type { i18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import { reliefEn } from './relief.en';
import { reliefZhCN } from './relief.zh-CN';

/** Adds the `relief` namespace to an i18n instance once (it ships in the screens' chunk, not the initial JS). */
export function addReliefTexts(instance: i18n): void {
  if (instance.hasResourceBundle('zh-CN', 'relief')) return;
  instance.addResourceBundle('zh-CN', 'relief', reliefZhCN);
  instance.addResourceBundle('en', 'relief', reliefEn);
}

/** useTranslation('relief'), with the namespace added on first use. */
export function useReliefText() {
  const { i18n: instance } = useTranslation();
  addReliefTexts(instance);
  return useTranslation('relief');
}
