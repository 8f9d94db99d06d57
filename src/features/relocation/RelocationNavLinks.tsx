import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session-context';
import { paths, type Route } from '../../app/useHashRoute';

/**
 * The relocation and relief entries of the main menu: shelters and the relief ledger for everyone, the
 * county report for supervisors and administrators (the server refuses it to workers anyway).
 */
export function RelocationNavLinks({ route }: { route: Route['name'] }) {
  const { t } = useTranslation('relocationNav');
  const session = useSession();
  const current = (...names: Route['name'][]) => (names.includes(route) ? 'page' : undefined);
  return (
    <>
      <a href={paths.shelters} aria-current={current('shelters')}>
        {t('nav.shelters')}
      </a>
      <a href={paths.relief} aria-current={current('relief', 'relief-household')}>
        {t('nav.relief')}
      </a>
      {session.user.role !== 'worker' && (
        <a href={paths.countyReport} aria-current={current('county-report')}>
          {t('nav.countyReport')}
        </a>
      )}
    </>
  );
}
