import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session-context';
import { conflictsNavEn, conflictsNavZhCN } from '../../i18n/conflicts.nav';

/** 数据冲突（N）in the header: the number of open conflicts on this tablet; the page loads on first use. */
export function ConflictsNavLink({ href, current }: { href: string; current: boolean }) {
  const session = useSession();
  const { i18n } = useTranslation();
  if (!i18n.hasResourceBundle('zh-CN', 'conflictsNav')) {
    i18n.addResourceBundle('zh-CN', 'conflictsNav', conflictsNavZhCN);
    i18n.addResourceBundle('en', 'conflictsNav', conflictsNavEn);
  }
  const { t } = useTranslation('conflictsNav');
  const [count, setCount] = useState(0);

  useEffect(() => {
    const api = session.conflicts;
    let alive = true;
    // Only the latest count may show: an earlier one ending later would show a closed conflict again.
    let latest = 0;
    const refresh = () => {
      const k = ++latest;
      api.openCount().then(
        (n) => alive && k === latest && setCount(n),
        () => undefined, // the count is a hint; the page shows load errors
      );
    };
    refresh();
    const off = session.onChange(refresh);
    return () => {
      alive = false;
      off();
    };
  }, [session]);

  return (
    <a className="header-link" href={href} aria-current={current ? 'page' : undefined} aria-label={count > 0 ? t('countLabel', { count }) : undefined}>
      {count > 0 ? t('count', { count }) : t('nav')}
    </a>
  );
}
