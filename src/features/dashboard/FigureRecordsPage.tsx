import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { paths } from '../../app/useHashRoute';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-context';
import { useDashboardText } from '../../i18n/dashboard.texts';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import type { DashboardFigureRecordsResponse } from '../../shared/protocol/dashboard';
import { formatDateTime } from '../../shared/rules/china-time';
import { formatDay, formatNumber } from './formats';

/**
 * The households behind a day's or a site's figure on the dashboard (SPEC D8): each relocated household
 * the figure counts, as the server counted it (GET /api/dashboard/records, scoped and audited), with its
 * head, township, people and whether it is still relocated then.
 */
export function FigureRecordsPage({ eventId, at: given, siteId, day }: { eventId: string; at?: string; siteId?: string; day?: string }) {
  const { t, i18n } = useDashboardText();
  const { t: tApp } = useTranslation();
  const session = useSession();
  const id = useId();
  const lang = i18n.language;
  const { now } = useServices();
  // Without a time in the link: now, to the minute (as the dashboard starts).
  const [at] = useState(() => given ?? new Date(Math.floor(now().getTime() / 60_000) * 60_000).toISOString());
  const [data, setData] = useState<DashboardFigureRecordsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    session.county.dashboardRecords(eventId, at, siteId).then(
      (d) => !stale && setData(d),
      (e: unknown) => {
        const { code, details } = errorCodeOf(e);
        if (!stale) setError(t('failed', { reason: errorMessage(tApp, code, details) }));
      },
    );
    return () => {
      stale = true;
    };
  }, [session, eventId, at, siteId, t, tApp]);

  const what = siteId ? t('records.atSite', { site: data?.siteName ?? siteId }) : day ? t('records.onDay', { day: formatDay(day, lang) }) : t('records.all');
  const title = t('records.figureTitle', { what, at: formatDateTime(at) });
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
      {!data && !error && <p>{tApp('app.loading')}</p>}
      {data && data.records.length === 0 && <p>{t('records.noneHere')}</p>}
      {data?.truncated && <p className="warning">{t('records.truncated', { count: data.records.length })}</p>}
      {data && data.records.length > 0 && (
        <div className="table-scroll">
          <table className="dashboard-table">
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('records.head')}</th>
                <th scope="col">{t('township')}</th>
                <th scope="col">{t('records.people')}</th>
                <th scope="col">{t('records.village')}</th>
                <th scope="col">{t('records.placement')}</th>
                <th scope="col">{t('records.state')}</th>
              </tr>
            </thead>
            <tbody>
              {data.records.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.head || r.id}</th>
                  <td data-label={t('township')}>{data.townshipNames[r.township] ?? r.township}</td>
                  <td data-label={t('records.people')}>{formatNumber(r.people, lang)}</td>
                  <td data-label={t('records.village')}>{r.village || '—'}</td>
                  <td data-label={t('records.placement')}>{r.placement === 'centralised' ? t('records.centralised') : t('records.dispersed')}</td>
                  <td data-label={t('records.state')}>{r.current ? t('records.current') : t('records.left')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
