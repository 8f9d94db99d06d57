import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { paths } from '../../app/useHashRoute';
import { useDashboardText } from '../../i18n/dashboard.texts';

/**
 * The frame of a page of the records behind dashboard figures (a figure's, a township's): its title as
 * the section's name, the way back to the dashboard, the failure as an alert, and "loading" until the
 * records or the failure arrive.
 */
export function RecordsPageFrame({ title, error, loading, children }: { title: string; error: string | null; loading: boolean; children: ReactNode }) {
  const { t } = useDashboardText();
  const { t: tApp } = useTranslation();
  const id = useId();
  return (
    <section className="dashboard" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p>
        <a href={paths.dashboard}>{t('records.back')}</a>
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {loading && !error && <p>{tApp('app.loading')}</p>}
      {children}
    </section>
  );
}
