import { useTranslation } from 'react-i18next';
import { tabletHealthNavEn, tabletHealthNavZhCN } from '../../i18n/tablet-health.nav';

/** 平板同步状况, in the header of a supervisor's or administrator's workspace (the page loads on first use). */
export function TabletHealthNavLink({ href, current }: { href: string; current: boolean }) {
  const { i18n } = useTranslation();
  if (!i18n.hasResourceBundle('zh-CN', 'tabletHealthNav')) {
    i18n.addResourceBundle('zh-CN', 'tabletHealthNav', tabletHealthNavZhCN);
    i18n.addResourceBundle('en', 'tabletHealthNav', tabletHealthNavEn);
  }
  const { t } = useTranslation('tabletHealthNav');
  return (
    <a className="header-link" href={href} aria-current={current ? 'page' : undefined}>
      {t('nav')}
    </a>
  );
}
