import { useWorkCalendarText } from './useWorkCalendarText';

/** 工作日历, in the header of an administrator's workspace (the page itself loads on first use). */
export function WorkCalendarNavLink({ href, current }: { href: string; current: boolean }) {
  const { t } = useWorkCalendarText();
  return (
    <a className="header-link" href={href} aria-current={current ? 'page' : undefined}>
      {t('nav')}
    </a>
  );
}
