import { useTranslation } from 'react-i18next';
import { paths } from '../../app/useHashRoute';
import './admin-nav.css';

/** 系统管理, in the header of an administrator's workspace. */
export function AdminNavLink({ current }: { current: boolean }) {
  const { t } = useTranslation('adminNav');
  return (
    <a className="header-link" href={paths.admin} aria-current={current ? 'page' : undefined}>
      {t('nav')}
    </a>
  );
}
