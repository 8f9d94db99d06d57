import { useTranslation } from 'react-i18next';
import { casesNavEn, casesNavZhCN } from '../../i18n/cases.nav';

/**
 * 我的案件 in a worker's header. Only its own few words ship with the header (cases.nav.ts): the page
 * and its `cases` namespace load on first use, keeping the initial JS small (issue 18).
 */
export function CasesNavLink({ href, current }: { href: string; current: boolean }) {
  const { i18n } = useTranslation();
  if (!i18n.hasResourceBundle('zh-CN', 'casesNav')) {
    i18n.addResourceBundle('zh-CN', 'casesNav', casesNavZhCN);
    i18n.addResourceBundle('en', 'casesNav', casesNavEn);
  }
  const { t } = useTranslation('casesNav');
  return (
    <a className="header-link" href={href} aria-current={current ? 'page' : undefined}>
      {t('nav')}
    </a>
  );
}
