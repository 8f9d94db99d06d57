import type { i18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import { conflictsEn } from './conflicts.en';
import { conflictsZhCN } from './conflicts.zh-CN';

/** Adds the `conflicts` namespace once (it ships in the page's chunk, not the initial JS). */
function addConflictsTexts(instance: i18n): void {
  if (instance.hasResourceBundle('zh-CN', 'conflicts')) return;
  instance.addResourceBundle('zh-CN', 'conflicts', conflictsZhCN);
  instance.addResourceBundle('en', 'conflicts', conflictsEn);
}

/** useTranslation('conflicts'), with the namespace added on first use. */
export function useConflictsText() {
  const { i18n: instance } = useTranslation();
  addConflictsTexts(instance);
  return useTranslation('conflicts');
}
