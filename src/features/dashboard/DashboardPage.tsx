import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { paths } from '../../app/useHashRoute';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-context';
import { useDashboardText } from '../../i18n/dashboard.texts';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import { formatDateTime } from '../../shared/rules/china-time';
import { EventTimeFields } from '../county-report/EventTimeFields';
import { sortEvents, useReferenceData } from '../relocation/useReferenceData';
import { dayTotals, townshipRows } from './figures';
import { ReliefSection } from './ReliefSection';
import { SeriesSection } from './SeriesSection';
import { SitesSection } from './SitesSection';
import { TownshipSection } from './TownshipSection';
import { useDashboard } from './useDashboard';
import './dashboard.css';

/**
 * The event dashboard (issue 16; supervisors and administrators, online): for the chosen event and time,
 * relocated people by day, by township (with households not reached and open flags) and the open sites'
 * load, from GET /api/dashboard/overview. Each chart has its table; every township figure links to the
 * records behind it.
 */
export function DashboardPage({ eventId: initialEvent }: { eventId?: string }) {
  const { t } = useDashboardText();
  const { t: tApp } = useTranslation();
  const session = useSession();
  const { now } = useServices();
  const id = useId();
  const ref = useReferenceData(session);
  const [eventId, setEventId] = useState<string | null>(initialEvent ?? null);
  const [at, setAt] = useState(() => new Date(Math.floor(now().getTime() / 60_000) * 60_000).toISOString());
  const [from, setFrom] = useState('');
  const [reload, setReload] = useState(0);
  const online = session.online();
  const events = ref ? sortEvents(ref.events) : [];
  const chosen = eventId ?? events[0]?.id ?? '';
  const state = useDashboard(session.county, online ? chosen : '', at, from, reload);
  const data = state.status === 'ready' ? state.data : null;
  const startDate = events.find((e) => e.id === chosen)?.startDate;
  const days = useMemo(() => (data ? dayTotals(data, from || startDate) : []), [data, from, startDate]);
  const rows = useMemo(() => (data ? townshipRows(data) : []), [data]);

  const header = (
    <>
      <h2 id={`${id}-title`}>{t('title')}</h2>
      <p>
        <a href={paths.tabletHealth}>{t('tabletHealth')}</a>
      </p>
    </>
  );
  if (!online) {
    return (
      <section aria-labelledby={`${id}-title`}>
        {header}
        <p className="warning">{t('needOnline')}</p>
      </section>
    );
  }
  if (!ref) return <p>{tApp('app.loading')}</p>;
  let failure: string | null = null;
  if (state.status === 'failed') {
    const { code, details } = errorCodeOf(state.error);
    failure = t('failed', { reason: errorMessage(tApp, code, details) });
  }

  return (
    <section className="dashboard" aria-labelledby={`${id}-title`}>
      {header}
      <form
        className="report-query"
        onSubmit={(e) => {
          e.preventDefault();
          setReload((n) => n + 1);
        }}
      >
        <EventTimeFields
          idPrefix={id}
          events={events}
          eventId={chosen}
          onEvent={setEventId}
          at={at}
          onAt={setAt}
          labels={{ event: t('event'), at: t('at'), from: t('from'), fromHint: t('fromHint', { day: startDate ?? '—' }) }}
          from={{ value: from, onChange: setFrom }}
        />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!chosen || state.status === 'loading'}>
            {state.status === 'loading' ? t('loading') : t('show')}
          </button>
        </div>
      </form>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      {data && (
        <>
          <p className="field-hint">{t('generatedAt', { at: formatDateTime(data.report.at), time: formatDateTime(data.generatedAt) })}</p>
          <SeriesSection days={days} eventId={chosen} reportAt={data.report.at} />
          <TownshipSection rows={rows} eventId={chosen} reportAt={data.report.at} />
          <ReliefSection data={data} eventId={chosen} />
          <SitesSection sites={data.sites} townshipNames={data.townshipNames} eventId={chosen} reportAt={data.report.at} />
        </>
      )}
    </section>
  );
}
