import { useCasesText } from './useCasesText';

/** 我的案件 in a worker's header (the page itself loads on first use). */
export function CasesNavLink({ href, current }: { href: string; current: boolean }) {
  const { t } = useCasesText();
  return (
    <a className="header-link" href={href} aria-current={current ? 'page' : undefined}>
      {t('nav')}
    </a>
  );
}
