import { useTranslation } from 'react-i18next';

/** 基础数据, in the header of an administrator's workspace (the page itself loads on first use). */
export function ReferenceAdminNavLink({ href, current }: { href: string; current: boolean }) {
  const { t } = useTranslation('referenceAdminNav');
  return (
    <a className="header-link" href={href} aria-current={current ? 'page' : undefined}>
      {t('nav')}
    </a>
  );
}
