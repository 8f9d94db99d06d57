import { useTranslation } from 'react-i18next';
import { countyCasesNavEn, countyCasesNavZhCN } from '../../i18n/county-cases.nav';

/** 审核确认, in the header of a supervisor's or administrator's workspace (the pages load on first use). */
export function CountyCasesNavLink({ href, current }: { href: string; current: boolean }) {
  const { i18n } = useTranslation();
  if (!i18n.hasResourceBundle('zh-CN', 'countyCasesNav')) {
    i18n.addResourceBundle('zh-CN', 'countyCasesNav', countyCasesNavZhCN);
    i18n.addResourceBundle('en', 'countyCasesNav', countyCasesNavEn);
  }
  const { t } = useTranslation('countyCasesNav');
  return (
    <a className="header-link" href={href} aria-current={current ? 'page' : undefined}>
      {t('nav')}
    </a>
  );
}
