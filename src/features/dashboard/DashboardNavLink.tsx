import { useTranslation } from 'react-i18next';
import { dashboardNavEn, dashboardNavZhCN } from '../../i18n/dashboard.nav';

/** 灾情统计看板, in the header of a supervisor's or administrator's workspace (the page loads on first use). */
export function DashboardNavLink({ href, current }: { href: string; current: boolean }) {
  const { i18n } = useTranslation();
  if (!i18n.hasResourceBundle('zh-CN', 'dashboardNav')) {
    i18n.addResourceBundle('zh-CN', 'dashboardNav', dashboardNavZhCN);
    i18n.addResourceBundle('en', 'dashboardNav', dashboardNavEn);
  }
  const { t } = useTranslation('dashboardNav');
  return (
    <a className="header-link" href={href} aria-current={current ? 'page' : undefined}>
      {t('nav')}
    </a>
  );
}
