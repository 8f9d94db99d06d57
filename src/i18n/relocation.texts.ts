import type { i18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import { relocationEn } from './relocation.en';
import { relocationZhCN } from './relocation.zh-CN';

/** Adds the `relocation` namespace to an i18n instance once (it ships in the screens' chunk, not the initial JS). */
export function addRelocationTexts(instance: i18n): void {
  if (instance.hasResourceBundle('zh-CN', 'relocation')) return;
  instance.addResourceBundle('zh-CN', 'relocation', relocationZhCN);
  instance.addResourceBundle('en', 'relocation', relocationEn);
}

/** useTranslation('relocation'), with the namespace added on first use. */
export function useRelocationText() {
  const { i18n: instance } = useTranslation();
  addRelocationTexts(instance);
  return useTranslation('relocation');
}
