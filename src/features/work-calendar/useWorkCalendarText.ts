import { useTranslation } from 'react-i18next';
import { workCalendarEn } from '../../i18n/work-calendar.en';
import { workCalendarZhCN } from '../../i18n/work-calendar.zh-CN';

/** useTranslation('workCalendar'), the namespace added on first use (it ships in the page's chunk). */
export function useWorkCalendarText() {
  const { i18n } = useTranslation();
  if (!i18n.hasResourceBundle('zh-CN', 'workCalendar')) {
    i18n.addResourceBundle('zh-CN', 'workCalendar', workCalendarZhCN);
    i18n.addResourceBundle('en', 'workCalendar', workCalendarEn);
  }
  return useTranslation('workCalendar');
}
