import { useTranslation } from 'react-i18next';
import { workCalendarNavEn, workCalendarNavZhCN } from '../../i18n/work-calendar.nav';

/**
 * 工作日历, in the header of an administrator's workspace. Only its own few words ship with the header
 * (work-calendar.nav.ts): the page and its `workCalendar` namespace load on first use (issue 18).
 */
export function WorkCalendarNavLink({ href, current }: { href: string; current: boolean }) {
  const { i18n } = useTranslation();
  if (!i18n.hasResourceBundle('zh-CN', 'workCalendarNav')) {
    i18n.addResourceBundle('zh-CN', 'workCalendarNav', workCalendarNavZhCN);
    i18n.addResourceBundle('en', 'workCalendarNav', workCalendarNavEn);
  }
  const { t } = useTranslation('workCalendarNav');
  return (
    <a className="header-link" href={href} aria-current={current ? 'page' : undefined}>
      {t('nav')}
    </a>
  );
}
