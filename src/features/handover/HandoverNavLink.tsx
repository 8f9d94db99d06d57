import { useTranslation } from 'react-i18next';
import { handoverNavEn, handoverNavZhCN } from '../../i18n/handover.nav';

/** 文件交接 in the header (issue 17); the page loads on first use. */
export function HandoverNavLink({ href, current }: { href: string; current: boolean }) {
  const { i18n } = useTranslation();
  if (!i18n.hasResourceBundle('zh-CN', 'handoverNav')) {
    i18n.addResourceBundle('zh-CN', 'handoverNav', handoverNavZhCN);
    i18n.addResourceBundle('en', 'handoverNav', handoverNavEn);
  }
  const { t } = useTranslation('handoverNav');
  return (
    <a className="header-link" href={href} aria-current={current ? 'page' : undefined}>
      {t('nav')}
    </a>
  );
}
