import type { i18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import { dashboardEn } from './dashboard.en';
import { dashboardZhCN } from './dashboard.zh-CN';

/** Adds the `dashboard` namespace once (it ships in the page's chunk, not the initial JS). */
export function addDashboardTexts(instance: i18n): void {
  if (instance.hasResourceBundle('zh-CN', 'dashboard')) return;
  instance.addResourceBundle('zh-CN', 'dashboard', dashboardZhCN);
  instance.addResourceBundle('en', 'dashboard', dashboardEn);
}

/** useTranslation('dashboard'), with the namespace added on first use. */
export function useDashboardText() {
  const { i18n: instance } = useTranslation();
  addDashboardTexts(instance);
  return useTranslation('dashboard');
}
